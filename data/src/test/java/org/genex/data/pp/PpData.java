package org.genex.data.pp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.jhdf.HdfFile;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.TestTensors;

/**
 * Test inputs for the preprocessing tests: pbmc68k_reduced's raw/X and obs categoricals read directly with jHDF
 * (the h5ad reader is another package's job), its counts from the scipy npz, and the golden CSV files written by
 * data/scripts/pp_golden.py and scanpy's own reference CSVs.
 */
final class PpData {
    private PpData() {}

    // ------------------------------------------------------------------------------------------ pbmc68k

    /** raw/X (CSR float32, 700 x 765) with var names from var's index and obs bulk_labels and phase. */
    static AnnData pbmcRaw() {
        Path file = TestTensors.fixture("scanpy/pbmc68k_reduced.h5ad");
        try (HdfFile h = new HdfFile(file)) {
            long[] shape = (long[]) h.getByPath("raw/X").getAttribute("shape").getData();
            CsrMatrix m = new CsrMatrix((int) shape[0], (int) shape[1],
                    (int[]) h.getDatasetByPath("raw/X/indptr").getData(),
                    (int[]) h.getDatasetByPath("raw/X/indices").getData(),
                    (float[]) h.getDatasetByPath("raw/X/data").getData());
            String varIndex = (String) h.getByPath("var").getAttribute("_index").getData();
            String obsIndex = (String) h.getByPath("obs").getAttribute("_index").getData();
            DataFrame var = new DataFrame((String[]) h.getDatasetByPath("var/" + varIndex).getData());
            DataFrame obs = new DataFrame((String[]) h.getDatasetByPath("obs/" + obsIndex).getData());
            for (String key : new String[]{"bulk_labels", "phase"}) obs.put(key, categorical(h, "obs/" + key));
            return new AnnData(Matrix.of(m), obs, var);
        }
    }

    private static Column.Categorical categorical(HdfFile h, String path) {
        Object codes = h.getDatasetByPath(path + "/codes").getData();
        int[] c;
        if (codes instanceof byte[] b) {
            c = new int[b.length];
            for (int i = 0; i < b.length; i++) c[i] = b[i];
        } else c = (int[]) codes;
        return new Column.Categorical(c, (String[]) h.getDatasetByPath(path + "/categories").getData(), false);
    }

    /** pbmc68k_reduced_counts.npz: the integer counts (700 x 765, CSR) as float32, with pbmcRaw's tables. */
    static AnnData pbmcCounts() {
        AnnData raw = pbmcRaw();
        Path file = TestTensors.fixture("scanpy/pbmc68k_reduced_counts.npz");
        try (ZipFile zip = new ZipFile(file.toFile())) {
            long[] shape = (long[]) npy(zip, "shape.npy");
            int[] data = (int[]) npy(zip, "data.npy");
            float[] values = new float[data.length];
            for (int i = 0; i < data.length; i++) values[i] = data[i];
            CsrMatrix m = new CsrMatrix((int) shape[0], (int) shape[1], (int[]) npy(zip, "indptr.npy"),
                    (int[]) npy(zip, "indices.npy"), values);
            return new AnnData(Matrix.of(m), raw.obs(), raw.var());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<|])([a-z])(\\d)'");

    /** A 1-D little-endian .npy array of int32, int64 or float32 from the zip. */
    private static Object npy(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
            bytes = in.readAllBytes();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals((byte) 0x93, b.get(0), name + " is not an .npy file");
        int major = bytes[6];
        int headerLen = major == 1 ? b.getShort(8) & 0xffff : b.getInt(8);
        int start = (major == 1 ? 10 : 12) + headerLen;
        String header = new String(bytes, major == 1 ? 10 : 12, headerLen, StandardCharsets.ISO_8859_1);
        Matcher m = DESCR.matcher(header);
        assertTrue(m.find(), "npy header " + header);
        String kind = m.group(2) + m.group(3);
        b.position(start);
        int n = (bytes.length - start) / Integer.parseInt(m.group(3));
        return switch (kind) {
            case "i4" -> { int[] out = new int[n]; b.asIntBuffer().get(out); yield out; }
            case "i8" -> { long[] out = new long[n]; b.asLongBuffer().get(out); yield out; }
            case "f4" -> { float[] out = new float[n]; b.asFloatBuffer().get(out); yield out; }
            default -> throw new IllegalStateException("npy dtype " + kind + " in " + name);
        };
    }

    // ------------------------------------------------------------------------------------------ CSV files

    /** A CSV table: the first column names the rows; cells as text. */
    record Table(List<String> header, String[] names, List<String[]> rows) {
        int col(String name) {
            int i = header.indexOf(name);
            assertTrue(i > 0, "no column " + name + " in " + header);
            return i;
        }

        double[] doubles(String name) {
            int c = col(name);
            double[] out = new double[rows.size()];
            for (int i = 0; i < out.length; i++) {
                String v = rows.get(i)[c];
                out[i] = v.equalsIgnoreCase("nan") || v.equals("NA") ? Double.NaN : Double.parseDouble(v);
            }
            return out;
        }

        boolean[] bools(String name) {
            int c = col(name);
            boolean[] out = new boolean[rows.size()];
            for (int i = 0; i < out.length; i++) {
                String v = rows.get(i)[c];
                assertTrue(v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"), "boolean cell " + v);
                out[i] = v.equalsIgnoreCase("true");
            }
            return out;
        }
    }

    /** A golden table written by pp_golden.py. */
    static Table golden(String name) { return table(resource(name)); }

    /** One of scanpy's reference CSVs in the fixtures (R-style: quoted names, an empty first header). */
    static Table reference(String name) { return table(TestTensors.fixture("scanpy/" + name)); }

    static Table table(Path file) {
        List<String> lines = lines(file);
        List<String> header = splitCsv(lines.get(0));
        List<String[]> rows = new ArrayList<>();
        String[] names = new String[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            List<String> cells = splitCsv(lines.get(i));
            assertEquals(header.size(), cells.size(), file + " line " + (i + 1));
            rows.add(cells.toArray(String[]::new));
            names[i - 1] = cells.get(0);
        }
        return new Table(header, names, rows);
    }

    /** A dense float matrix written by pp_golden.py (no header). */
    static float[][] goldenMatrix(String name) {
        List<String> lines = lines(resource(name));
        float[][] out = new float[lines.size()][];
        for (int i = 0; i < out.length; i++) {
            String[] cells = lines.get(i).split(",");
            out[i] = new float[cells.length];
            for (int j = 0; j < cells.length; j++) out[i][j] = Float.parseFloat(cells[j]);
        }
        return out;
    }

    /** Splits a CSV line with optional double quotes (a doubled quote inside quotes is a quote). */
    static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') quoted = false;
                else cur.append(ch);
            } else if (ch == '"') quoted = true;
            else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else cur.append(ch);
        }
        out.add(cur.toString());
        return out;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resource(String name) {
        URL url = PpData.class.getResource("/golden/pp/" + name);
        assertTrue(url != null, "golden file " + name + " missing (run data/scripts/pp_golden.py)");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------ the small set

    /**
     * small_counts.csv: 41 cells (the last one empty) x 30 genes of the pbmc counts, dense X, obs bulk_labels as a
     * categorical.
     */
    static AnnData small() {
        Table t = table(resource("small_counts.csv"));
        int n = t.rows().size(), g = t.header().size() - 2;
        float[] x = new float[n * g];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            String[] row = t.rows().get(i);
            labels[i] = row[1];
            for (int j = 0; j < g; j++) x[i * g + j] = Float.parseFloat(row[2 + j]);
        }
        DataFrame obs = new DataFrame(t.names());
        obs.put("bulk_labels", Column.Categorical.of(labels));
        DataFrame var = new DataFrame(t.header().subList(2, t.header().size()).toArray(String[]::new));
        return new AnnData(Matrix.dense(n, g, x), obs, var);
    }

    // ------------------------------------------------------------------------------------------ comparisons

    /** Max |a - b| over entries, NaN where both are NaN counting as equal; fails on NaN mismatches. */
    static double maxAbsDiff(double[] a, double[] b, String what) {
        assertEquals(b.length, a.length, what + ": length");
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) || Double.isNaN(b[i])) {
                assertEquals(Double.isNaN(b[i]), Double.isNaN(a[i]), what + "[" + i + "]: " + a[i] + " vs " + b[i]);
                continue;
            }
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** Max |a - b| / max(1, |b|), NaN-aware as {@link #maxAbsDiff}. */
    static double maxRelDiff(double[] a, double[] b, String what) {
        assertEquals(b.length, a.length, what + ": length");
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) || Double.isNaN(b[i])) {
                assertEquals(Double.isNaN(b[i]), Double.isNaN(a[i]), what + "[" + i + "]: " + a[i] + " vs " + b[i]);
                continue;
            }
            max = Math.max(max, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
        }
        return max;
    }

    /** Max |m - expected| / max(1, |expected|) over a matrix; NaN-aware. */
    static double maxRelDiff(Matrix m, float[][] expected, String what) {
        assertEquals(expected.length, m.rows(), what + ": rows");
        assertEquals(expected[0].length, m.cols(), what + ": cols");
        float[] dense = m.dense().toArray();
        double[] a = new double[dense.length], b = new double[dense.length];
        for (int i = 0; i < m.rows(); i++)
            for (int j = 0; j < m.cols(); j++) {
                a[i * m.cols() + j] = dense[i * m.cols() + j];
                b[i * m.cols() + j] = expected[i][j];
            }
        return maxRelDiff(a, b, what);
    }

    /** Prints a measured deviation (kept in the test log; the report quotes them). */
    static void report(String what, double value) {
        System.out.printf("[pp golden] %-60s %.3g%n", what, value);
    }
}
