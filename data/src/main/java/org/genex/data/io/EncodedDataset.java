package org.genex.data.io;

import io.jhdf.AbstractWritableNode;
import io.jhdf.Constants;
import io.jhdf.ObjectHeader;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.NodeType;
import io.jhdf.api.WritableDataset;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.message.AttributeInfoMessage;
import io.jhdf.object.message.AttributeMessage;
import io.jhdf.object.message.DataLayout;
import io.jhdf.object.message.DataLayoutMessage;
import io.jhdf.object.message.DataSpace;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.DataTypeMessage;
import io.jhdf.object.message.FillValueMessage;
import io.jhdf.object.message.Message;
import io.jhdf.storage.HdfFileChannel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A dataset that writes its own bytes: contiguous, uncompressed, of any shape (empty and scalar included), from a
 * flat primitive array or from strings stored as variable-length UTF-8. jHDF 0.13 accepts such a pre-built
 * {@link WritableDataset} in {@code putDataset} and calls {@link #write} with the file position, so the file's
 * skeleton (superblock, groups, links, object headers) stays jHDF's while the datatypes are {@link HdfTypes}'.
 *
 * <p>Layout written at {@code position}: the object header (version 2: datatype, dataspace, fill value, contiguous
 * layout, attributes), then for strings the global heap collections holding their characters, then the raw data.
 * Numbers are written little-endian in blocks of at most 1 MiB straight from the array.
 */
final class EncodedDataset extends AbstractWritableNode implements WritableDataset {
    private static final int BLOCK = 1 << 20;
    /** Heap object indices are 16-bit and 0 is the free space, so a collection holds at most 65,535 objects. */
    private static final int MAX_OBJECTS = 65_535;
    private static final long MAX_COLLECTION_BYTES = 16L << 20;
    /** libhdf5 reads at least this much of a collection, so smaller ones are padded up to it. */
    private static final long MIN_COLLECTION_BYTES = 4096;

    private final HdfTypes.Encoded type;
    private final DataSpace space;
    private final Object array; // float[], double[], int[], long[], short[], byte[], boolean[], String[] or Records
    private final int offset;
    private final long count;

    private EncodedDataset(Group parent, String name, HdfTypes.Encoded type, long[] dims, Object array, int offset) {
        super(parent, name);
        long n = 1;
        for (long d : dims) n = Math.multiplyExact(n, d);
        this.type = type;
        this.space = HdfTypes.space(dims);
        this.array = array;
        this.offset = offset;
        this.count = n;
    }

    /** The fields of a compound dataset: one array per member (float[], double[], long[], boolean[], String[]). */
    record Records(Object[] columns) {}

    /**
     * A 1-d compound dataset of {@code rows} records whose members are the given columns, typed by
     * {@code type} ({@link HdfTypes#compound} of the members' types, in the same order).
     */
    static EncodedDataset records(Group parent, String name, HdfTypes.Encoded type, Object[] columns, int rows) {
        for (Object c : columns)
            if (java.lang.reflect.Array.getLength(c) != rows)
                throw new IllegalArgumentException("dataset " + name + ": a field has "
                        + java.lang.reflect.Array.getLength(c) + " values, expected " + rows);
        return new EncodedDataset(parent, name, type, new long[]{rows}, new Records(columns), 0);
    }

    /**
     * A dataset of {@code prod(dims)} elements of {@code array} from {@code offset} (row-major); an empty
     * {@code dims} gives a scalar. The array type and the HDF5 type must agree: float[] with FLOAT32, double[] with
     * FLOAT64, long[] with INT64, int[] with INT32, short[] with INT16, byte[] with INT8 or UINT8, boolean[] with
     * BOOL, String[] with VLEN_UTF8.
     */
    static EncodedDataset of(Group parent, String name, HdfTypes.Encoded type, Object array, int offset,
                             long... dims) {
        EncodedDataset d = new EncodedDataset(parent, name, type, dims, array, offset);
        int length = java.lang.reflect.Array.getLength(array);
        if (offset < 0 || offset + d.count > length)
            throw new IllegalArgumentException("dataset " + name + ": " + d.count + " elements from " + offset
                    + " do not fit an array of " + length);
        int expected = switch (array) {
            case float[] a -> 4; case double[] a -> 8; case long[] a -> 8; case int[] a -> 4; case short[] a -> 2;
            case byte[] a -> 1; case boolean[] a -> 1; case String[] a -> 16;
            default -> throw new IllegalArgumentException("dataset " + name + ": unsupported array "
                    + array.getClass().getSimpleName());
        };
        if (expected != type.getSize())
            throw new IllegalArgumentException("dataset " + name + ": a " + array.getClass().getSimpleName()
                    + " cannot be written as a " + type.getSize() + "-byte HDF5 type");
        return d;
    }

    // ------------------------------------------------------------------------------------------------ writing

    @Override
    public long write(HdfFileChannel channel, long position) {
        List<Message> messages = new ArrayList<>();
        messages.add(DataTypeMessage.create(type));
        messages.add(DataSpaceMessage.create(space));
        messages.add(FillValueMessage.NO_FILL);
        DataLayoutMessage placeholder = DataLayoutMessage.ContiguousDataLayoutMessage.create(Constants.UNDEFINED_ADDRESS, 0);
        messages.add(placeholder);
        if (!getAttributes().isEmpty()) {
            messages.add(AttributeInfoMessage.create());
            for (Map.Entry<String, Attribute> e : getAttributes().entrySet())
                messages.add(AttributeMessage.create(e.getKey(), e.getValue()));
        }
        int headerSize = new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer().limit();
        long pos = position + headerSize;
        long dataBytes = count * type.getSize();
        long dataAddress;
        if (array instanceof String[] strings) {
            long[] heapIds = new long[Math.toIntExact(Math.multiplyExact(count, 3))];
            pos = writeHeaps(channel, pos, strings, offset, (int) count, heapIds);
            dataAddress = pos;
            writeVlenElements(channel, pos, heapIds);
        } else if (array instanceof Records records) {
            long[][] heapIds = new long[records.columns().length][];
            for (int m = 0; m < heapIds.length; m++)
                if (records.columns()[m] instanceof String[] strings) {
                    heapIds[m] = new long[Math.toIntExact(Math.multiplyExact(count, 3))];
                    pos = writeHeaps(channel, pos, strings, 0, (int) count, heapIds[m]);
                }
            dataAddress = pos;
            writeRecords(channel, pos, records, heapIds);
        } else {
            dataAddress = pos;
            writeNumbers(channel, pos);
        }
        long end = dataAddress + dataBytes;
        messages.set(messages.indexOf(placeholder), DataLayoutMessage.ContiguousDataLayoutMessage.create(
                dataBytes == 0 ? Constants.UNDEFINED_ADDRESS : dataAddress, dataBytes));
        channel.write(new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer(), position);
        return end;
    }

    private void writeNumbers(HdfFileChannel channel, long pos) {
        int size = type.getSize();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(BLOCK, Math.max(count * size, 1)))
                .order(ByteOrder.LITTLE_ENDIAN);
        int perBlock = buf.capacity() / size;
        for (long done = 0; done < count; ) {
            int n = (int) Math.min(perBlock, count - done);
            int from = offset + (int) done;
            buf.clear();
            switch (array) {
                case float[] a -> buf.asFloatBuffer().put(a, from, n);
                case double[] a -> buf.asDoubleBuffer().put(a, from, n);
                case long[] a -> buf.asLongBuffer().put(a, from, n);
                case int[] a -> buf.asIntBuffer().put(a, from, n);
                case short[] a -> buf.asShortBuffer().put(a, from, n);
                case byte[] a -> buf.put(a, from, n);
                case boolean[] a -> { for (int i = 0; i < n; i++) buf.put(i, (byte) (a[from + i] ? 1 : 0)); }
                default -> throw new IllegalStateException();
            }
            buf.position(0).limit(n * size);
            write(channel, buf, pos);
            pos += (long) n * size;
            done += n;
        }
    }

    /**
     * Writes the UTF-8 bytes of {@code strings[offset .. offset + n)} as objects of global heap collections
     * ("GCOL", version 1) from {@code pos};
     * records each string's (collection address, object index, byte length) in {@code ids}. Returns the end position.
     */
    private static long writeHeaps(HdfFileChannel channel, long pos, String[] strings, int offset, int n, long[] ids) {
        byte[][] utf8 = new byte[Math.min(n, MAX_OBJECTS)][];
        for (int first = 0; first < n; ) {
            // one collection: up to MAX_OBJECTS objects and about MAX_COLLECTION_BYTES
            int last = first;
            long used = 16;
            while (last < n && last - first < MAX_OBJECTS && used < MAX_COLLECTION_BYTES) {
                byte[] s = strings[offset + last].getBytes(StandardCharsets.UTF_8);
                utf8[last - first] = s;
                used += 16 + pad8(s.length);
                last++;
            }
            long size = Math.max(MIN_COLLECTION_BYTES, used + 16); // + the free-space object's header
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(BLOCK, size)).order(ByteOrder.LITTLE_ENDIAN);
            long at = pos;
            buf.put(new byte[]{'G', 'C', 'O', 'L', 1, 0, 0, 0}).putLong(size);
            for (int i = first; i < last; i++) {
                byte[] s = utf8[i - first];
                int index = i - first + 1;
                ids[3 * i] = pos;
                ids[3 * i + 1] = index;
                ids[3 * i + 2] = s.length;
                at = flushIfFull(channel, buf, at, 16);
                buf.putShort((short) index).putShort((short) 0).putInt(0).putLong(s.length);
                for (int done = 0; done < s.length; ) {
                    at = flushIfFull(channel, buf, at, 1);
                    int k = Math.min(buf.remaining(), s.length - done);
                    buf.put(s, done, k);
                    done += k;
                }
                for (int p = s.length; p < pad8(s.length); p++) {
                    at = flushIfFull(channel, buf, at, 1);
                    buf.put((byte) 0);
                }
            }
            long free = size - used; // object 0: the rest of the collection, its own header included
            at = flushIfFull(channel, buf, at, 16);
            buf.putShort((short) 0).putShort((short) 0).putInt(0).putLong(free);
            for (long z = 16; z < free; z++) {
                at = flushIfFull(channel, buf, at, 1);
                buf.put((byte) 0);
            }
            buf.flip();
            write(channel, buf, at);
            pos += size;
            first = last;
        }
        return pos;
    }

    /** Records one after the other, members packed in order; strings as (length, collection, index). */
    private void writeRecords(HdfFileChannel channel, long pos, Records records, long[][] heapIds) {
        int size = type.getSize();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(BLOCK, Math.max(count * size, size)))
                .order(ByteOrder.LITTLE_ENDIAN);
        Object[] columns = records.columns();
        for (int r = 0; r < count; r++) {
            pos = flushIfFull(channel, buf, pos, size);
            for (int m = 0; m < columns.length; m++) {
                switch (columns[m]) {
                    case float[] a -> buf.putFloat(a[r]);
                    case double[] a -> buf.putDouble(a[r]);
                    case long[] a -> buf.putLong(a[r]);
                    case int[] a -> buf.putInt(a[r]);
                    case boolean[] a -> buf.put((byte) (a[r] ? 1 : 0));
                    case String[] a -> buf.putInt((int) heapIds[m][3 * r + 2]).putLong(heapIds[m][3 * r])
                            .putInt((int) heapIds[m][3 * r + 1]);
                    default -> throw new IllegalStateException("unsupported record field " + columns[m].getClass());
                }
            }
        }
        buf.flip();
        write(channel, buf, pos);
    }

    private static long flushIfFull(HdfFileChannel channel, ByteBuffer buf, long at, int need) {
        if (buf.remaining() >= need) return at;
        buf.flip();
        int k = buf.remaining();
        write(channel, buf, at);
        buf.clear();
        return at + k;
    }

    private void writeVlenElements(HdfFileChannel channel, long pos, long[] ids) {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(BLOCK, Math.max(16 * count, 16)))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            if (buf.remaining() < 16) {
                buf.flip();
                int k = buf.remaining();
                write(channel, buf, pos);
                pos += k;
                buf.clear();
            }
            buf.putInt((int) ids[3 * i + 2]).putLong(ids[3 * i]).putInt((int) ids[3 * i + 1]);
        }
        buf.flip();
        write(channel, buf, pos);
    }

    private static void write(HdfFileChannel channel, ByteBuffer buf, long pos) {
        while (buf.hasRemaining()) pos += channel.write(buf, pos);
    }

    private static long pad8(long n) { return (n + 7) & ~7L; }

    // ------------------------------------------------------------------------------------------------ Dataset

    @Override public long getSize() { return count; }
    @Override public long getSizeInBytes() { return count * type.getSize(); }
    @Override public long getStorageInBytes() { return getSizeInBytes(); }
    @Override public int[] getDimensions() { return space.getDimensions(); }
    @Override public long[] getDimensionsAsLong() { return space.getDimensionsAsLong(); }
    @Override public boolean isScalar() { return space.getDimensions().length == 0; }
    @Override public boolean isEmpty() { return count == 0; }
    @Override public boolean isCompound() { return array instanceof Records; }
    @Override public boolean isVariableLength() { return array instanceof String[]; }
    @Override public long[] getMaxSize() { return space.getDimensionsAsLong(); }
    @Override public DataLayout getDataLayout() { return DataLayout.CONTIGUOUS; }
    @Override public Object getData() { throw writeOnly(); }
    @Override public Object getDataFlat() { throw writeOnly(); }
    @Override public Object getData(long[] sliceOffset, int[] sliceDimensions) { throw writeOnly(); }
    @Override public Class<?> getJavaType() {
        return array instanceof Records ? Map.class : array.getClass().getComponentType();
    }
    @Override public DataType getDataType() { return type; }
    @Override public Object getFillValue() { return null; }
    @Override public List<PipelineFilterWithData> getFilters() { return List.of(); }
    @Override public NodeType getType() { return NodeType.DATASET; }
    @Override public boolean isGroup() { return false; }
    @Override public long getAddress() { return 0; }
    @Override public boolean isLink() { return false; }
    @Override public boolean isAttributeCreationOrderTracked() { return false; }

    private static UnsupportedOperationException writeOnly() {
        return new UnsupportedOperationException("EncodedDataset is written, not read");
    }
}
