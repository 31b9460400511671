package org.genex.data.sim;

import static org.genex.data.sim.SimTestStats.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HistologySpotsTest {
    static final long SEED = 31;
    static final HistologySpots.Config SMALL = HistologySpots.Config.defaults().withSizes(2, 20, 20, 120, 32)
            .withDomains(4, 8);
    static HistologySpots.Result sim;
    static int n;
    static int[] domain, sample;
    static double[][] logNorm, features;

    @BeforeAll
    static void simulate() {
        sim = HistologySpots.simulate(SMALL, SEED);
        AnnData a = sim.adata();
        n = a.nObs();
        domain = ((Column.Categorical) a.obs().get("domain")).codes();
        sample = ((Column.Categorical) a.obs().get("sample")).codes();
        double[][] counts = rows(a.requireX());
        logNorm = new double[n][];
        for (int i = 0; i < n; i++) { // normalize_total to 1e4, log1p
            double total = 0;
            for (double v : counts[i]) total += v;
            logNorm[i] = new double[counts[i].length];
            for (int j = 0; j < counts[i].length; j++) logNorm[i][j] = Math.log1p(counts[i][j] / total * 1e4);
        }
        features = new double[n][];
        for (int i = 0; i < n; i++) features[i] = patchFeatures(sim.patches(), i);
    }

    /** Mean R, G, B; sd of R, G, B; fraction of dark (nuclear) pixels. */
    static double[] patchFeatures(Tensor patches, int i) {
        int p = patches.dim(2), area = p * p;
        float[] a = patches.array();
        int at = patches.offset() + i * 3 * area;
        double[] f = new double[7];
        int dark = 0;
        for (int ch = 0; ch < 3; ch++) {
            double s = 0, ss = 0;
            for (int q = 0; q < area; q++) {
                double v = a[at + ch * area + q];
                s += v;
                ss += v * v;
            }
            f[ch] = s / area;
            f[3 + ch] = Math.sqrt(Math.max(0, ss / area - f[ch] * f[ch]));
        }
        for (int q = 0; q < area; q++) {
            double lum = (a[at + q] + a[at + area + q] + a[at + 2 * area + q]) / 3;
            if (lum < 0.45) dark++;
        }
        f[6] = (double) dark / area;
        return f;
    }

    @Test
    void spotsLieOnAVisiumHexGrid() {
        AnnData a = sim.adata();
        long[] row = ((Column.Ints) a.obs().get("array_row")).values(), col = ((Column.Ints) a.obs().get("array_col")).values();
        double[][] xy = rows(a.obsm().matrix("spatial"));
        int interior = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(row[i] % 2, col[i] % 2, "array_col has the parity of array_row");
            double nearest = Double.POSITIVE_INFINITY;
            int atSpacing = 0;
            for (int j = 0; j < n; j++) {
                if (j == i || sample[j] != sample[i]) continue;
                double d = Math.hypot(xy[i][0] - xy[j][0], xy[i][1] - xy[j][1]);
                nearest = Math.min(nearest, d);
                if (Math.abs(d - 100) < 1e-3) atSpacing++;
            }
            assertEquals(100, nearest, 1e-3, "spot " + i);
            assertTrue(atSpacing <= 6);
            if (atSpacing == 6) interior++;
        }
        assertTrue(interior > n / 2, interior + " of " + n + " spots have six neighbours");
        int[] perSample = new int[2];
        for (int s : sample) perSample[s]++;
        // an ellipse of 0.9 x the grid's half extents keeps about pi / 4 * 0.81 = 64% of the spots
        for (int s = 0; s < 2; s++) assertEquals(0.64 * 400, perSample[s], 0.1 * 400, "spots in section " + s);
    }

    @Test
    void domainsAreCompactAndMixOnlyAtBoundaries() {
        double[][] pi = rows(sim.adata().obsm().matrix("domain_proportions"));
        int[] perDomain = new int[4];
        int mixed = 0;
        for (int i = 0; i < n; i++) {
            double sum = 0, max = 0;
            int arg = 0;
            for (int d = 0; d < 4; d++) {
                sum += pi[i][d];
                if (pi[i][d] > max) {
                    max = pi[i][d];
                    arg = d;
                }
            }
            assertEquals(1, sum, 1e-5);
            assertEquals(domain[i], arg);
            perDomain[domain[i]]++;
            if (max < 0.9) mixed++;
        }
        for (int d = 0; d < 4; d++) assertTrue(perDomain[d] > 30, "domain sizes " + Arrays.toString(perDomain));
        assertTrue(mixed > 0 && mixed < 0.45 * n, mixed + " mixed spots of " + n);
    }

    /**
     * Domain markers are up in their domain relative to the other genes (whose log-normalised values all shift a
     * little with the domain's composition).
     */
    @Test
    void domainMarkersAreUpInTheirDomain() {
        int[] markerOf = ((Column.Categorical) sim.adata().var().get("domain_marker")).codes();
        int g = markerOf.length;
        double[][] diff = new double[4][g]; // mean in the domain minus mean outside, per gene
        for (int d = 0; d < 4; d++)
            for (int j = 0; j < g; j++) {
                double in = 0, out = 0;
                int nIn = 0;
                for (int i = 0; i < n; i++)
                    if (domain[i] == d) {
                        in += logNorm[i][j];
                        nIn++;
                    } else out += logNorm[i][j];
                diff[d][j] = in / nIn - out / (n - nIn);
            }
        double meanDiff = 0;
        for (int d = 0; d < 4; d++) {
            final int dd = d;
            double shift = median(java.util.stream.IntStream.range(0, g).filter(j -> markerOf[j] < 0)
                    .mapToDouble(j -> diff[dd][j]).toArray());
            for (int j = 0; j < g; j++) {
                if (markerOf[j] != d) continue;
                double up = diff[d][j] - shift;
                assertTrue(up > 0.15, "marker " + j + " of domain " + d + " is up by " + up);
                meanDiff += up / (4 * 8);
            }
        }
        assertTrue(meanDiff > 1, "mean relative log-expression difference of markers in their domain " + meanDiff);
        int markers = (int) Arrays.stream(markerOf).filter(d -> d >= 0).count();
        assertEquals(4 * 8, markers);
    }

    /**
     * Patch statistics differ by domain: a nearest-centroid classifier on seven patch statistics finds it, and the
     * domain explains much of at least one statistic.
     */
    @Test
    void patchStatisticsDifferByDomain() {
        double[] mean = new double[7], sd = new double[7];
        for (int q = 0; q < 7; q++) {
            double[] col = column(features, q);
            mean[q] = SimTestStats.mean(col);
            sd[q] = Math.sqrt(variance(col));
        }
        double[][] centroid = new double[4][7];
        int[] count = new int[4];
        for (int i = 0; i < n; i += 2) { // train on even spots, test on odd ones
            count[domain[i]]++;
            for (int q = 0; q < 7; q++) centroid[domain[i]][q] += (features[i][q] - mean[q]) / sd[q];
        }
        for (int d = 0; d < 4; d++) for (int q = 0; q < 7; q++) centroid[d][q] /= count[d];
        int correct = 0, tested = 0;
        for (int i = 1; i < n; i += 2) {
            int best = 0;
            double bestD = Double.POSITIVE_INFINITY;
            for (int d = 0; d < 4; d++) {
                double dist = 0;
                for (int q = 0; q < 7; q++) dist += Math.pow((features[i][q] - mean[q]) / sd[q] - centroid[d][q], 2);
                if (dist < bestD) {
                    bestD = dist;
                    best = d;
                }
            }
            tested++;
            if (best == domain[i]) correct++;
        }
        assertTrue(correct > 0.6 * tested, "domain accuracy from patch statistics " + correct + "/" + tested);
        double maxF = 0; // one-way ANOVA F of each statistic
        for (int q = 0; q < 7; q++) maxF = Math.max(maxF, anovaF(column(features, q)));
        assertTrue(maxF > 30, "largest F statistic of a patch statistic by domain " + maxF);
    }

    /**
     * The nuclear-density factor shows in the patch (dark-pixel fraction) and in its marker genes, beyond what the
     * domain explains.
     */
    @Test
    void imageFactorsLinkPatchesAndMarkerGenes() {
        double[] factor = sim.adata().obs().get("nuclear_density_factor").toDoubles();
        double[] dark = residualByDomain(column(features, 6));
        double r = pearson(dark, factor);
        assertTrue(r > 0.2, "dark fraction vs nuclear-density factor within domains " + r);
        double[] eosin = sim.adata().obs().get("eosin_factor").toDoubles();
        double[] green = residualByDomain(column(features, 1));
        assertTrue(pearson(green, eosin) < -0.3, "more eosin, less green " + pearson(green, eosin));
        int[] factorOf = ((Column.Categorical) sim.adata().var().get("image_factor")).codes();
        int genes = 0;
        double meanR = 0;
        for (int j = 0; j < factorOf.length; j++) {
            if (factorOf[j] < 0) continue;
            genes++;
            double[] f = sim.adata().obs().get(new String[] {"nuclear_density_factor", "eosin_factor",
                    "nuclear_size_factor"}[factorOf[j]]).toDoubles();
            double rg = pearson(column(logNorm, j), f);
            assertTrue(rg > 0.2, "image marker gene " + j + " vs its factor " + rg);
            meanR += rg / (3 * SMALL.genesPerImageFactor());
            if (factorOf[j] == 0)
                assertTrue(pearson(column(logNorm, j), dark) > 0.1, "gene " + j + " is predictable from the patch");
        }
        assertEquals(3 * SMALL.genesPerImageFactor(), genes);
        assertTrue(meanR > 0.4, "mean correlation of image marker genes with their factors " + meanR);
    }

    /** Image to expression: a ridge regression from patch statistics predicts marker genes on another section. */
    @Test
    void expressionIsPredictableFromPatches() {
        int[] markerOf = ((Column.Categorical) sim.adata().var().get("domain_marker")).codes();
        double[][] train = Arrays.stream(range(0)).mapToObj(i -> features[i]).toArray(double[][]::new);
        double[][] test = Arrays.stream(range(1)).mapToObj(i -> features[i]).toArray(double[][]::new);
        double sum = 0;
        int count = 0;
        for (int j = 0; j < markerOf.length; j++) {
            if (markerOf[j] < 0) continue;
            final int jj = j;
            double[] y = Arrays.stream(range(0)).mapToDouble(i -> logNorm[i][jj]).toArray();
            double[] truth = Arrays.stream(range(1)).mapToDouble(i -> logNorm[i][jj]).toArray();
            double[] coef = ridge(train, y, 1e-3);
            double[] pred = Arrays.stream(test).mapToDouble(f -> predict(coef, f)).toArray();
            sum += pearson(truth, pred);
            count++;
        }
        assertTrue(sum / count > 0.4, "mean PCC of domain markers predicted from patches " + sum / count);
    }

    @Test
    void patchesAreRgbInTheUnitIntervalAndSharedWithObsm() {
        Tensor p = sim.patches();
        assertArrayEquals(new int[] {n, 3, 32, 32}, p.shape().dims());
        for (float v : p.toArray()) assertTrue(v >= 0 && v <= 1);
        org.genex.data.Matrix obsm = sim.adata().obsm().matrix("patches");
        assertEquals(3 * 32 * 32, obsm.cols());
        assertSame(p.array(), obsm.dense().array());
        assertEquals(p.get(5, 2, 3, 4), obsm.get(5, 2 * 1024 + 3 * 32 + 4));
        for (float v : sim.adata().requireX().csr().values()) assertTrue(v > 0 && v == Math.rint(v));
    }

    @Test
    void sameSeedSameDataOtherSeedOtherData() {
        HistologySpots.Config tiny = SMALL.withSizes(1, 8, 8, 60, 8);
        HistologySpots.Result a = HistologySpots.simulate(tiny, 4), b = HistologySpots.simulate(tiny, 4);
        assertArrayEquals(a.patches().toArray(), b.patches().toArray());
        assertArrayEquals(a.adata().requireX().csr().values(), b.adata().requireX().csr().values());
        assertArrayEquals(a.adata().requireX().csr().indices(), b.adata().requireX().csr().indices());
        HistologySpots.Result c = HistologySpots.simulate(tiny, 5);
        assertFalse(Arrays.equals(a.patches().toArray(), c.patches().toArray()));
        assertThrows(IllegalArgumentException.class, () -> SMALL.withDomains(20, 10)); // 200 markers > 120 genes
        assertThrows(IllegalArgumentException.class, () -> SMALL.withSizes(1, 0, 8, 60, 8));
    }

    private static int[] range(int s) {
        return java.util.stream.IntStream.range(0, n).filter(i -> sample[i] == s).toArray();
    }

    /** One-way ANOVA F statistic of the values grouped by domain. */
    private static double anovaF(double[] v) {
        double[] r = residualByDomain(v);
        double total = variance(v) * (n - 1), within = 0;
        for (double e : r) within += e * e;
        return ((total - within) / 3) / (within / (n - 4));
    }

    /** The values minus their domain's mean. */
    private static double[] residualByDomain(double[] v) {
        double[] sum = new double[4];
        int[] count = new int[4];
        for (int i = 0; i < n; i++) {
            sum[domain[i]] += v[i];
            count[domain[i]]++;
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = v[i] - sum[domain[i]] / count[domain[i]];
        return out;
    }
}
