package org.genex.data.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.genex.tensor.CscMatrix;
import org.genex.tensor.CsrMatrix;

/**
 * scipy's sparse {@code .npz} files ({@code scipy.sparse.save_npz} / {@code load_npz}): a zip of {@code .npy}
 * arrays {@code data}, {@code indices}, {@code indptr}, {@code shape} (int64[2]) and {@code format} (0-d
 * {@code |S3}, "csr" or "csc"), plus {@code _is_array} in newer scipy. Also any {@code np.savez} archive as a map of
 * arrays.
 */
public final class Npz {
    private Npz() {}

    /** Largest entry read into memory (a Java array's limit). */
    private static final long MAX_ENTRY = Integer.MAX_VALUE - 8;

    /** Every array of an {@code np.savez} / {@code savez_compressed} archive, by name without {@code .npy}. */
    public static Map<String, Npy> read(Path file) {
        Map<String, Npy> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory() || !e.getName().endsWith(".npy")) continue;
                if (e.getSize() > MAX_ENTRY)
                    throw new DataFormatException(file, e.getName(), "entry of " + e.getSize() + " bytes is too large");
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readNBytes((int) Math.min(MAX_ENTRY, e.getSize() < 0 ? MAX_ENTRY : e.getSize() + 1));
                }
                if (e.getSize() >= 0 && bytes.length != e.getSize())
                    throw new DataFormatException(file, e.getName(), "entry declares " + e.getSize()
                            + " bytes but holds " + bytes.length);
                String name = e.getName().substring(0, e.getName().length() - 4);
                out.put(name, Npy.parse(bytes, file, e.getName()));
            }
        } catch (ZipException e) {
            throw new DataFormatException(file, null, "not a readable zip archive (.npz): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataFormatException(file, null, "cannot read: " + e, e);
        }
        return out;
    }

    /**
     * The sparse matrix of a scipy {@code save_npz} file, as CSR (a CSC file is converted), with sorted indices
     * and duplicates summed (scipy files may hold unsorted rows: the NPP fixture does).
     *
     * @throws DataFormatException if an array is missing, has the wrong type or length, or the format is not
     *         csr or csc
     */
    public static CsrMatrix readCsr(Path file) {
        Map<String, Npy> a = read(file);
        for (String k : new String[] {"data", "indices", "indptr", "shape", "format"})
            if (!a.containsKey(k))
                throw new DataFormatException(file, k + ".npy", "missing; a scipy sparse npz holds data, indices, "
                        + "indptr, shape and format (found " + a.keySet() + ")");
        Npy fmt = a.get("format");
        if (fmt.kind() != 'S' || fmt.size() != 1)
            throw new DataFormatException(file, "format.npy", "expected a 0-d byte string");
        String format = fmt.string(0);
        long[] shape = a.get("shape").toLongs(file, "shape.npy");
        if (shape.length != 2 || shape[0] < 0 || shape[1] < 0 || shape[0] > Integer.MAX_VALUE
                || shape[1] > Integer.MAX_VALUE)
            throw new DataFormatException(file, "shape.npy", "expected two non-negative int32-sized dimensions, got "
                    + Arrays.toString(shape));
        int rows = (int) shape[0], cols = (int) shape[1];
        int[] indptr = a.get("indptr").toInts(file, "indptr.npy");
        int[] indices = a.get("indices").toInts(file, "indices.npy");
        float[] data = a.get("data").toFloats(file, "data.npy");
        int major = switch (format) {
            case "csr" -> rows;
            case "csc" -> cols;
            default -> throw new DataFormatException(file, "format.npy", "format '" + format
                    + "' is not supported (expected csr or csc)");
        };
        if (indptr.length != major + 1)
            throw new DataFormatException(file, "indptr.npy", "expected " + (major + 1) + " entries for a " + format
                    + " matrix of shape " + rows + " x " + cols + ", found " + indptr.length);
        if (indices.length != data.length)
            throw new DataFormatException(file, "indices.npy", indices.length + " indices but " + data.length
                    + " values in data.npy");
        try {
            CsrMatrix m = format.equals("csr") ? new CsrMatrix(rows, cols, indptr, indices, data)
                    : new CscMatrix(rows, cols, indptr, indices, data).toCsr();
            return m.canonical() ? m : SortedRows.canonical(rows, cols, m.indptr(), m.indices(), m.values());
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file, "indptr.npy/indices.npy", e.getMessage(), e);
        }
    }

    /**
     * Writes a CSR matrix as {@code scipy.sparse.save_npz(file, m, compressed)} does: float32 data, int32 indices
     * and indptr, int64 shape, format "csr". Written to a temporary file, then renamed.
     */
    public static void writeCsr(Path file, CsrMatrix m, boolean compressed) {
        AtomicFiles.write(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.setLevel(compressed ? 6 : 0);
                entry(zip, "indices", "<i4", new long[] {m.nnz()}, ints(m.indices(), m.nnz()));
                entry(zip, "indptr", "<i4", new long[] {m.rows() + 1L}, ints(m.indptr(), m.rows() + 1));
                entry(zip, "format", "|S3", new long[0], "csr".getBytes(StandardCharsets.US_ASCII));
                entry(zip, "shape", "<i8", new long[] {2},
                        ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(m.rows()).putLong(m.cols())
                                .array());
                ByteBuffer d = ByteBuffer.allocate(4 * m.nnz()).order(ByteOrder.LITTLE_ENDIAN);
                d.asFloatBuffer().put(m.values(), 0, m.nnz());
                entry(zip, "data", "<f4", new long[] {m.nnz()}, d.array());
            }
        });
    }

    private static byte[] ints(int[] v, int n) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(v, 0, n);
        return b.array();
    }

    private static void entry(ZipOutputStream zip, String name, String descr, long[] shape, byte[] data)
            throws IOException {
        zip.putNextEntry(new ZipEntry(name + ".npy"));
        zip.write(npyHeader(descr, shape));
        zip.write(data);
        zip.closeEntry();
    }

    /** A version 1.0 preamble, padded with spaces and a newline to a multiple of 64 bytes, as numpy writes it. */
    static byte[] npyHeader(String descr, long[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) s.append(i > 0 ? ", " : "").append(shape[i]);
        if (shape.length == 1) s.append(',');
        s.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + s + ", }";
        int total = 10 + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }
}
