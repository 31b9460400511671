package org.genex.data.io;

import io.jhdf.api.Attribute;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.message.DataSpace;
import io.jhdf.storage.HdfBackingStorage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * HDF5 datatype messages that jHDF 0.13 cannot write, encoded here byte by byte after the HDF5 file format
 * specification (version 3, section IV.A.2.d "Datatype Message"), plus the little types they are built from.
 *
 * <ul>
 *   <li>{@link #BOOL}: the enum over a signed 8-bit integer with members {@code FALSE = 0} and {@code TRUE = 1}, which
 *       is how h5py stores numpy {@code bool} (jHDF would write an HDF5 bitfield, which h5py reads as {@code uint8}
 *       and pandas then refuses as a categorical's {@code ordered} flag);</li>
 *   <li>{@link #VLEN_UTF8}: a variable-length UTF-8 string, as the anndata spec requires for {@code string-array}
 *       and {@code string} (jHDF writes fixed-length strings only); the characters live in global heap collections
 *       that {@link EncodedDataset} writes beside the dataset;</li>
 *   <li>little-endian signed integers and IEEE floats, so that {@link EncodedDataset} can stream any primitive array
 *       (of any shape, empty included) without building nested Java arrays.</li>
 * </ul>
 */
final class HdfTypes {
    private HdfTypes() {}

    static final int CLASS_FIXED = 0, CLASS_FLOAT = 1, CLASS_STRING = 3, CLASS_COMPOUND = 6, CLASS_ENUM = 8,
            CLASS_VLEN = 9;

    /** A datatype as its encoded message body, usable wherever jHDF wants a {@link DataType} for writing. */
    static final class Encoded extends DataType {
        private final byte[] message;

        private Encoded(int dataClass, int size, byte[] message) {
            super(dataClass, size);
            this.message = message;
        }

        @Override public ByteBuffer toBuffer() { return ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN); }

        /** Attribute data is handed over already encoded, as a {@code byte[]}. */
        @Override public ByteBuffer encodeData(Object data) { return ByteBuffer.wrap((byte[]) data); }

        @Override public Class<?> getJavaType() { return byte[].class; }

        @Override public Object fillData(ByteBuffer buffer, int[] dims, HdfBackingStorage storage) {
            throw new UnsupportedOperationException("HdfTypes.Encoded is for writing only");
        }
    }

    static final Encoded INT8 = fixed(1, true), UINT8 = fixed(1, false), INT16 = fixed(2, true),
            INT32 = fixed(4, true), INT64 = fixed(8, true);
    static final Encoded FLOAT32 = floating(4), FLOAT64 = floating(8);
    static final Encoded BOOL = boolEnum();
    static final Encoded VLEN_UTF8 = vlenUtf8();

    /** A little-endian two's-complement (or unsigned) integer of {@code bytes} bytes. */
    static Encoded fixed(int bytes, boolean signed) {
        ByteBuffer b = header(CLASS_FIXED, signed ? 0x08 : 0, 0, bytes, 4);
        b.putShort((short) 0).putShort((short) (bytes * 8)); // bit offset, bit precision
        return new Encoded(CLASS_FIXED, bytes, b.array());
    }

    /** An IEEE 754 binary32 or binary64, little-endian. */
    static Encoded floating(int bytes) {
        boolean single = bytes == 4;
        int signBit = single ? 31 : 63;
        // class bits: byte order LE (bit 0 = 0), no padding, mantissa normalisation "implied 1" (bits 4-5 = 2)
        ByteBuffer b = header(CLASS_FLOAT, 0x20, signBit, bytes, 12);
        b.putShort((short) 0).putShort((short) (bytes * 8));            // bit offset, precision
        b.put((byte) (single ? 23 : 52)).put((byte) (single ? 8 : 11)); // exponent location, size
        b.put((byte) 0).put((byte) (single ? 23 : 52));                 // mantissa location, size
        b.putInt(single ? 127 : 1023);                                  // exponent bias
        return new Encoded(CLASS_FLOAT, bytes, b.array());
    }

    /** h5py's boolean: enum (version 1) over int8 with FALSE = 0, TRUE = 1; names null-terminated, padded to 8. */
    private static Encoded boolEnum() {
        byte[] base = INT8.message;
        ByteBuffer b = header(CLASS_ENUM, 2, 0, 1, base.length + 8 + 8 + 2);
        b.put(base);
        b.put(padded8("FALSE")).put(padded8("TRUE"));
        b.put((byte) 0).put((byte) 1);
        return new Encoded(CLASS_ENUM, 1, b.array());
    }

    /** Variable-length string (version 1): type 1 = string, padding 0 = null-terminated, charset 1 = UTF-8. */
    private static Encoded vlenUtf8() {
        byte[] base = UINT8.message; // libhdf5 stores a vlen string's base type as an unsigned char
        ByteBuffer b = header(CLASS_VLEN, 0x01, 0x01, 16, base.length);
        b.put(base);
        return new Encoded(CLASS_VLEN, 16, b.array());
    }

    /** A fixed-length UTF-8 string of {@code bytes} bytes, null-padded (numpy's {@code S} type, with a charset). */
    static Encoded fixedString(int bytes) {
        // class bits: padding 1 = null pad (bits 0-3), character set 1 = UTF-8 (bits 4-7)
        ByteBuffer b = header(CLASS_STRING, 0x11, 0, bytes, 0);
        return new Encoded(CLASS_STRING, bytes, b.array());
    }

    /**
     * An attribute of {@code node} holding a String (a fixed-length UTF-8 string, which anndata reads as it reads
     * Julia's HDF5.jl files), a String[] (fixed length; an empty one becomes an empty float64 array, as anndata
     * writes an empty column-order), a long[] (int64), a double[] (float64) or a Boolean (h5py's enum).
     */
    static Attribute attribute(Node node, String name, Object value) {
        return switch (value) {
            case String s -> {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                yield new EncodedAttribute(node, name, space(), fixedString(Math.max(1, b.length)),
                        b.length == 0 ? new byte[1] : b);
            }
            case String[] s when s.length == 0 -> new EncodedAttribute(node, name, space(0), FLOAT64, new byte[0]);
            case String[] s -> {
                byte[][] enc = new byte[s.length][];
                int width = 1;
                for (int i = 0; i < s.length; i++) {
                    enc[i] = s[i].getBytes(StandardCharsets.UTF_8);
                    width = Math.max(width, enc[i].length);
                }
                byte[] data = new byte[Math.multiplyExact(width, s.length)];
                for (int i = 0; i < s.length; i++) System.arraycopy(enc[i], 0, data, i * width, enc[i].length);
                yield new EncodedAttribute(node, name, space(s.length), fixedString(width), data);
            }
            case long[] l -> {
                ByteBuffer b = ByteBuffer.allocate(8 * l.length).order(ByteOrder.LITTLE_ENDIAN);
                b.asLongBuffer().put(l);
                yield new EncodedAttribute(node, name, space(l.length), INT64, b.array());
            }
            case double[] d -> {
                ByteBuffer b = ByteBuffer.allocate(8 * d.length).order(ByteOrder.LITTLE_ENDIAN);
                b.asDoubleBuffer().put(d);
                yield new EncodedAttribute(node, name, space(d.length), FLOAT64, b.array());
            }
            case Boolean v -> new EncodedAttribute(node, name, space(), BOOL, new byte[]{(byte) (v ? 1 : 0)});
            default -> throw new IllegalArgumentException("attribute " + name + ": unsupported value "
                    + value.getClass().getSimpleName());
        };
    }

    /**
     * A compound (struct) type, version 3: members packed in order, each a name (null-terminated), its byte offset
     * (in as few bytes as the element size needs) and its type. This is how numpy record arrays are stored
     * (anndata's {@code rec-array}).
     */
    static Encoded compound(String[] names, Encoded[] types) {
        int size = 0;
        for (Encoded t : types) size += t.getSize();
        int offsetBytes = size < (1 << 8) ? 1 : size < (1 << 16) ? 2 : size < (1 << 24) ? 3 : 4;
        java.io.ByteArrayOutputStream props = new java.io.ByteArrayOutputStream();
        int offset = 0;
        for (int m = 0; m < names.length; m++) {
            props.writeBytes(names[m].getBytes(StandardCharsets.UTF_8));
            props.write(0);
            for (int k = 0; k < offsetBytes; k++) props.write(offset >>> (8 * k));
            props.writeBytes(types[m].message);
            offset += types[m].getSize();
        }
        ByteBuffer b = ByteBuffer.allocate(8 + props.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) (0x30 | CLASS_COMPOUND)).put((byte) names.length).put((byte) (names.length >>> 8)).put((byte) 0)
                .putInt(size).put(props.toByteArray());
        return new Encoded(CLASS_COMPOUND, size, b.array());
    }

    /** Bytes 0-7 of a datatype message: class and version 1, three bytes of class bits, the element size. */
    private static ByteBuffer header(int dataClass, int bits0, int bits1, int size, int propertyBytes) {
        ByteBuffer b = ByteBuffer.allocate(8 + propertyBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) (0x10 | dataClass)).put((byte) bits0).put((byte) bits1).put((byte) 0).putInt(size);
        return b;
    }

    private static byte[] padded8(String name) {
        byte[] s = name.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[(s.length + 1 + 7) / 8 * 8];
        System.arraycopy(s, 0, out, 0, s.length);
        return out;
    }

    /** A dataspace of these dimensions ({@code dims.length == 0}: scalar); zero-length dimensions are allowed. */
    static DataSpace space(long... dims) {
        if (dims.length == 0) return DataSpace.fromObject(0); // a boxed value gives jHDF's scalar dataspace
        long[] one = new long[dims.length];
        java.util.Arrays.fill(one, 1);
        Object probe = java.lang.reflect.Array.newInstance(byte.class, toInts(one));
        return DataSpace.modifyDimensions(DataSpace.fromObject(probe), dims);
    }

    private static int[] toInts(long[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) out[i] = (int) a[i];
        return out;
    }

    /** An attribute whose value is already encoded (for the enum bool and empty arrays jHDF cannot write). */
    record EncodedAttribute(Node node, String name, DataSpace space, Encoded type, byte[] bytes)
            implements Attribute {
        @Override public Node getNode() { return node; }
        @Override public String getName() { return name; }
        @Override public long getSize() { return space.getTotalLength(); }
        @Override public long getSizeInBytes() { return bytes.length; }
        @Override public int[] getDimensions() { return space.getDimensions(); }
        @Override public long[] getDimensionsAsLong() { return space.getDimensionsAsLong(); }
        @Override public Object getData() { return bytes; }
        @Override public Class<?> getJavaType() { return byte[].class; }
        @Override public boolean isScalar() { return space.getDimensions().length == 0; }
        @Override public boolean isEmpty() { return bytes.length == 0; }
        @Override public ByteBuffer getBuffer() { return ByteBuffer.wrap(bytes); }
        @Override public DataSpace getDataSpace() { return space; }
        @Override public DataType getDataType() { return type; }
    }
}
