package org.genex.data.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfException;
import org.genex.data.AnnData;
import org.genex.data.AxisElement;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.CsrMatrix;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The writing half of {@link Loom}: AnnData to loom 3.0.0 through jHDF, with the mapping the class comment there gives. */
final class LoomWriter {
    private LoomWriter() {}

    static void write(AnnData adata, Path file) {
        Matrix x = adata.x();
        if (x == null) throw new IllegalArgumentException("Loom.write: the AnnData has no X; loom needs a matrix");
        if (adata.nObs() == 0 || adata.nVars() == 0)
            throw new IllegalArgumentException("Loom.write: cannot store an empty matrix (" + adata.nObs() + " x "
                    + adata.nVars() + "); jHDF cannot write zero-length datasets");
        AtomicFiles.writeVia(file, tmp -> {
            try (WritableHdfFile w = HdfFile.write(tmp)) {
                w.putDataset("matrix", genesByCells(x), matrixOptions(adata));
                if (!adata.layers().isEmpty()) {
                    WritableGroup layers = w.putGroup("layers");
                    adata.layers().asMap().forEach((k, m) -> layers.putDataset(k, genesByCells(m), matrixOptions(adata)));
                }
                writeAttributes(w.putGroup("row_attrs"), "Gene", adata.var(), adata.varm().asMap());
                writeAttributes(w.putGroup("col_attrs"), "CellID", adata.obs(), adata.obsm().asMap());
                writeGraphs(w, "row_graphs", adata.varp().asMap());
                writeGraphs(w, "col_graphs", adata.obsp().asMap());
                WritableGroup attrs = w.putGroup("attrs");
                attrs.putDataset("LOOM_SPEC_VERSION", Loom.SPEC_VERSION);
                adata.uns().forEach((k, v) -> {
                    Object value = globalAttribute(v);
                    if (value != null && !k.equals("LOOM_SPEC_VERSION")) attrs.putDataset(k, value);
                });
            } catch (HdfException e) {
                throw new DataFormatException(file, null, "cannot write loom (" + e.getMessage() + ")", e);
            }
        });
    }

    private static DatasetCreationOptions matrixOptions(AnnData adata) {
        return DatasetCreationOptions.builder().chunkDimensions(Math.min(64, adata.nVars()), Math.min(64, adata.nObs()))
                .deflate(2).build();
    }

    /** X (cells x genes) as a (genes, cells) float array. */
    private static float[][] genesByCells(Matrix m) {
        float[][] out = new float[m.cols()][m.rows()];
        CsrMatrix csr = m.csr();
        int[] ptr = csr.indptr(), idx = csr.indices();
        float[] val = csr.values();
        for (int c = 0; c < csr.rows(); c++)
            for (int e = ptr[c]; e < ptr[c + 1]; e++) out[idx[e]][c] = val[e];
        return out;
    }

    private static void writeAttributes(WritableGroup g, String nameKey, DataFrame df, Map<String, AxisElement> multi) {
        Set<String> used = new HashSet<>();
        used.add(nameKey);
        g.putDataset(nameKey, df.index());
        df.columns().forEach((k, c) -> {
            if (!used.add(k))
                throw new IllegalArgumentException("Loom.write: column '" + k + "' clashes with the loom name attribute "
                        + nameKey + " of " + g.getName());
            g.putDataset(k, attributeValues(c));
        });
        multi.forEach((k, e) -> {
            if (!(e instanceof Matrix m) || m.cols() == 0) return;
            if (!used.add(k))
                throw new IllegalArgumentException("Loom.write: " + (g.getName().equals("row_attrs") ? "varm" : "obsm")
                        + " key '" + k + "' clashes with a column of the same name");
            float[] flat = m.dense().toArray();
            float[][] rows = new float[m.rows()][];
            for (int i = 0; i < rows.length; i++) rows[i] = Arrays.copyOfRange(flat, i * m.cols(), (i + 1) * m.cols());
            g.putDataset(k, rows);
        });
    }

    /** A column as the array jHDF writes for it (see the class comment for the mapping). */
    private static Object attributeValues(Column c) {
        int n = c.size();
        return switch (c) {
            case Column.Floats f when f.float32() -> {
                float[] o = new float[n];
                for (int i = 0; i < n; i++) o[i] = (float) f.values()[i];
                yield o;
            }
            case Column.Floats f -> f.values();
            case Column.Ints i -> i.values();
            case Column.Bools b -> {
                byte[] o = new byte[n];
                for (int i = 0; i < n; i++) o[i] = (byte) (b.values()[i] ? 1 : 0);
                yield o;
            }
            case Column.Strings s -> s.values();
            case Column.Categorical k -> {
                String[] o = new String[n];
                for (int i = 0; i < n; i++) o[i] = k.codes()[i] < 0 ? "" : k.categories()[k.codes()[i]];
                yield o;
            }
            case Column.NullableStrings s -> {
                String[] o = new String[n];
                for (int i = 0; i < n; i++) o[i] = s.mask()[i] || s.values()[i] == null ? "" : s.values()[i];
                yield o;
            }
            case Column.NullableInts ni -> c.toDoubles();
            case Column.NullableBools nb -> c.toDoubles();
        };
    }

    private static void writeGraphs(WritableHdfFile w, String group, Map<String, Matrix> graphs) {
        WritableGroup g = null;
        for (Map.Entry<String, Matrix> e : graphs.entrySet()) {
            CsrMatrix m = e.getValue().csr();
            if (m.nnz() == 0) continue;
            int[] a = new int[m.nnz()];
            for (int r = 0; r < m.rows(); r++)
                for (int k = m.indptr()[r]; k < m.indptr()[r + 1]; k++) a[k] = r;
            if (g == null) g = w.putGroup(group);
            WritableGroup edges = g.putGroup(e.getKey());
            edges.putDataset("a", a);
            edges.putDataset("b", Arrays.copyOf(m.indices(), m.nnz()));
            edges.putDataset("w", Arrays.copyOf(m.values(), m.nnz()));
        }
    }

    /** An uns value loom can hold as a global attribute, or null to skip it. */
    private static Object globalAttribute(Object v) {
        return switch (v) {
            case String s -> s;
            case Double d -> d;
            case Float f -> f.doubleValue();
            case Integer i -> i.longValue();
            case Long l -> l;
            case String[] s when s.length > 0 -> s;
            case double[] a when a.length > 0 -> a;
            case float[] a when a.length > 0 -> a;
            case long[] a when a.length > 0 -> a;
            case int[] a when a.length > 0 -> a;
            default -> null;
        };
    }
}
