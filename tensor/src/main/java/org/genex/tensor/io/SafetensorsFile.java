package org.genex.tensor.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.genex.tensor.Tensor;

/**
 * A safetensors file opened for reading: the header is read and validated completely when the file is opened, then
 * the data is memory-mapped and each tensor can be viewed as raw bytes (no copy) or converted to a float32
 * {@link Tensor} or to Java arrays (a copy).
 *
 * <pre>{@code
 * try (SafetensorsFile f = SafetensorsFile.open(Path.of("model.safetensors"))) {
 *     Tensor w = f.tensor("layer0.weight");            // F32, F16, BF16, F64, integers, ... as float32
 *     long[] ids = f.entry("token_ids").toLongs();     // integer dtypes
 *     String format = f.metadata().get("format");
 * }
 * }</pre>
 *
 * <p><b>Validation.</b> {@link #open} checks, before allocating anything sized by the file: the 8-byte header length
 * {@code N} is at most {@value #MAX_HEADER_LENGTH} and fits in the file; the header is UTF-8 JSON starting with
 * {@code '{'} (white space may follow the object); {@code __metadata__}, if present, maps strings to strings; every
 * other key is a tensor with exactly the fields {@code dtype} (a known {@link DType}), {@code shape} and
 * {@code data_offsets} (non-negative integers); there are no duplicate keys; the element count and byte size of each
 * shape are computed with overflow checks and must equal {@code END - BEGIN}, and sub-byte tensors must fill whole
 * bytes; and the tensors, ordered by offsets, cover the data buffer exactly (the first begins at 0, each begins where
 * the previous ended, the last ends at the end of the file). Every violation is a {@link SafetensorsException} naming
 * the file, the tensor or field and what was expected. Shape dimensions above 2^63-1 (legal in the reference, which
 * uses unsigned sizes) are rejected.
 *
 * <p><b>Memory map.</b> Data buffers up to 2^31-1 bytes are mapped once at open; larger ones are mapped piecewise on
 * access (a {@link ByteBuffer} spans at most 2^31-1 bytes). The JDK unmaps a mapping when it is garbage collected,
 * not at {@link #close()}, so views handed out stay readable after {@code close()}; other methods then throw
 * {@link IllegalStateException}. If another process truncates the file while it is mapped, reading the lost part
 * crashes the JVM's access with an {@link InternalError}, as with any memory map.
 *
 * <p><b>Threads.</b> After {@link #open} the object is immutable; reading from several threads is safe.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** The largest header length accepted, as the reference reader: 100,000,000 bytes. */
    public static final long MAX_HEADER_LENGTH = 100_000_000L;

    private static final long DEFAULT_MAX_WHOLE_MAP = Integer.MAX_VALUE;
    private static final int DEFAULT_WINDOW = 1 << 30;
    /** Elements converted per step by {@link Entry#toInts()} and friends. */
    private static final int CHUNK = 4096;

    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final long headerLength;
    private final long dataStart;
    private final long dataLength;
    private final Map<String, String> metadata;
    private final boolean hasMetadata;
    private final List<Entry> entries;
    private final Map<String, Entry> byName;
    private final ByteBuffer whole;   // the mapped data buffer, or null where it is mapped piecewise
    private final int window;
    private volatile boolean closed;

    private SafetensorsFile(Path path, FileChannel channel, long maxWholeMap, int window) throws IOException {
        this.path = path;
        this.channel = channel;
        this.window = window;
        this.fileSize = channel.size();
        if (fileSize < 8)
            throw new SafetensorsException(path, "the file is " + fileSize
                    + " bytes long, shorter than the 8-byte header length that starts a safetensors file");
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(lengthBytes, 0);
        long n = lengthBytes.getLong(0);
        if (Long.compareUnsigned(n, MAX_HEADER_LENGTH) > 0)
            throw new SafetensorsException(path, "the header length is " + Long.toUnsignedString(n)
                    + " bytes, more than the " + MAX_HEADER_LENGTH + " allowed");
        if (n > fileSize - 8)
            throw new SafetensorsException(path, "the header length is " + n + " bytes, but the file has only "
                    + (fileSize - 8) + " bytes after the 8-byte length (is the file truncated?)");
        this.headerLength = n;
        this.dataStart = 8 + n;
        this.dataLength = fileSize - dataStart;

        ByteBuffer json = ByteBuffer.allocate((int) n);
        readFully(json, 8);
        Header header = Header.parse(path, json.array(), dataLength);
        this.metadata = header.metadata;
        this.hasMetadata = header.hasMetadata;
        List<Entry> list = new ArrayList<>(header.tensors.size());
        Map<String, Entry> map = new LinkedHashMap<>();
        for (Header.Info info : header.tensors) {
            Entry e = new Entry(info);
            list.add(e);
            map.put(info.name(), e);
        }
        this.entries = Collections.unmodifiableList(list);
        this.byName = Collections.unmodifiableMap(map);
        this.whole = dataLength <= maxWholeMap ? channel.map(FileChannel.MapMode.READ_ONLY, dataStart, dataLength)
                : null;
    }

    /**
     * Opens and validates a safetensors file (see the class comment).
     *
     * @throws SafetensorsException if the file breaks the format
     * @throws IOException if it cannot be read
     */
    public static SafetensorsFile open(Path path) throws IOException {
        return open(path, DEFAULT_MAX_WHOLE_MAP, DEFAULT_WINDOW);
    }

    /**
     * As {@link #open(Path)}, mapping the data at once only if it is at most {@code maxWholeMap} bytes and else
     * in pieces of at most {@code window} bytes (a positive multiple of 8): for tests of the piecewise path.
     */
    static SafetensorsFile open(Path path, long maxWholeMap, int window) throws IOException {
        if (window <= 0 || window % 8 != 0)
            throw new IllegalArgumentException("window must be a positive multiple of 8, got " + window);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new SafetensorsFile(path, channel, maxWholeMap, window);
        } catch (IOException | RuntimeException | Error e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The file. */
    public Path path() { return path; }

    /** The tensors, in the order of the header. */
    public List<Entry> entries() {
        ensureOpen();
        return entries;
    }

    /** The tensor names, in the order of the header. */
    public List<String> names() {
        ensureOpen();
        return List.copyOf(byName.keySet());
    }

    /** True if the file has a tensor of this name. */
    public boolean contains(String name) {
        ensureOpen();
        return byName.containsKey(name);
    }

    /**
     * The tensor of this name.
     *
     * @throws NoSuchElementException if there is none
     */
    public Entry entry(String name) {
        ensureOpen();
        Entry e = byName.get(name);
        if (e == null) {
            List<String> names = List.copyOf(byName.keySet());
            throw new NoSuchElementException(path + ": no tensor " + JsonReader.quote(name) + " (the file has "
                    + names.size() + ": " + (names.size() <= 20 ? names : names.subList(0, 20) + "...") + ")");
        }
        return e;
    }

    /** The tensor of this name as a float32 CPU tensor: {@code entry(name).toTensor()}. */
    public Tensor tensor(String name) { return entry(name).toTensor(); }

    /** The {@code __metadata__} map, in the order of the header; empty if there is none. Unmodifiable. */
    public Map<String, String> metadata() {
        ensureOpen();
        return metadata;
    }

    /** True if the header has a {@code __metadata__} key (possibly an empty map). */
    public boolean hasMetadata() { return hasMetadata; }

    /** The header length {@code N} from the first 8 bytes (the data buffer starts at byte {@code 8 + N}). */
    public long headerLength() { return headerLength; }

    /** The size of the file in bytes, as validated at open. */
    public long fileSize() { return fileSize; }

    /** Closes the file; views handed out before stay readable (see the class comment). */
    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + path + ", " + entries.size() + " tensors, " + fileSize + " bytes]";
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException(path + " is closed");
    }

    private void readFully(ByteBuffer dst, long position) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int r = channel.read(dst, at);
            if (r < 0)
                throw new SafetensorsException(path, "the file ended at byte " + at + " while reading bytes "
                        + position + ".." + (position + dst.capacity()) + " (was it truncated while being read?)");
            at += r;
        }
    }

    /** A little-endian read-only view of {@code length} bytes at {@code begin} of the data buffer. */
    private ByteBuffer view(long begin, int length) {
        ensureOpen();
        ByteBuffer b;
        if (whole != null) {
            b = whole.slice((int) begin, length);
        } else {
            try {
                b = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + begin, length);
            } catch (IOException e) {
                throw new UncheckedIOException(path + ": mapping bytes " + (dataStart + begin) + ".."
                        + (dataStart + begin + length) + " failed", e);
            }
        }
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * One tensor of the file: its name, dtype and shape, and its data as a view or converted. Conversions to
     * arrays and tensors need the element count to fit in a Java array.
     */
    public final class Entry {
        private final Header.Info info;

        private Entry(Header.Info info) { this.info = info; }

        public String name() { return info.name(); }

        public DType dtype() { return info.dtype(); }

        /** A copy of the shape ({@code []} for a scalar). */
        public long[] shape() { return info.shape().clone(); }

        public int rank() { return info.shape().length; }

        /** The number of elements (1 for a scalar, 0 if a dimension is 0). */
        public long elementCount() { return info.elements(); }

        /** The number of bytes of data. */
        public long byteSize() { return info.end() - info.begin(); }

        /** {@code [BEGIN, END]} from the header, relative to the data buffer (END exclusive). */
        public long[] dataOffsets() { return new long[] {info.begin(), info.end()}; }

        /** The file that holds this tensor. */
        public SafetensorsFile file() { return SafetensorsFile.this; }

        /**
         * The data as a read-only little-endian view of the memory-mapped file (no copy), position 0, limit
         * {@link #byteSize()}.
         *
         * @throws UnsupportedOperationException if the tensor is larger than a {@link ByteBuffer} (2^31-1 bytes):
         *         use {@link #bytes(long, int)}
         */
        public ByteBuffer bytes() {
            if (byteSize() > Integer.MAX_VALUE)
                throw new UnsupportedOperationException(what() + " has " + byteSize() + " bytes, more than a"
                        + " ByteBuffer can view (2^31-1): view it in parts with bytes(offset, length)");
            return view(info.begin(), (int) byteSize());
        }

        /** A read-only little-endian view of bytes {@code [offset, offset + length)} of this tensor's data. */
        public ByteBuffer bytes(long offset, int length) {
            if (offset < 0 || length < 0 || offset > byteSize() - length)
                throw new IndexOutOfBoundsException(what() + ": bytes [" + offset + ", " + offset + " + " + length
                        + ") out of its " + byteSize() + " bytes");
            return view(info.begin() + offset, length);
        }

        /**
         * The values as a new float32 CPU tensor of the same shape (see {@link #toFloats()} for the conversion).
         *
         * @throws UnsupportedOperationException if the dtype does not convert or the shape does not fit a
         *         {@link Tensor} (each dimension and the element count below 2^31)
         */
        public Tensor toTensor() {
            long[] shape = info.shape();
            int[] dims = new int[shape.length];
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] > Integer.MAX_VALUE)
                    throw new UnsupportedOperationException(what() + ": shape " + Arrays.toString(shape)
                            + " does not fit a Tensor (each dimension must be below 2^31)");
                dims[i] = (int) shape[i];
            }
            return Tensor.wrap(toFloats(), dims);
        }

        /**
         * The values as floats, in row-major order: floating-point dtypes are widened exactly (F64 is rounded to
         * nearest), integers are rounded to the nearest float, BOOL is 0 or 1 (any non-zero byte is true).
         *
         * @throws UnsupportedOperationException for {@link DType#C64} and the packed MX types, or too many
         *         elements for an array
         */
        public float[] toFloats() {
            if (!dtype().convertsToFloat())
                throw new UnsupportedOperationException(what() + ": conversion of dtype " + dtype()
                        + " to float32 is not supported; read its raw bytes with bytes()");
            int n = arrayLength();
            float[] out = new float[n];
            int size = dtype().bits() / 8, perWindow = window / size;
            for (int done = 0; done < n; ) {
                int k = Math.min(perWindow, n - done);
                Codecs.toFloats(dtype(), view(info.begin() + (long) done * size, k * size), out, done, k);
                done += k;
            }
            return out;
        }

        /**
         * The values of an integer or BOOL tensor as longs. {@link DType#U64} values keep their 64 bits (values of
         * 2^63 and above come out negative; see {@link Long#toUnsignedString(long)}).
         *
         * @throws UnsupportedOperationException for the other dtypes, or too many elements for an array
         */
        public long[] toLongs() {
            checkIntegral("long");
            int n = arrayLength();
            long[] out = new long[n];
            int size = dtype().bits() / 8, perWindow = window / size;
            for (int done = 0; done < n; ) {
                int k = Math.min(perWindow, n - done);
                Codecs.toLongs(dtype(), view(info.begin() + (long) done * size, k * size), out, done, k);
                done += k;
            }
            return out;
        }

        /**
         * The values of an integer or BOOL tensor as ints.
         *
         * @throws ArithmeticException if a value does not fit in an {@code int}
         * @throws UnsupportedOperationException for the other dtypes, or too many elements for an array
         */
        public int[] toInts() {
            checkIntegral("int");
            int n = arrayLength();
            int[] out = new int[n];
            long[] chunk = new long[Math.min(n, CHUNK)];
            int size = dtype().bits() / 8;
            boolean unsigned64 = dtype() == DType.U64;
            for (int done = 0; done < n; ) {
                int k = Math.min(chunk.length, n - done);
                Codecs.toLongs(dtype(), view(info.begin() + (long) done * size, k * size), chunk, 0, k);
                for (int i = 0; i < k; i++) {
                    long v = chunk[i];
                    if (v != (int) v || unsigned64 && v < 0) // U64 values of 2^63 and above are negative longs
                        throw new ArithmeticException(what() + ": element " + (done + i) + " = "
                                + (unsigned64 ? Long.toUnsignedString(v) : Long.toString(v))
                                + " does not fit in an int");
                    out[done + i] = (int) v;
                }
                done += k;
            }
            return out;
        }

        /**
         * The values of a BOOL tensor (any non-zero byte is true).
         *
         * @throws UnsupportedOperationException for the other dtypes, or too many elements for an array
         */
        public boolean[] toBooleans() {
            if (dtype() != DType.BOOL)
                throw new UnsupportedOperationException(what() + ": toBooleans() needs dtype BOOL, the tensor is "
                        + dtype());
            int n = arrayLength();
            boolean[] out = new boolean[n];
            for (int done = 0; done < n; ) {
                int k = Math.min(window, n - done);
                ByteBuffer b = view(info.begin() + done, k);
                for (int i = 0; i < k; i++) out[done + i] = b.get(i) != 0;
                done += k;
            }
            return out;
        }

        @Override
        public String toString() {
            return info.name() + ": " + info.dtype() + " " + Arrays.toString(info.shape()) + " data_offsets ["
                    + info.begin() + ", " + info.end() + "]";
        }

        private void checkIntegral(String to) {
            if (!dtype().isInteger() && dtype() != DType.BOOL)
                throw new UnsupportedOperationException(what() + ": conversion of dtype " + dtype() + " to " + to
                        + " is not supported (integer dtypes and BOOL are); use toFloats() for floating point");
        }

        /** The element count as an array length, checked. */
        private int arrayLength() {
            if (info.elements() > Integer.MAX_VALUE - 8)
                throw new UnsupportedOperationException(what() + " has " + info.elements()
                        + " elements, more than a Java array holds");
            return (int) info.elements();
        }

        private String what() { return path + ": tensor " + JsonReader.quote(info.name()); }
    }
}
