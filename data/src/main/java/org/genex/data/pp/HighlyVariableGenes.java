package org.genex.data.pp;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;

import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.Matrix;
import org.genex.tensor.CscMatrix;
import org.genex.tensor.CsrMatrix;

/**
 * Highly variable genes, as scanpy's {@code pp.highly_variable_genes} selects them, in four flavours
 * (../shared/specs/scanpy-preprocessing.md §3 gives the exact definitions of the first two):
 *
 * <ul>
 *   <li>{@code seurat} (Seurat's {@code mean.var.plot}; expects log1p data): mean and ddof=1 variance of
 *       {@code expm1(X)}, dispersion var/mean, both logged; dispersions normalised by the mean and std of their
 *       bin among {@code n_bins} equal-width bins of the logged means (pandas {@code cut}); genes selected by
 *       mean and normalised-dispersion cutoffs, or the top {@code n_top_genes}.</li>
 *   <li>{@code cell_ranger} (expects log1p data): mean and dispersion of X itself, bins at the 10th, 15th, ...,
 *       100th percentiles of the means, normalised by the bin's median and MAD (/0.6745).</li>
 *   <li>{@code seurat_v3} / {@code seurat_v3_paper} (Seurat's {@code vst}; expects counts): per gene, the variance
 *       of the counts standardised by a regularised std (a {@link Loess} fit of log10 variance on log10 mean, span
 *       0.3, degree 2), values clipped at mean + std * sqrt(n); genes ranked by that normalised variance.</li>
 * </ul>
 *
 * With a {@code batch_key}, seurat and cell_ranger select within each batch (among the genes detected in it) and
 * combine as scanpy's {@code _highly_variable_genes_batched}: the statistics are averaged over batches, the genes
 * counted as in how many batches they are variable ({@code highly_variable_nbatches}), and with
 * {@code n_top_genes} ranked by that count, then by mean normalised dispersion. seurat_v3 ranks within each batch
 * and sorts by the median rank (then the batch count; {@code seurat_v3_paper} the other way round).
 *
 * <p>Differences from scanpy, all small: statistics in double throughout (scanpy takes expm1 of float32 data in
 * float32); the loess is evaluated directly at every gene rather than interpolated (see {@link Loess}); ties in the
 * seurat_v3 ranks are broken by gene position (scanpy's numpy quicksort leaves their order unspecified), and ties in
 * the batched ranking by gene name, as pandas' groupby orders them; batches with no cells are left out (scanpy would
 * fail on them).
 */
public final class HighlyVariableGenes {
    private static final System.Logger LOG = System.getLogger(HighlyVariableGenes.class.getName());
    private static final double MAD_SCALE = 0.6744897501960817; // statsmodels robust.mad: norm.ppf(0.75)

    private HighlyVariableGenes() {}

    /** The selection methods, by scanpy's names. */
    public enum Flavor {
        SEURAT("seurat"), CELL_RANGER("cell_ranger"), SEURAT_V3("seurat_v3"), SEURAT_V3_PAPER("seurat_v3_paper");

        private final String scanpyName;

        Flavor(String scanpyName) { this.scanpyName = scanpyName; }

        /** The name scanpy uses ({@code uns["hvg"]["flavor"]}). */
        public String scanpyName() { return scanpyName; }

        boolean v3() { return this == SEURAT_V3 || this == SEURAT_V3_PAPER; }

        /** The flavour of a scanpy name. */
        public static Flavor of(String name) {
            for (Flavor f : values()) if (f.scanpyName.equals(name)) return f;
            throw new IllegalArgumentException("highly_variable_genes: unknown flavor '" + name
                    + "'; expected seurat, cell_ranger, seurat_v3 or seurat_v3_paper");
        }
    }

    /**
     * The arguments of {@code highly_variable_genes}, scanpy's defaults in {@link #DEFAULT}: flavor seurat,
     * {@code layer=None}, {@code n_top_genes=None} (2000 for the v3 flavours), {@code min_disp=0.5},
     * {@code max_disp=inf}, {@code min_mean=0.0125}, {@code max_mean=3}, {@code span=0.3}, {@code n_bins=20},
     * {@code subset=False}, {@code batch_key=None}. With {@code n_top_genes} the four cutoffs are ignored.
     */
    public record Options(Flavor flavor, String layer, Integer nTopGenes, double minDisp, double maxDisp,
                          double minMean, double maxMean, double span, int nBins, boolean subset, String batchKey) {
        /** scanpy's defaults. */
        public static final Options DEFAULT = new Options(Flavor.SEURAT, null, null, 0.5, Double.POSITIVE_INFINITY,
                0.0125, 3, 0.3, 20, false, null);

        public Options {
            if (flavor == null) throw new IllegalArgumentException("highly_variable_genes: flavor is null");
            if (nTopGenes != null && nTopGenes < 1)
                throw new IllegalArgumentException("highly_variable_genes: n_top_genes must be >= 1, got " + nTopGenes);
            if (nBins < 1)
                throw new IllegalArgumentException("highly_variable_genes: n_bins must be >= 1, got " + nBins);
            if (!(span > 0 && span <= 1))
                throw new IllegalArgumentException("highly_variable_genes: span must be in (0, 1], got " + span);
        }

        /** A copy with scanpy's {@code flavor}. */
        public Options withFlavor(Flavor f) {
            return new Options(f, layer, nTopGenes, minDisp, maxDisp, minMean, maxMean, span, nBins, subset, batchKey);
        }

        /** A copy reading {@code layers[layer]} instead of X (null: X). */
        public Options withLayer(String l) {
            return new Options(flavor, l, nTopGenes, minDisp, maxDisp, minMean, maxMean, span, nBins, subset, batchKey);
        }

        /** A copy with {@code n_top_genes} (null: the cutoffs decide; 2000 for v3). */
        public Options withNTopGenes(Integer n) {
            return new Options(flavor, layer, n, minDisp, maxDisp, minMean, maxMean, span, nBins, subset, batchKey);
        }

        /** A copy with {@code min_disp} and {@code max_disp}. */
        public Options withDispersionCutoffs(double min, double max) {
            return new Options(flavor, layer, nTopGenes, min, max, minMean, maxMean, span, nBins, subset, batchKey);
        }

        /** A copy with {@code min_mean} and {@code max_mean}. */
        public Options withMeanCutoffs(double min, double max) {
            return new Options(flavor, layer, nTopGenes, minDisp, maxDisp, min, max, span, nBins, subset, batchKey);
        }

        /** A copy with the loess {@code span} of the v3 flavours. */
        public Options withSpan(double s) {
            return new Options(flavor, layer, nTopGenes, minDisp, maxDisp, minMean, maxMean, s, nBins, subset,
                    batchKey);
        }

        /** A copy with {@code n_bins} (seurat). */
        public Options withNBins(int n) {
            return new Options(flavor, layer, nTopGenes, minDisp, maxDisp, minMean, maxMean, span, n, subset, batchKey);
        }

        /** A copy with {@code subset}: return only the highly variable genes. */
        public Options withSubset(boolean on) {
            return new Options(flavor, layer, nTopGenes, minDisp, maxDisp, minMean, maxMean, span, nBins, on, batchKey);
        }

        /** A copy with {@code batch_key}, an obs column (null: one batch). */
        public Options withBatchKey(String key) {
            return new Options(flavor, layer, nTopGenes, minDisp, maxDisp, minMean, maxMean, span, nBins, subset, key);
        }
    }

    /**
     * Per-gene results; arrays a flavour does not produce are null. seurat / cell_ranger: {@code means},
     * {@code dispersions}, {@code dispersionsNorm}; v3: {@code means}, {@code variances}, {@code variancesNorm},
     * {@code rank} (NaN for genes outside the top n in every batch). {@code nBatches} (and for seurat /
     * cell_ranger {@code intersection}) are set when batches were given.
     */
    public record Result(boolean[] highlyVariable, double[] means, double[] dispersions, double[] dispersionsNorm,
                         double[] variances, double[] variancesNorm, double[] rank, int[] nBatches,
                         boolean[] intersection) {
        /** How many genes are highly variable. */
        public int count() {
            int n = 0;
            for (boolean b : highlyVariable) if (b) n++;
            return n;
        }
    }

    /** {@code sc.pp.highly_variable_genes(adata)}: the seurat flavour with scanpy's default cutoffs. */
    public static AnnData highlyVariableGenes(AnnData adata) { return highlyVariableGenes(adata, Options.DEFAULT); }

    /**
     * {@code sc.pp.highly_variable_genes(adata, ...)}: writes scanpy's {@code var} columns ({@code highly_variable},
     * {@code means}, {@code dispersions}, {@code dispersions_norm} as float32 values; for v3 {@code
     * highly_variable_rank}, {@code means}, {@code variances}, {@code variances_norm}; with a batch key
     * {@code highly_variable_nbatches} and, for seurat / cell_ranger, {@code highly_variable_intersection}) and
     * {@code uns["hvg"] = {"flavor": ...}}. Returns {@code adata}, or with {@code subset} the AnnData of the
     * highly variable genes (an AnnData cannot shrink in place).
     */
    public static AnnData highlyVariableGenes(AnnData adata, Options o) {
        Matrix x = Layers.get(adata, o.layer());
        Batches batches = o.batchKey() == null ? null : Batches.of(o.batchKey(), adata.obs().get(o.batchKey()));
        Result r = compute(x, o, batches, adata.varNames(), Normalize.log1pBase(adata));
        var var = adata.var();
        var.put("highly_variable", r.highlyVariable());
        if (o.flavor().v3()) {
            var.put("highly_variable_rank", new Column.Floats(r.rank(), true));
            var.put("means", r.means());
            var.put("variances", r.variances());
            var.put("variances_norm", r.variancesNorm());
            if (batches != null) var.put("highly_variable_nbatches", longs(r.nBatches()));
        } else {
            var.put("means", r.means());
            var.put("dispersions", r.dispersions());
            double[] dn32 = new double[r.dispersionsNorm().length];
            for (int j = 0; j < dn32.length; j++) dn32[j] = (float) r.dispersionsNorm()[j];
            var.put("dispersions_norm", new Column.Floats(dn32, true));
            if (batches != null) {
                var.put("highly_variable_nbatches", longs(r.nBatches()));
                var.put("highly_variable_intersection", r.intersection());
            }
        }
        Map<String, Object> hvg = new LinkedHashMap<>();
        hvg.put("flavor", o.flavor().scanpyName());
        adata.uns().put("hvg", hvg);
        return o.subset() ? adata.selectVars(r.highlyVariable()) : adata;
    }

    /**
     * The selection on a matrix (cells x genes). {@code batches} may be null (one batch); {@code varNames} order
     * ties in the batched seurat / cell_ranger ranking (null: by position); {@code log1pBase} is the base of the
     * earlier log1p for the seurat flavour (null: natural log), scanpy's {@code uns["log1p"]["base"]}.
     */
    public static Result compute(Matrix x, Options o, Batches batches, String[] varNames, Double log1pBase) {
        if (batches != null && batches.codes().length != x.rows())
            throw new IllegalArgumentException("highly_variable_genes: " + batches.codes().length
                    + " batch labels for " + x.rows() + " cells");
        if (varNames != null && varNames.length != x.cols())
            throw new IllegalArgumentException("highly_variable_genes: " + varNames.length + " gene names for "
                    + x.cols() + " genes");
        if (o.flavor().v3()) return seuratV3(x, o, batches);
        if (batches == null) {
            Single s = single(x, o, log1pBase);
            return new Result(s.hv, s.means, s.disp, s.dispNorm, null, null, null, null, null);
        }
        return batched(x, o, batches, varNames, log1pBase);
    }

    // ------------------------------------------------------------------------------ seurat and cell_ranger

    private record Single(double[] means, double[] disp, double[] dispNorm, boolean[] hv) {}

    /** scanpy's {@code _highly_variable_genes_single_batch}. */
    private static Single single(Matrix x, Options o, Double log1pBase) {
        boolean seurat = o.flavor() == Flavor.SEURAT;
        DoubleUnaryOperator undoLog = null;
        if (seurat) {
            double scale = log1pBase == null ? 1 : Math.log(log1pBase);
            undoLog = log1pBase == null ? Math::expm1 : v -> Math.expm1(v * scale);
        }
        MatrixStats.Moments m = MatrixStats.columns(x, undoLog);
        double[] mean = m.mean(), var = m.variance(1);
        int n = mean.length;
        double[] disp = new double[n];
        for (int j = 0; j < n; j++) {
            if (mean[j] == 0) mean[j] = 1e-12;
            disp[j] = var[j] / mean[j];
            if (seurat) {
                disp[j] = disp[j] == 0 ? Double.NaN : Math.log(disp[j]);
                mean[j] = Math.log1p(mean[j]);
            }
        }
        int[] bin = seurat ? equalWidthBins(mean, o.nBins()) : percentileBins(mean);
        double[] dispNorm = seurat ? normaliseSeurat(disp, bin) : normaliseCellRanger(disp, bin);
        return new Single(mean, disp, dispNorm, select(mean, dispNorm, o));
    }

    /**
     * pandas {@code cut(means, n_bins)}: edges {@code linspace(min, max, n_bins + 1)} as numpy computes them, the
     * first lowered by 0.1% of the range (both ends moved by 0.1% when min == max); right-closed bins; -1 for NaN.
     */
    static int[] equalWidthBins(double[] v, int nBins) {
        double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
        for (double a : v)
            if (!Double.isNaN(a)) {
                mn = Math.min(mn, a);
                mx = Math.max(mx, a);
            }
        if (Double.isInfinite(mn) || Double.isInfinite(mx))
            throw new IllegalArgumentException("highly_variable_genes: cannot bin means that are all NaN or "
                    + "contain infinity");
        double[] edges;
        if (mn == mx) {
            double lo = mn - (mn != 0 ? 0.001 * Math.abs(mn) : 0.001);
            double hi = mx + (mx != 0 ? 0.001 * Math.abs(mx) : 0.001);
            edges = linspace(lo, hi, nBins + 1);
        } else {
            edges = linspace(mn, mx, nBins + 1);
            edges[0] -= (mx - mn) * 0.001;
        }
        return cut(v, edges);
    }

    /** numpy's {@code linspace(start, stop, num)}: {@code k * step + start}, the last edge exactly stop. */
    static double[] linspace(double start, double stop, int num) {
        double[] out = new double[num];
        int div = num - 1;
        double delta = stop - start, step = div > 0 ? delta / div : Double.NaN;
        for (int k = 0; k < num; k++)
            out[k] = div <= 0 ? start : (step == 0 ? (double) k / div * delta : k * step) + start;
        if (num > 1) out[num - 1] = stop;
        return out;
    }

    /**
     * cell_ranger's bins: edges {@code [-inf, percentile(v, 10, 15, ..., 100), inf]} (numpy's linear
     * interpolation), right-closed. Repeated edges fail, as pandas' {@code cut} does.
     */
    static int[] percentileBins(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        double[] edges = new double[21];
        edges[0] = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 19; k++) edges[k + 1] = percentile(sorted, 10 + 5 * k);
        edges[20] = Double.POSITIVE_INFINITY;
        for (int k = 1; k < edges.length; k++)
            if (!(edges[k] > edges[k - 1]))
                throw new IllegalArgumentException("highly_variable_genes (cell_ranger): bin edges must be unique, "
                        + "as in pandas.cut; the percentiles of the gene means repeat: " + Arrays.toString(edges));
        return cut(v, edges);
    }

    /** numpy's {@code percentile(a, q)} ("linear") on sorted data, with its lerp (from the upper end past 0.5). */
    static double percentile(double[] sorted, int q) {
        int n = sorted.length;
        double virtual = (q / 100.0) * (n - 1);
        int below = (int) Math.floor(virtual), above = Math.min(below + 1, n - 1);
        double gamma = virtual - below, a = sorted[below], b = sorted[above], diff = b - a;
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }

    /** Bin k = (edges[k], edges[k + 1]] (numpy's searchsorted, side left, minus 1); -1 outside or NaN. */
    private static int[] cut(double[] v, double[] edges) {
        int[] bin = new int[v.length];
        for (int j = 0; j < v.length; j++) {
            if (Double.isNaN(v[j])) {
                bin[j] = -1;
                continue;
            }
            int lo = 0, hi = edges.length; // first index with edges[i] >= v
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (edges[mid] < v[j]) lo = mid + 1;
                else hi = mid;
            }
            bin[j] = lo == 0 || lo == edges.length ? -1 : lo - 1;
        }
        return bin;
    }

    /**
     * {@code (disp - mean) / std} with the mean and ddof=1 std of the non-NaN dispersions of the gene's bin; where
     * the std is undefined (fewer than two values) the mean becomes 0 and the std the mean, so a lone gene gets 1.
     */
    private static double[] normaliseSeurat(double[] disp, int[] bin) {
        int nb = max(bin) + 1;
        double[] sum = new double[nb], avg = new double[nb], dev = new double[nb];
        int[] count = new int[nb];
        for (int j = 0; j < disp.length; j++)
            if (bin[j] >= 0 && !Double.isNaN(disp[j])) {
                sum[bin[j]] += disp[j];
                count[bin[j]]++;
            }
        for (int b = 0; b < nb; b++) avg[b] = count[b] == 0 ? Double.NaN : sum[b] / count[b];
        double[] ss = new double[nb];
        for (int j = 0; j < disp.length; j++)
            if (bin[j] >= 0 && !Double.isNaN(disp[j])) {
                double d = disp[j] - avg[bin[j]];
                ss[bin[j]] += d * d;
            }
        for (int b = 0; b < nb; b++) {
            dev[b] = count[b] < 2 ? Double.NaN : Math.sqrt(ss[b] / (count[b] - 1));
            if (Double.isNaN(dev[b])) {
                dev[b] = avg[b];
                avg[b] = 0;
            }
        }
        double[] out = new double[disp.length];
        for (int j = 0; j < disp.length; j++)
            out[j] = bin[j] < 0 ? Double.NaN : (disp[j] - avg[bin[j]]) / dev[bin[j]];
        return out;
    }

    /**
     * {@code (disp - median) / mad} per bin: pandas' NaN-skipping median, and statsmodels' {@code robust.mad}
     * (median of |disp - median| / 0.6745), which is NaN when the bin holds a NaN.
     */
    private static double[] normaliseCellRanger(double[] disp, int[] bin) {
        int nb = max(bin) + 1;
        double[] med = new double[nb], mad = new double[nb];
        for (int b = 0; b < nb; b++) {
            int count = 0;
            boolean nan = false;
            for (int j = 0; j < disp.length; j++)
                if (bin[j] == b) {
                    count++;
                    nan |= Double.isNaN(disp[j]);
                }
            double[] vals = new double[count];
            for (int j = 0, k = 0; j < disp.length; j++) if (bin[j] == b) vals[k++] = disp[j];
            med[b] = median(Arrays.stream(vals).filter(d -> !Double.isNaN(d)).toArray());
            if (nan || count == 0) {
                mad[b] = Double.NaN;
                continue;
            }
            double center = median(vals);
            double[] dev = new double[count];
            for (int k = 0; k < count; k++) dev[k] = Math.abs(vals[k] - center) / MAD_SCALE;
            mad[b] = median(dev);
        }
        double[] out = new double[disp.length];
        for (int j = 0; j < disp.length; j++)
            out[j] = bin[j] < 0 ? Double.NaN : (disp[j] - med[bin[j]]) / mad[bin[j]];
        return out;
    }

    /** numpy's median (NaN for no values; the mean of the two middle values for an even count). */
    private static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        int h = s.length / 2;
        return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
    }

    /**
     * scanpy's {@code _subset_genes}: without n_top_genes, the four cutoffs on the means and the normalised
     * dispersions (NaN dispersions count as 0, infinities as +-Double.MAX_VALUE: numpy's {@code nan_to_num});
     * with n_top_genes, every gene whose normalised dispersion reaches the n-th largest (NaN never does).
     */
    private static boolean[] select(double[] mean, double[] dispNorm, Options o) {
        int n = mean.length;
        boolean[] hv = new boolean[n];
        if (o.nTopGenes() == null) {
            for (int j = 0; j < n; j++) {
                double d = nanToNum(dispNorm[j], 0);
                hv[j] = mean[j] > o.minMean() && mean[j] < o.maxMean() && d > o.minDisp() && d < o.maxDisp();
            }
            return hv;
        }
        double[] finite = Arrays.stream(dispNorm).filter(d -> !Double.isNaN(d)).sorted().toArray();
        int top = Math.min(o.nTopGenes(), n);
        if (top > finite.length) {
            LOG.log(System.Logger.Level.WARNING, "highly_variable_genes: n_top_genes (" + top + ") > number of "
                    + "normalized dispersions (" + finite.length + "), returning all genes with normalized "
                    + "dispersions");
            top = finite.length;
        }
        if (top == 0) return hv;
        double cutoff = finite[finite.length - top];
        for (int j = 0; j < n; j++) hv[j] = nanToNum(dispNorm[j], Double.NEGATIVE_INFINITY) >= cutoff;
        return hv;
    }

    private static double nanToNum(double v, double nan) {
        if (Double.isNaN(v)) return nan;
        if (v == Double.POSITIVE_INFINITY) return Double.MAX_VALUE;
        if (v == Double.NEGATIVE_INFINITY) return -Double.MAX_VALUE;
        return v;
    }

    /** scanpy's {@code _highly_variable_genes_batched} for seurat and cell_ranger. */
    private static Result batched(Matrix x, Options o, Batches batches, String[] varNames, Double log1pBase) {
        int n = x.cols();
        double[] meanSum = new double[n], dispSum = new double[n], normSum = new double[n];
        int[] dispCount = new int[n], normCount = new int[n], nb = new int[n];
        int used = 0;
        for (int b = 0; b < batches.count(); b++) {
            int[] cells = batches.cells(b);
            if (cells.length == 0) continue;
            used++;
            Matrix xb = x.selectRows(cells);
            int[] detected = MatrixStats.columns(xb).positive();
            int[] genes = IntStream.range(0, n).filter(j -> detected[j] >= 1).toArray();
            Single s = single(xb.selectCols(genes), o, log1pBase);
            boolean[] inBatch = new boolean[n];
            for (int k = 0; k < genes.length; k++) {
                int j = genes[k];
                inBatch[j] = true;
                meanSum[j] += s.means[k];
                if (!Double.isNaN(s.disp[k])) {
                    dispSum[j] += s.disp[k];
                    dispCount[j]++;
                }
                if (!Double.isNaN(s.dispNorm[k])) {
                    normSum[j] += s.dispNorm[k];
                    normCount[j]++;
                }
                if (s.hv[k]) nb[j]++;
            }
            for (int j = 0; j < n; j++)
                if (!inBatch[j]) { // genes not detected in the batch count with zeros, as in scanpy
                    dispCount[j]++;
                    normCount[j]++;
                }
        }
        double[] means = new double[n], disp = new double[n], norm = new double[n];
        boolean[] all = new boolean[n];
        for (int j = 0; j < n; j++) {
            means[j] = meanSum[j] / used;
            disp[j] = dispCount[j] == 0 ? Double.NaN : dispSum[j] / dispCount[j];
            norm[j] = normCount[j] == 0 ? Double.NaN : normSum[j] / normCount[j];
            all[j] = nb[j] == used;
        }
        boolean[] hv = new boolean[n];
        if (o.nTopGenes() != null) {
            Comparator<Integer> order = Comparator.<Integer>comparingInt(j -> -nb[j])
                    .thenComparing((p, q) -> descendingNanLast(norm[p], norm[q]));
            if (varNames != null) order = order.thenComparing(j -> varNames[j]);
            Integer[] genes = new Integer[n];
            for (int j = 0; j < n; j++) genes[j] = j;
            Arrays.sort(genes, order.thenComparingInt(j -> j));
            for (int k = 0; k < Math.min(o.nTopGenes(), n); k++) hv[genes[k]] = true;
        } else {
            for (int j = 0; j < n; j++) {
                if (Double.isNaN(norm[j])) norm[j] = 0; // fillna(0), kept in the output as in scanpy
                hv[j] = means[j] > o.minMean() && means[j] < o.maxMean() && norm[j] > o.minDisp()
                        && norm[j] < o.maxDisp();
            }
        }
        return new Result(hv, means, disp, norm, null, null, null, nb, all);
    }

    /** Larger first, NaN last (pandas' descending sort with na_position="last"). */
    private static int descendingNanLast(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) return Boolean.compare(Double.isNaN(a), Double.isNaN(b));
        return a > b ? -1 : a < b ? 1 : 0;
    }

    private static int max(int[] v) {
        int m = -1;
        for (int a : v) m = Math.max(m, a);
        return m;
    }

    // -------------------------------------------------------------------------------------------- seurat_v3

    /** scanpy's {@code _highly_variable_genes_seurat_v3}. */
    private static Result seuratV3(Matrix x, Options o, Batches batches) {
        int nTop = o.nTopGenes() == null ? 2000 : o.nTopGenes();
        int n = x.cols();
        warnIfNotCounts(x, o.flavor());
        MatrixStats.Moments all = MatrixStats.columns(x);
        double[] means = all.mean(), variances = all.variance(1);
        Batches bs = batches == null ? Batches.single(x.rows()) : batches;
        double[][] normVar = new double[bs.count()][];
        int used = 0;
        for (int b = 0; b < bs.count(); b++) {
            int[] cells = bs.cells(b);
            if (cells.length == 0) continue;
            Matrix xb = batches == null ? x : x.selectRows(cells);
            normVar[used++] = normalisedVariance(xb, o.span());
        }
        // ranks within each batch: 0 for the largest normalised variance (stable: ties by position)
        float[][] rank = new float[used][n];
        for (int b = 0; b < used; b++) {
            double[] nv = normVar[b];
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) order[j] = j;
            Arrays.sort(order, (p, q) -> descendingNanLast(nv[p], nv[q]));
            for (int r = 0; r < n; r++) rank[b][order[r]] = r;
        }
        int[] nb = new int[n];
        double[] median = new double[n], varNorm = new double[n];
        for (int j = 0; j < n; j++) {
            float[] ranks = new float[used];
            int k = 0;
            double sum = 0;
            for (int b = 0; b < used; b++) {
                sum += normVar[b][j];
                if (rank[b][j] < nTop) ranks[k++] = rank[b][j];
            }
            nb[j] = k;
            varNorm[j] = sum / used;
            float[] r = Arrays.copyOf(ranks, k);
            Arrays.sort(r);
            median[j] = k == 0 ? Double.NaN : k % 2 == 1 ? r[k / 2] : (r[k / 2 - 1] + r[k / 2]) / 2f;
        }
        Comparator<Integer> byRank = (p, q) -> ascendingNanLast(median[p], median[q]);
        Comparator<Integer> byBatches = (p, q) -> Integer.compare(nb[q], nb[p]);
        Comparator<Integer> order = o.flavor() == Flavor.SEURAT_V3 ? byRank.thenComparing(byBatches)
                : byBatches.thenComparing(byRank);
        Integer[] genes = new Integer[n];
        for (int j = 0; j < n; j++) genes[j] = j;
        Arrays.sort(genes, order);
        boolean[] hv = new boolean[n];
        for (int k = 0; k < Math.min(nTop, n); k++) hv[genes[k]] = true;
        return new Result(hv, means, null, null, variances, varNorm, median, batches == null ? null : nb, null);
    }

    private static int ascendingNanLast(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) return Boolean.compare(Double.isNaN(a), Double.isNaN(b));
        return Double.compare(a, b);
    }

    /**
     * The variance of each gene's counts standardised by the loess-regularised std, values clipped at
     * {@code mean + std * sqrt(n)}: {@code (n mean^2 + sum c^2 - 2 mean sum c) / ((n - 1) std^2)} over the
     * clipped values c. Genes with zero variance keep a regularised std of 1.
     */
    static double[] normalisedVariance(Matrix xb, double span) {
        MatrixStats.Moments m = MatrixStats.columns(xb);
        double[] mean = m.mean(), var = m.variance(1);
        int n = mean.length;
        int[] varying = IntStream.range(0, n).filter(j -> var[j] > 0).toArray();
        double[] lx = new double[varying.length], ly = new double[varying.length];
        for (int k = 0; k < varying.length; k++) {
            lx[k] = Math.log10(mean[varying[k]]);
            ly[k] = Math.log10(var[varying[k]]);
        }
        double[] estimate = new double[n];
        double[] fitted = varying.length == 0 ? new double[0] : Loess.fit(lx, ly, span);
        for (int k = 0; k < varying.length; k++) estimate[varying[k]] = fitted[k];
        int cells = xb.rows();
        double[] regStd = new double[n], clip = new double[n];
        for (int j = 0; j < n; j++) {
            regStd[j] = Math.sqrt(Math.pow(10, estimate[j]));
            clip[j] = regStd[j] * Math.sqrt(cells) + mean[j];
        }
        double[][] sums = clippedSums(xb, clip);
        double[] out = new double[n];
        for (int j = 0; j < n; j++)
            out[j] = (1 / ((cells - 1) * (regStd[j] * regStd[j])))
                    * (cells * (mean[j] * mean[j]) + sums[1][j] - 2 * sums[0][j] * mean[j]);
        return out;
    }

    /** Per column, the sum and the sum of squares of min(x, clip[column]), in double ({0: sums, 1: squares}). */
    private static double[][] clippedSums(Matrix x, double[] clip) {
        int n = x.cols();
        double[] sum = new double[n], sq = new double[n];
        switch (x) {
            case Matrix.Csc s -> {
                CscMatrix c = s.matrix();
                for (int j = 0; j < n; j++)
                    for (int k = c.indptr()[j]; k < c.indptr()[j + 1]; k++) {
                        double v = Math.min(c.values()[k], clip[j]);
                        sum[j] += v;
                        sq[j] += v * v;
                    }
            }
            case Matrix.Csr s -> {
                CsrMatrix c = s.matrix();
                int[] idx = c.indices();
                float[] val = c.values();
                for (int k = 0; k < c.nnz(); k++) {
                    int j = idx[k];
                    double v = Math.min(val[k], clip[j]);
                    sum[j] += v;
                    sq[j] += v * v;
                }
            }
            case Matrix.Dense d -> {
                Chunks.Dense v = Chunks.Dense.of(d.tensor());
                for (int r = 0; r < v.rows(); r++)
                    for (int j = 0; j < n; j++) {
                        double a = Math.min(v.a()[v.off() + r * n + j], clip[j]);
                        sum[j] += a;
                        sq[j] += a * a;
                    }
            }
        }
        return new double[][]{sum, sq};
    }

    /** scanpy warns when seurat_v3 gets values that are not non-negative integers. */
    private static void warnIfNotCounts(Matrix x, Flavor f) {
        float[] values = switch (x) {
            case Matrix.Dense d -> d.tensor().toArray();
            case Matrix.Csr s -> s.matrix().values();
            case Matrix.Csc s -> s.matrix().values();
        };
        for (float v : values)
            if (v < 0 || v != Math.rint(v)) {
                LOG.log(System.Logger.Level.WARNING, "highly_variable_genes: flavor='" + f.scanpyName()
                        + "' expects raw count data, but non-integers were found");
                return;
            }
    }

    private static Column.Ints longs(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return new Column.Ints(out);
    }
}
