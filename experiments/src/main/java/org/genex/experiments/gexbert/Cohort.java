package org.genex.experiments.gexbert;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.io.Delimited;
import org.genex.data.io.H5adReader;
import org.genex.data.sim.BulkCohort;
import org.genex.tensor.Rng;

/**
 * A bulk cohort for the GexBERT tasks: log expression (samples x genes, NaN = missing), cancer type, survival time
 * and event, and a patient-level train / validation / test split. From the simulator ({@link #simulated}, with its
 * ground truth) or from a file ({@link #read}): an {@code .h5ad} (X = log2(TPM + 1) or similar, obs columns for
 * type, time and event) or a {@code .csv}/{@code .tsv} table with one row per sample, the sample id first, those
 * columns by name and every other numeric column a gene. Without a split column, patients are split 70/10/20
 * within each type by the seed.
 *
 * @param x           log expression [n * G] row-major; NaN = not measured
 * @param type        cancer type codes [n]
 * @param time        survival time [n] (NaN when unknown)
 * @param event       event indicator [n]
 * @param split       0 train, 1 validation, 2 test [n]
 * @param anchorGenes per type, the true anchor genes (simulation only; null for files)
 * @param typeGenes   per type, the genes with a type-specific effect (simulation only; null for files)
 */
public record Cohort(float[] x, int n, int genes, String[] geneNames, int[] type, String[] typeNames, double[] time,
                     boolean[] event, int[] split, int[][] anchorGenes, boolean[][] typeGenes) {

    /** Column names of a real cohort. */
    public record Columns(String type, String time, String event, String split) {
        /** {@code cancer_type}, {@code survival_time}, {@code event}, {@code split}. */
        public static Columns defaults() { return new Columns("cancer_type", "survival_time", "event", "split"); }
    }

    public int[] rows(int splitCode) {
        return java.util.stream.IntStream.range(0, n).filter(i -> split[i] == splitCode).toArray();
    }

    public int types() { return typeNames.length; }

    /** The rows' values [rows.length * G]. */
    public float[] values(int[] rows) {
        float[] out = new float[rows.length * genes];
        for (int i = 0; i < rows.length; i++) System.arraycopy(x, rows[i] * genes, out, i * genes, genes);
        return out;
    }

    /** The simulated cohort of {@link BulkCohort}, with its anchors and type-specific genes. */
    public static Cohort simulated(BulkCohort.Config config, long seed) {
        BulkCohort.Result r = BulkCohort.simulate(config, seed);
        AnnData ad = r.adata();
        Cohort c = fromAnnData(ad, Columns.defaults(), seed);
        float[] effects = ad.varm().get("type_effects") instanceof org.genex.data.Matrix m ? m.dense().toArray() : null;
        int t = c.types();
        boolean[][] typeGenes = new boolean[t][c.genes];
        if (effects != null)
            for (int g = 0; g < c.genes; g++) for (int k = 0; k < t; k++) typeGenes[k][g] = effects[g * t + k] != 0f;
        return new Cohort(c.x, c.n, c.genes, c.geneNames, c.type, c.typeNames, c.time, c.event, c.split,
                r.anchorGenes(), typeGenes);
    }

    /** Reads an {@code .h5ad} or a delimited table (see the class comment). */
    public static Cohort read(Path file, Columns columns, long seed) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".h5ad")) return fromAnnData(H5adReader.read(file), columns, seed);
        DataFrame df = Delimited.readTable(file);
        List<String> genes = new ArrayList<>();
        List<double[]> cols = new ArrayList<>();
        for (String col : df.columnNames()) {
            if (col.equals(columns.type()) || col.equals(columns.time()) || col.equals(columns.event())
                    || col.equals(columns.split())) continue;
            double[] v = numeric(df.get(col));
            if (v == null) continue;                                     // a non-numeric annotation column
            genes.add(col);
            cols.add(v);
        }
        if (genes.isEmpty())
            throw new IllegalArgumentException(file + ": no numeric gene columns besides " + columns);
        int n = df.rows(), g = genes.size();
        float[] x = new float[n * g];
        for (int j = 0; j < g; j++) for (int i = 0; i < n; i++) x[i * g + j] = (float) cols.get(j)[i];
        return assemble(file.toString(), x, n, genes.toArray(String[]::new), df, columns, seed);
    }

    /** A cohort from an AnnData: X as log expression, the obs columns named in {@code columns}. */
    public static Cohort fromAnnData(AnnData ad, Columns columns, long seed) {
        return assemble("AnnData", ad.requireX().dense().toArray(), ad.nObs(), ad.varNames(), ad.obs(), columns, seed);
    }

    private static Cohort assemble(String where, float[] x, int n, String[] geneNames, DataFrame obs, Columns columns,
                                   long seed) {
        if (!obs.has(columns.type()))
            throw new IllegalArgumentException(where + ": no type column '" + columns.type() + "' (have "
                    + obs.columnNames() + ")");
        String[] labels = labels(obs.get(columns.type()));
        Map<String, Integer> codes = new LinkedHashMap<>();
        String[] sorted = Arrays.stream(labels).distinct().sorted().toArray(String[]::new);
        for (String s : sorted) codes.put(s, codes.size());
        int[] type = new int[n];
        for (int i = 0; i < n; i++) type[i] = codes.get(labels[i]);
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        Arrays.fill(time, Double.NaN);
        if (obs.has(columns.time())) time = numeric(obs.get(columns.time()));
        if (time == null) throw new IllegalArgumentException(where + ": time column '" + columns.time() + "' is not numeric");
        if (obs.has(columns.event())) {
            double[] e = numeric(obs.get(columns.event()));
            if (e == null) throw new IllegalArgumentException(where + ": event column '" + columns.event()
                    + "' is not numeric or boolean");
            for (int i = 0; i < n; i++) event[i] = e[i] != 0 && !Double.isNaN(e[i]);
        }
        int[] split;
        if (columns.split() != null && obs.has(columns.split())) {
            String[] s = labels(obs.get(columns.split()));
            split = new int[n];
            for (int i = 0; i < n; i++)
                split[i] = switch (s[i]) {
                    case "train" -> 0;
                    case "val", "validation" -> 1;
                    case "test" -> 2;
                    default -> throw new IllegalArgumentException(where + ": split '" + s[i] + "' of row " + i
                            + " is not train, val or test");
                };
        } else split = stratifiedSplit(type, sorted.length, Rng.seeded(seed).fork("split"));
        return new Cohort(x, n, geneNames.length, geneNames, type, sorted, time, event, split, null, null);
    }

    /** 70/10/20 within each type. */
    static int[] stratifiedSplit(int[] type, int nt, Rng rng) {
        int[] split = new int[type.length];
        for (int t = 0; t < nt; t++) {
            final int tt = t;
            int[] members = java.util.stream.IntStream.range(0, type.length).filter(i -> type[i] == tt).toArray();
            rng.shuffle(members);
            int nTrain = (int) Math.round(0.7 * members.length), nVal = (int) Math.round(0.1 * members.length);
            for (int q = 0; q < members.length; q++) split[members[q]] = q < nTrain ? 0 : q < nTrain + nVal ? 1 : 2;
        }
        return split;
    }

    private static String[] labels(Column c) {
        String[] out = new String[c.size()];
        for (int i = 0; i < out.length; i++) out[i] = c.format(i);
        return out;
    }

    /** The column as doubles (booleans 0/1), or null when it is text. */
    private static double[] numeric(Column c) {
        return switch (c) {
            case Column.Floats f -> f.values().clone();
            case Column.Ints v -> Arrays.stream(v.values()).asDoubleStream().toArray();
            case Column.Bools b -> {
                double[] o = new double[b.size()];
                for (int i = 0; i < o.length; i++) o[i] = b.values()[i] ? 1 : 0;
                yield o;
            }
            case Column.NullableInts v -> {
                double[] o = new double[v.size()];
                for (int i = 0; i < o.length; i++) o[i] = v.mask()[i] ? Double.NaN : v.values()[i];
                yield o;
            }
            case Column.NullableBools v -> {
                double[] o = new double[v.size()];
                for (int i = 0; i < o.length; i++) o[i] = v.mask()[i] ? Double.NaN : v.values()[i] ? 1 : 0;
                yield o;
            }
            default -> null;
        };
    }
}
