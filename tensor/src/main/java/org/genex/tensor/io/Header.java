package org.genex.tensor.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed and validated JSON header of a safetensors file: the tensors in file order and the
 * {@code __metadata__} map. {@link #parse} enforces every rule of the reference reader (see the package comment)
 * and needs only the header bytes and the length of the data buffer that follows them, so nothing sized by the
 * header is allocated before the header has been checked against the file.
 */
final class Header {
    /** The name of the optional string-to-string map in the header. */
    static final String METADATA_KEY = "__metadata__";

    /** Nesting in a valid header: the root object, an entry or the metadata object, a shape or offsets array. */
    private static final int MAX_DEPTH = 3;

    /** One tensor's entry; offsets are relative to the start of the data buffer, {@code end} exclusive. */
    record Info(String name, DType dtype, long[] shape, long begin, long end, long elements) {}

    final List<Info> tensors;
    final Map<String, String> metadata;
    final boolean hasMetadata;

    private Header(List<Info> tensors, Map<String, String> metadata, boolean hasMetadata) {
        this.tensors = tensors;
        this.metadata = metadata;
        this.hasMetadata = hasMetadata;
    }

    /**
     * Parses and validates a header.
     *
     * @param file the file, for messages
     * @param json the {@code N} header bytes
     * @param bufferLength the number of bytes after the header, which the tensors must cover exactly
     */
    static Header parse(Path file, byte[] json, long bufferLength) throws SafetensorsException {
        return new Parser(file, json).parse(bufferLength);
    }

    /** A parse of one header; holds the file for messages. */
    private static final class Parser {
        private final Path file;
        private final byte[] json;

        Parser(Path file, byte[] json) {
            this.file = file;
            this.json = json;
        }

        Header parse(long bufferLength) throws SafetensorsException {
            if (json.length == 0)
                throw fail("the header is empty (length 0); it must be a JSON object starting with '{'");
            if (json[0] != '{')
                throw fail(String.format("the header must be a JSON object starting with '{', but its first byte"
                        + " is 0x%02x", json[0] & 0xff));
            List<Info> tensors = new ArrayList<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            boolean hasMetadata = false;
            try {
                JsonReader r = new JsonReader(json, 0, json.length, MAX_DEPTH);
                r.beginObject();
                Set<String> seen = new HashSet<>();
                while (r.hasNext()) {
                    int at = r.position();
                    String key = r.nextName();
                    if (!seen.add(key)) throw fail("duplicate key " + JsonReader.quote(key) + at(at));
                    if (key.equals(METADATA_KEY)) {
                        readMetadata(r, metadata);
                        hasMetadata = true;
                    } else {
                        tensors.add(readEntry(r, key));
                    }
                }
                r.endObject();
                r.endDocument();
            } catch (JsonReader.SyntaxError e) {
                throw fail("the header is not valid JSON: " + e.detail() + at(e.position()));
            }
            validate(tensors, bufferLength);
            return new Header(Collections.unmodifiableList(tensors), Collections.unmodifiableMap(metadata),
                    hasMetadata);
        }

        private void readMetadata(JsonReader r, Map<String, String> into) throws SafetensorsException {
            int at = r.position();
            JsonReader.Kind kind = r.peek();
            if (kind != JsonReader.Kind.OBJECT)
                throw fail(METADATA_KEY + " must be an object mapping strings to strings, found " + describe(kind)
                        + at(at));
            r.beginObject();
            while (r.hasNext()) {
                int keyAt = r.position();
                String key = r.nextName();
                if (into.containsKey(key))
                    throw fail(METADATA_KEY + ": duplicate key " + JsonReader.quote(key) + at(keyAt));
                int valueAt = r.position();
                JsonReader.Kind vk = r.peek();
                if (vk != JsonReader.Kind.STRING)
                    throw fail(METADATA_KEY + ": the value of " + JsonReader.quote(key) + " must be a string, found "
                            + describe(vk) + at(valueAt));
                into.put(key, r.nextString());
            }
            r.endObject();
        }

        private Info readEntry(JsonReader r, String name) throws SafetensorsException {
            String what = "tensor " + JsonReader.quote(name);
            int at = r.position();
            JsonReader.Kind kind = r.peek();
            if (kind != JsonReader.Kind.OBJECT)
                throw fail(what + ": expected an object with dtype, shape and data_offsets, found "
                        + describe(kind) + at(at));
            DType dtype = null;
            long[] shape = null, offsets = null;
            r.beginObject();
            while (r.hasNext()) {
                int fieldAt = r.position();
                String field = r.nextName();
                boolean duplicate = switch (field) {
                    case "dtype" -> dtype != null;
                    case "shape" -> shape != null;
                    case "data_offsets" -> offsets != null;
                    default -> throw fail(what + ": unexpected field " + JsonReader.quote(field) + at(fieldAt)
                            + "; an entry has exactly the fields dtype, shape and data_offsets");
                };
                if (duplicate) throw fail(what + ": duplicate field " + JsonReader.quote(field) + at(fieldAt));
                switch (field) {
                    case "dtype" -> dtype = readDtype(r, what);
                    case "shape" -> shape = readIntegers(r, what, "shape");
                    default -> {
                        int offsetsAt = r.position();
                        offsets = readIntegers(r, what, "data_offsets");
                        if (offsets.length != 2)
                            throw fail(what + ": data_offsets must be [BEGIN, END], found " + offsets.length
                                    + " values" + at(offsetsAt));
                    }
                }
            }
            r.endObject();
            if (dtype == null) throw fail(what + ": missing field dtype" + at(at));
            if (shape == null) throw fail(what + ": missing field shape" + at(at));
            if (offsets == null) throw fail(what + ": missing field data_offsets" + at(at));
            return new Info(name, dtype, shape, offsets[0], offsets[1], -1);
        }

        private DType readDtype(JsonReader r, String what) throws SafetensorsException {
            int at = r.position();
            JsonReader.Kind kind = r.peek();
            if (kind != JsonReader.Kind.STRING)
                throw fail(what + ": dtype must be a string, found " + describe(kind) + at(at));
            String s = r.nextString();
            DType t = DType.fromHeaderName(s);
            if (t == null)
                throw fail(what + ": unknown dtype " + JsonReader.quote(s) + at(at) + " (known: "
                        + Arrays.toString(DType.values()) + ")");
            return t;
        }

        /** An array of non-negative integers that fit in a {@code long}. */
        private long[] readIntegers(JsonReader r, String what, String field) throws SafetensorsException {
            int at = r.position();
            JsonReader.Kind kind = r.peek();
            if (kind != JsonReader.Kind.ARRAY)
                throw fail(what + ": " + field + " must be an array of non-negative integers, found "
                        + describe(kind) + at(at));
            long[] values = new long[4];
            int n = 0;
            r.beginArray();
            while (r.hasNext()) {
                int valueAt = r.position();
                JsonReader.Kind vk = r.peek();
                if (vk != JsonReader.Kind.NUMBER)
                    throw fail(what + ": " + field + " must hold non-negative integers, found " + describe(vk)
                            + at(valueAt));
                long v;
                try {
                    v = r.nextLong();
                } catch (JsonReader.SyntaxError e) {
                    throw fail(what + ": " + field + ": " + e.detail() + at(e.position()));
                }
                if (v < 0) throw fail(what + ": " + field + " holds a negative value " + v + at(valueAt));
                if (n == values.length) values = Arrays.copyOf(values, 2 * n);
                values[n++] = v;
            }
            r.endArray();
            return Arrays.copyOf(values, n);
        }

        /**
         * Each tensor's byte count must match its offsets, and the tensors, ordered by offsets, must cover
         * {@code [0, bufferLength)} without holes or overlaps. Fills in the element counts.
         */
        private void validate(List<Info> tensors, long bufferLength) throws SafetensorsException {
            for (int i = 0; i < tensors.size(); i++) {
                Info t = tensors.get(i);
                String what = "tensor " + JsonReader.quote(t.name());
                long elements = 1;
                for (long d : t.shape()) {
                    try {
                        elements = Math.multiplyExact(elements, d);
                    } catch (ArithmeticException e) {
                        throw fail(what + ": the element count of shape " + Arrays.toString(t.shape())
                                + " overflows a 64-bit integer");
                    }
                }
                long nbits;
                try {
                    nbits = Math.multiplyExact(elements, (long) t.dtype().bits());
                } catch (ArithmeticException e) {
                    throw fail(what + ": shape " + Arrays.toString(t.shape()) + " of " + t.dtype() + " is "
                            + elements + " elements, whose size in bits overflows a 64-bit integer");
                }
                if (nbits % 8 != 0)
                    throw fail(what + ": shape " + Arrays.toString(t.shape()) + " of " + t.dtype() + " is "
                            + elements + " elements of " + t.dtype().bits() + " bits = " + nbits
                            + " bits, which does not end on a byte boundary");
                long nbytes = nbits / 8;
                if (t.end() < t.begin())
                    throw fail(what + ": data_offsets " + offsets(t) + " end before they begin");
                if (t.end() - t.begin() != nbytes)
                    throw fail(what + ": data_offsets " + offsets(t) + " span " + (t.end() - t.begin())
                            + " bytes, but shape " + Arrays.toString(t.shape()) + " of " + t.dtype() + " needs "
                            + nbytes);
                tensors.set(i, new Info(t.name(), t.dtype(), t.shape(), t.begin(), t.end(), elements));
            }
            List<Info> sorted = new ArrayList<>(tensors);
            sorted.sort(Comparator.comparingLong(Info::begin).thenComparingLong(Info::end));
            long covered = 0;
            Info previous = null;
            for (Info t : sorted) {
                if (t.begin() != covered) {
                    String what = "tensor " + JsonReader.quote(t.name()) + " (data_offsets " + offsets(t) + ")";
                    if (previous == null)
                        throw fail(what + " is the first in offset order but begins at byte " + t.begin()
                                + ", not 0: the tensors must cover the data buffer exactly, without holes");
                    String prev = "tensor " + JsonReader.quote(previous.name()) + " (data_offsets "
                            + offsets(previous) + ")";
                    if (t.begin() > covered)
                        throw fail(what + " begins " + (t.begin() - covered) + " bytes after " + prev
                                + " ends: the tensors must cover the data buffer exactly, without holes");
                    throw fail(what + " overlaps " + prev + " by " + (covered - t.begin()) + " bytes");
                }
                covered = t.end();
                previous = t;
            }
            if (covered > bufferLength)
                throw fail("tensor " + JsonReader.quote(previous.name()) + " (data_offsets " + offsets(previous)
                        + ") ends past the data buffer, which has only " + bufferLength
                        + " bytes after the header (is the file truncated?)");
            if (covered < bufferLength)
                throw fail("the tensors cover " + covered + " bytes of the data buffer, but the file has "
                        + bufferLength + " bytes after the header: " + (bufferLength - covered)
                        + " trailing bytes that belong to no tensor");
        }

        private SafetensorsException fail(String message) { return new SafetensorsException(file, message); }

        /** " at byte P of the header (file offset P + 8)". */
        private static String at(int position) {
            return " at byte " + position + " of the header (file offset " + (8L + position) + ")";
        }

        private static String offsets(Info t) { return "[" + t.begin() + ", " + t.end() + "]"; }

        private static String describe(JsonReader.Kind kind) {
            return switch (kind) {
                case OBJECT -> "an object";
                case ARRAY -> "an array";
                case STRING -> "a string";
                case NUMBER -> "a number";
                case TRUE, FALSE -> "a boolean";
                case NULL -> "null";
            };
        }
    }
}
