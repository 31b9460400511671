package org.genex.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @TempDir Path tmp;

    /** Values printed by scipy.sparse.load_npz on the two fixtures. */
    @Test
    void readsTheFixtures() {
        CsrMatrix pbmc = Npz.readCsr(TestTensors.fixtures().resolve("scanpy/pbmc68k_reduced_counts.npz"));
        assertEquals(700, pbmc.rows());
        assertEquals(765, pbmc.cols());
        assertEquals(174_400, pbmc.nnz());
        assertEquals(486_651.0, Arrays.stream(pbmc.rowSums()).sum());
        assertEquals(217, pbmc.rowNnz()[0]);
        assertArrayEquals(new int[] {3, 4, 6, 7, 8}, Arrays.copyOf(pbmc.indices(), 5));
        assertArrayEquals(new float[] {1, 1, 1, 2, 3}, Arrays.copyOf(pbmc.values(), 5));

        CsrMatrix vz = Npz.readCsr(TestTensors.fixtures().resolve("npp/vazquez_counts.npz"));
        assertEquals(544, vz.rows());
        assertEquals(227, vz.cols());
        assertEquals(11_472, vz.nnz());
        assertEquals(27_400.0, Arrays.stream(vz.rowSums()).sum());
        assertArrayEquals(new float[] {2, 1, 1, 3, 1}, Arrays.copyOf(vz.values(), 5));
    }

    @Test
    void writeThenReadIsTheSameMatrix() {
        CsrMatrix m = CsrMatrix.fromCoo(3, 5, new int[] {0, 0, 2, 2}, new int[] {1, 4, 0, 3},
                new float[] {1.5f, -2f, 3f, 7f});
        for (boolean compressed : new boolean[] {false, true}) {
            Path f = tmp.resolve("m" + compressed + ".npz");
            Npz.writeCsr(f, m, compressed);
            CsrMatrix back = Npz.readCsr(f);
            assertArrayEquals(m.indptr(), back.indptr());
            assertArrayEquals(m.indices(), back.indices());
            assertArrayEquals(m.values(), back.values());
            assertEquals(5, back.cols());
        }
    }

    @Test
    void headersArePaddedAsNumpyWritesThem() {
        byte[] h = Npz.npyHeader("<f4", new long[] {3});
        assertEquals(0, h.length % 64);
        assertEquals('\n', h[h.length - 1]);
        assertTrue(new String(h, 10, h.length - 10).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"));
    }

    @Test
    void scipyReadsWhatWeWrite() throws Exception {
        Assumptions.assumeTrue(python("import scipy.sparse"), "python3 with scipy is not available; skipping");
        CsrMatrix m = CsrMatrix.fromCoo(2, 3, new int[] {0, 1}, new int[] {2, 0}, new float[] {4f, 0.5f});
        Path f = tmp.resolve("py.npz");
        Npz.writeCsr(f, m, true);
        assertTrue(python("import scipy.sparse as sp, numpy as np; m = sp.load_npz('" + f + "'); "
                + "assert m.format == 'csr' and m.shape == (2, 3); "
                + "assert (m.toarray() == np.array([[0, 0, 4], [0.5, 0, 0]], dtype=np.float32)).all()"));
    }

    @Test
    void badFilesNameTheEntryAndTheProblem() throws IOException {
        Path notZip = tmp.resolve("bad.npz");
        Files.writeString(notZip, "hello");
        assertTrue(assertThrows(DataFormatException.class, () -> Npz.readCsr(notZip)).getMessage()
                .contains("zip"));

        Path missing = zip("missing.npz", "data", Npz.npyHeader("<f4", new long[] {1}), new byte[4]);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Npz.readCsr(missing));
        assertTrue(e.getMessage().contains("indices.npy") && e.getMessage().contains("missing"), e.getMessage());

        Path shortData = zip("short.npz", "data", Npz.npyHeader("<f4", new long[] {3}), new byte[8]);
        e = assertThrows(DataFormatException.class, () -> Npz.read(shortData));
        assertTrue(e.getMessage().contains("data.npy") && e.getMessage().contains("needs 12 data bytes"),
                e.getMessage());

        Path bigEndian = zip("be.npz", "data", Npz.npyHeader(">f4", new long[] {1}), new byte[4]);
        e = assertThrows(DataFormatException.class, () -> Npz.read(bigEndian));
        assertTrue(e.getMessage().contains("unsupported dtype '>f4'"), e.getMessage());

        Path truncated = tmp.resolve("trunc.npz");
        Path good = tmp.resolve("good.npz");
        Npz.writeCsr(good, CsrMatrix.fromCoo(2, 2, new int[] {0}, new int[] {1}, new float[] {1}), true);
        byte[] bytes = Files.readAllBytes(good);
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        assertThrows(DataFormatException.class, () -> Npz.readCsr(truncated));
    }

    @Test
    void indptrOfTheWrongLengthIsReported() throws IOException {
        Path f = tmp.resolve("w.npz");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            put(z, "data", Npz.npyHeader("<f4", new long[] {1}), new byte[4]);
            put(z, "indices", Npz.npyHeader("<i4", new long[] {1}), new byte[4]);
            put(z, "indptr", Npz.npyHeader("<i4", new long[] {2}), new byte[8]);
            put(z, "format", Npz.npyHeader("|S3", new long[0]), "csr".getBytes());
            put(z, "shape", Npz.npyHeader("<i8", new long[] {2}),
                    ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(3).putLong(3).array());
        }
        DataFormatException e = assertThrows(DataFormatException.class, () -> Npz.readCsr(f));
        assertTrue(e.getMessage().contains("indptr.npy") && e.getMessage().contains("expected 4 entries"),
                e.getMessage());
    }

    @Test
    void aFailedWriteLeavesNothingBehind() throws IOException {
        Path f = tmp.resolve("sub").resolve("x.npz");
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(1);
            throw new IOException("disk full");
        }));
        try (var files = Files.list(f.getParent())) {
            assertEquals(0, files.count());
        }
        assertFalse(Files.exists(f));
    }

    private Path zip(String name, String entry, byte[] header, byte[] data) throws IOException {
        Path f = tmp.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            put(z, entry, header, data);
        }
        return f;
    }

    private static void put(ZipOutputStream z, String name, byte[] header, byte[] data) throws IOException {
        z.putNextEntry(new ZipEntry(name + ".npy"));
        z.write(header);
        z.write(data);
        z.closeEntry();
    }

    private static boolean python(String code) throws IOException, InterruptedException {
        Path py = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(py)) return false;
        Process p = new ProcessBuilder(py.toString(), "-c", code).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        if (p.exitValue() != 0 && !out.contains("ModuleNotFoundError")) System.err.println(out);
        return p.exitValue() == 0;
    }
}
