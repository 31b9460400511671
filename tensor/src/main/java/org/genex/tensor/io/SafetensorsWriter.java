package org.genex.tensor.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.genex.tensor.Tensor;

/**
 * Writes safetensors files exactly as the reference writer ({@code safetensors.serialize_file}) does, atomically.
 *
 * <pre>{@code
 * new SafetensorsWriter()
 *         .putMetadata("format", "pt")
 *         .put("layer0.weight", weight)                     // F32
 *         .put("embed", embedding, DType.BF16)              // rounded to nearest even
 *         .putLongs("token_ids", new long[] {1, 2, 3})      // I64
 *         .write(Path.of("model.safetensors"));
 * }</pre>
 *
 * <p><b>Layout.</b> Tensors are ordered by dtype, descending in the reference's {@link DType} order (8-byte types
 * first), then by name (in UTF-8 byte order); each tensor's bytes follow the previous one's. The header is compact
 * JSON: {@code __metadata__} first if any metadata was given (its keys in insertion order), then each tensor as
 * {@code {"dtype":..,"shape":[..],"data_offsets":[BEGIN,END]}}, strings escaped as serde_json does; it is padded
 * with spaces to a multiple of 8 bytes, so every tensor starts 8-byte aligned in the file. With the metadata in the
 * same order, the bytes are those of the reference writer.
 *
 * <p><b>Atomicity.</b> {@link #write(Path)} writes a temporary file in the target's directory, forces it to disk,
 * then renames it over the target ({@code ATOMIC_MOVE}, falling back to a plain replacing move where the file
 * system cannot move atomically) and forces the directory where the platform allows. A crash leaves either the old
 * file or the new one, never a partial file (at worst a stray {@code .NAME.*.tmp} beside it).
 *
 * <p><b>Data is captured by reference</b> where possible (tensors, raw buffers, entries of an open file) and read
 * when {@link #write(Path)} runs: do not change it in between. The arrays of {@link #putLongs}, {@link #putInts} and
 * {@link #putBooleans} are encoded (copied) at once. Not thread-safe.
 */
public final class SafetensorsWriter {
    private static final int BUFFER = 1 << 16;

    private final Map<String, String> metadata = new LinkedHashMap<>();
    private boolean hasMetadata;
    private final Map<String, Item> items = new LinkedHashMap<>();

    /** Where a tensor's bytes come from at write time. */
    private sealed interface Source permits FloatSource, BytesSource, EntrySource {}

    /** float32 values to encode as F32, F64, F16 or BF16. */
    private record FloatSource(float[] array, int offset) implements Source {}

    /** Bytes written as they are. */
    private record BytesSource(ByteBuffer bytes) implements Source {}

    /** The bytes of a tensor of an open file. */
    private record EntrySource(SafetensorsFile.Entry entry) implements Source {}

    private record Item(String name, DType dtype, long[] shape, long byteSize, Source source) {}

    /** An empty writer. */
    public SafetensorsWriter() {}

    /**
     * Writes float32 tensors as F32, with optional metadata (in its iteration order; {@code null} for none):
     * a shortcut for a writer with these entries.
     */
    public static void write(Path target, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        SafetensorsWriter w = new SafetensorsWriter();
        if (metadata != null) w.putMetadata(metadata);
        tensors.forEach(w::put);
        w.write(target);
    }

    /**
     * A writer holding everything of an open file: its metadata (if the file has a {@code __metadata__} block, in
     * the file's order) and all its tensors, whose bytes are copied unchanged at write time. Add, or write as is:
     * writing an unmodified copy reproduces a file written by the reference writer byte for byte.
     */
    public static SafetensorsWriter from(SafetensorsFile file) {
        SafetensorsWriter w = new SafetensorsWriter();
        if (file.hasMetadata()) w.putMetadata(file.metadata());
        for (SafetensorsFile.Entry e : file.entries()) w.put(e);
        return w;
    }

    // ------------------------------------------------------------------------------------------------ content

    /** Adds a {@code __metadata__} entry (the block is written once any entry, or an empty map, was given). */
    public SafetensorsWriter putMetadata(String key, String value) {
        checkString(key, "metadata key");
        checkString(value, "metadata value of " + JsonReader.quote(key));
        if (metadata.containsKey(key))
            throw new IllegalArgumentException("metadata key " + JsonReader.quote(key) + " given twice");
        metadata.put(key, value);
        hasMetadata = true;
        return this;
    }

    /** Adds all entries of {@code map} in its iteration order; an empty map writes an empty {@code __metadata__}. */
    public SafetensorsWriter putMetadata(Map<String, String> map) {
        map.forEach(this::putMetadata);
        hasMetadata = true;
        return this;
    }

    /** Adds a float32 tensor, written as F32. */
    public SafetensorsWriter put(String name, Tensor tensor) { return put(name, tensor, DType.F32); }

    /**
     * Adds a float32 tensor, written as {@code dtype}: {@link DType#F32}, {@link DType#F64} (exact),
     * {@link DType#F16} or {@link DType#BF16} (rounded to nearest, ties to even; see {@link HalfFloats}).
     */
    public SafetensorsWriter put(String name, Tensor tensor, DType dtype) {
        if (dtype != DType.F32 && dtype != DType.F64 && dtype != DType.F16 && dtype != DType.BF16)
            throw new IllegalArgumentException("tensor " + JsonReader.quote(name) + ": float32 tensors can be"
                    + " written as F32, F64, F16 or BF16, not " + dtype + " (use putRaw for other dtypes)");
        int[] dims = tensor.shape().dims();
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) shape[i] = dims[i];
        FloatSource source = tensor.device().isCpu() ? new FloatSource(tensor.array(), tensor.offset())
                : new FloatSource(tensor.toArray(), 0);
        return add(name, dtype, shape, tensor.size(), source);
    }

    /** Adds a 1-D I64 tensor of a copy of {@code values}. */
    public SafetensorsWriter putLongs(String name, long[] values) {
        return putLongs(name, values, new long[] {values.length});
    }

    /** Adds an I64 tensor of the given shape holding a copy of {@code values} (row-major). */
    public SafetensorsWriter putLongs(String name, long[] values, long[] shape) {
        ByteBuffer b = allocate(8L * values.length);
        b.asLongBuffer().put(values);
        return add(name, DType.I64, shape.clone(), values.length, new BytesSource(b));
    }

    /** Adds a 1-D I32 tensor of a copy of {@code values}. */
    public SafetensorsWriter putInts(String name, int[] values) {
        return putInts(name, values, new long[] {values.length});
    }

    /** Adds an I32 tensor of the given shape holding a copy of {@code values} (row-major). */
    public SafetensorsWriter putInts(String name, int[] values, long[] shape) {
        ByteBuffer b = allocate(4L * values.length);
        b.asIntBuffer().put(values);
        return add(name, DType.I32, shape.clone(), values.length, new BytesSource(b));
    }

    /** Adds a 1-D BOOL tensor of a copy of {@code values}. */
    public SafetensorsWriter putBooleans(String name, boolean[] values) {
        return putBooleans(name, values, new long[] {values.length});
    }

    /** Adds a BOOL tensor of the given shape holding a copy of {@code values} (row-major; one byte each). */
    public SafetensorsWriter putBooleans(String name, boolean[] values, long[] shape) {
        ByteBuffer b = allocate(values.length);
        for (int i = 0; i < values.length; i++) b.put(i, values[i] ? (byte) 1 : (byte) 0);
        return add(name, DType.BOOL, shape.clone(), values.length, new BytesSource(b));
    }

    /**
     * Adds a tensor of any dtype from its encoded bytes, little-endian and row-major: the {@code remaining()}
     * bytes of {@code data} (not copied; its position and limit are not changed), which must be exactly the
     * size of {@code shape} in {@code dtype}.
     */
    public SafetensorsWriter putRaw(String name, DType dtype, long[] shape, ByteBuffer data) {
        long elements = elementCount(name, shape);
        long bytes = byteSize(name, dtype, shape, elements);
        if (data.remaining() != bytes)
            throw new IllegalArgumentException("tensor " + JsonReader.quote(name) + ": shape "
                    + Arrays.toString(shape) + " of " + dtype + " needs " + bytes + " bytes, the buffer has "
                    + data.remaining());
        return add(name, dtype, shape.clone(), elements, new BytesSource(data.slice().asReadOnlyBuffer()));
    }

    /** As {@link #putRaw(String, DType, long[], ByteBuffer)} with all of {@code data} (not copied). */
    public SafetensorsWriter putRaw(String name, DType dtype, long[] shape, byte[] data) {
        return putRaw(name, dtype, shape, ByteBuffer.wrap(data));
    }

    /** Adds a tensor of an open file under its own name, copying its bytes unchanged at write time. */
    public SafetensorsWriter put(SafetensorsFile.Entry entry) { return put(entry.name(), entry); }

    /** Adds a tensor of an open file under {@code name}, copying its bytes unchanged at write time. */
    public SafetensorsWriter put(String name, SafetensorsFile.Entry entry) {
        return add(name, entry.dtype(), entry.shape(), entry.elementCount(), new EntrySource(entry));
    }

    /** The names added so far, in the order they were added. */
    public List<String> names() { return List.copyOf(items.keySet()); }

    // ------------------------------------------------------------------------------------------------ output

    /**
     * The first {@code 8 + N} bytes of the file: the header length {@code N} (little-endian) and the padded JSON
     * header.
     *
     * @throws IllegalArgumentException if the header would exceed {@value SafetensorsFile#MAX_HEADER_LENGTH}
     *         bytes, which readers refuse
     */
    public byte[] header() { return header(sorted()); }

    /** The size of the file {@link #write(Path)} writes. */
    public long fileSize() {
        long n = header().length;
        for (Item it : items.values()) n += it.byteSize();
        return n;
    }

    /** Writes the file atomically (see the class comment), replacing {@code target} if it exists. */
    public void write(Path target) throws IOException {
        List<Item> order = sorted();
        byte[] head = header(order);
        long expected = head.length;
        for (Item it : order) expected += it.byteSize();

        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = null;
        boolean moved = false;
        try {
            FileChannel ch = null;
            for (int attempt = 0; ch == null; attempt++) {
                tmp = dir.resolve("." + absolute.getFileName() + "."
                        + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
                try {
                    ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    tmp = null;
                    if (attempt >= 100) throw e;
                }
            }
            try (FileChannel out = ch) {
                writeFully(out, ByteBuffer.wrap(head));
                ByteBuffer buffer = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
                for (Item it : order) writeData(out, it, buffer);
                if (out.position() != expected)
                    throw new IOException(tmp + ": wrote " + out.position() + " bytes, expected " + expected
                            + " (was a buffer given to putRaw changed before write?)");
                out.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            forceDirectory(dir);
        } finally {
            if (!moved && tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error matters more than the leftover temporary file
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ internals

    private SafetensorsWriter add(String name, DType dtype, long[] shape, long elements, Source source) {
        checkString(name, "tensor name");
        if (name.equals(Header.METADATA_KEY))
            throw new IllegalArgumentException("a tensor cannot be named " + Header.METADATA_KEY);
        if (items.containsKey(name))
            throw new IllegalArgumentException("tensor " + JsonReader.quote(name) + " added twice");
        long count = elementCount(name, shape);
        if (count != elements)
            throw new IllegalArgumentException("tensor " + JsonReader.quote(name) + ": shape "
                    + Arrays.toString(shape) + " has " + count + " elements, the data has " + elements);
        items.put(name, new Item(name, dtype, shape, byteSize(name, dtype, shape, count), source));
        return this;
    }

    private static long elementCount(String name, long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0)
                throw new IllegalArgumentException("tensor " + JsonReader.quote(name) + ": negative dimension in"
                        + " shape " + Arrays.toString(shape));
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("tensor " + JsonReader.quote(name) + ": the element count of"
                        + " shape " + Arrays.toString(shape) + " overflows a 64-bit integer");
            }
        }
        return n;
    }

    private static long byteSize(String name, DType dtype, long[] shape, long elements) {
        try {
            return dtype.byteSize(elements);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("tensor " + JsonReader.quote(name) + ": shape "
                    + Arrays.toString(shape) + " of " + dtype + ": " + e.getMessage());
        }
    }

    private static ByteBuffer allocate(long bytes) {
        if (bytes > Integer.MAX_VALUE) throw new IllegalArgumentException(bytes + " bytes do not fit a buffer");
        return ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The items in the reference writer's order: dtype descending, then name in UTF-8 byte order. */
    private List<Item> sorted() {
        List<Item> list = new ArrayList<>(items.values());
        list.sort(Comparator.comparing(Item::dtype, Comparator.reverseOrder())
                .thenComparing(Item::name, SafetensorsWriter::compareUtf8));
        return list;
    }

    /** Orders strings as their UTF-8 bytes (which is code point order, unlike {@link String#compareTo}). */
    static int compareUtf8(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private byte[] header(List<Item> order) {
        StringBuilder sb = new StringBuilder("{");
        if (hasMetadata) {
            sb.append('"').append(Header.METADATA_KEY).append("\":{");
            boolean first = true;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                appendString(sb, e.getKey());
                sb.append(':');
                appendString(sb, e.getValue());
            }
            sb.append('}');
            if (!order.isEmpty()) sb.append(',');
        }
        long offset = 0;
        for (int k = 0; k < order.size(); k++) {
            Item it = order.get(k);
            if (k > 0) sb.append(',');
            appendString(sb, it.name());
            sb.append(":{\"dtype\":\"").append(it.dtype().headerName()).append("\",\"shape\":[");
            for (int i = 0; i < it.shape().length; i++) {
                if (i > 0) sb.append(',');
                sb.append(it.shape()[i]);
            }
            sb.append("],\"data_offsets\":[").append(offset).append(',').append(offset + it.byteSize()).append("]}");
            offset += it.byteSize();
        }
        sb.append('}');
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        if (padded > SafetensorsFile.MAX_HEADER_LENGTH)
            throw new IllegalArgumentException("the header would be " + padded + " bytes, more than the "
                    + SafetensorsFile.MAX_HEADER_LENGTH + " that safetensors readers accept");
        byte[] out = new byte[8 + padded];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(0, padded);
        System.arraycopy(json, 0, out, 8, json.length);
        Arrays.fill(out, 8 + json.length, out.length, (byte) ' ');
        return out;
    }

    /** A JSON string as serde_json writes it: quote, backslash and control characters escaped, the rest as is. */
    private static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    /** Rejects null and strings with unpaired surrogates, which have no UTF-8 form. */
    private static void checkString(String s, String what) {
        if (s == null) throw new IllegalArgumentException(what + " is null");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " " + JsonReader.quote(s) + " has an unpaired surrogate"
                        + " at index " + i + ", which UTF-8 cannot encode");
            }
        }
    }

    private static void writeData(FileChannel out, Item it, ByteBuffer buffer) throws IOException {
        switch (it.source()) {
            case BytesSource b -> writeFully(out, b.bytes().duplicate());
            case EntrySource e -> {
                SafetensorsFile.Entry entry = e.entry();
                for (long done = 0; done < entry.byteSize(); ) {
                    int len = (int) Math.min(1 << 30, entry.byteSize() - done);
                    writeFully(out, entry.bytes(done, len));
                    done += len;
                }
            }
            case FloatSource f -> {
                int n = (int) (it.byteSize() * 8 / it.dtype().bits());
                int perBuffer = buffer.capacity() / (it.dtype().bits() / 8);
                for (int done = 0; done < n; ) {
                    int k = Math.min(perBuffer, n - done);
                    buffer.clear();
                    Codecs.fromFloats(it.dtype(), f.array(), f.offset() + done, k, buffer);
                    buffer.flip();
                    writeFully(out, buffer);
                    done += k;
                }
            }
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) out.write(b);
    }

    /** Makes the rename durable where directories can be forced (Linux, macOS); elsewhere it is a no-op. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; the rename itself is still atomic there.
        }
    }
}
