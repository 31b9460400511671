package org.genex.algorithms.bayes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.genex.algorithms.bayes.causal.CausalTestAccess;
import org.genex.tensor.io.Json;
import org.junit.jupiter.api.Test;

/** Every estimator against the numpy/scipy values of algorithms/scripts/npp_golden.py. */
class GoldenTest {
    @SuppressWarnings("unchecked")
    static Map<String, Object> golden() {
        try (InputStream in = GoldenTest.class.getResourceAsStream("npp_golden.json")) {
            return (Map<String, Object>) Json.parse(in.readAllBytes(), 64);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> section(String name) { return (Map<String, Object>) golden().get(name); }

    @SuppressWarnings("unchecked")
    static double[] arr(Map<String, Object> m, String key) {
        return ((List<Object>) m.get(key)).stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
    }

    static double num(Map<String, Object> m, String key) { return ((Number) m.get(key)).doubleValue(); }

    @Test
    void wasserstein() {
        var w = section("w");
        double[] x = arr(w, "x"), y = arr(w, "y");
        assertEquals(num(w, "w1"), new Wasserstein1D(1).powered(x, y), 1e-12);
        assertEquals(num(w, "scipy_w1"), new Wasserstein1D(1).distance(x, y), 1e-12);
        assertEquals(num(w, "w2"), new Wasserstein1D(2).powered(x, y), 1e-12);
        assertEquals(Math.sqrt(num(w, "w2")), new Wasserstein1D(2).distance(x, y), 1e-12);
    }

    @Test
    void mmdBothPathsAndBandwidths() {
        var m = section("mmd");
        Points x1 = Points.of(arr(m, "x1")), y1 = Points.of(arr(m, "y1"));
        double[] x3v = arr(m, "x3"), y3v = arr(m, "y3");
        Points x3 = new Points(x3v, x3v.length / 3, 3), y3 = new Points(y3v, y3v.length / 3, 3);
        for (KernelSums path : List.of(new ScalarKernelSums(), KernelSums.create(org.genex.tensor.cpu.Simd.AVAILABLE))) {
            assertEquals(num(m, "rbf1"), Mmd.median(Mmd.Kernel.RBF).mmd2(x1, y1, path), 1e-13);
            assertEquals(num(m, "imq1"), Mmd.median(Mmd.Kernel.IMQ).mmd2(x1, y1, path), 1e-13);
            assertEquals(num(m, "rbf3"), Mmd.median(Mmd.Kernel.RBF).mmd2(x3, y3, path), 1e-13);
            assertEquals(num(m, "imq3"), Mmd.median(Mmd.Kernel.IMQ).mmd2(x3, y3, path), 1e-13);
        }
        double[] z1 = new double[x1.n() + y1.n()];
        System.arraycopy(x1.values(), 0, z1, 0, x1.n());
        System.arraycopy(y1.values(), 0, z1, x1.n(), y1.n());
        assertEquals(num(m, "ell1"), Kernels.medianBandwidthColumns(z1, z1.length, 1), 1e-14);
        assertEquals(num(m, "ell1"), Kernels.medianBandwidth(z1, z1.length, 1, new double[z1.length * z1.length]), 1e-14);
        double[] z3 = new double[x3v.length + y3v.length];
        System.arraycopy(x3v, 0, z3, 0, x3v.length);
        System.arraycopy(y3v, 0, z3, x3v.length, y3v.length);
        int n3 = z3.length / 3;
        assertEquals(num(m, "ell3"), Kernels.medianBandwidth(z3, n3, 3, new double[n3 * n3]), 1e-14);
    }

    @Test
    void ksd() {
        var k = section("ksd");
        double[] x = arr(k, "x1");
        double theta = num(k, "theta");
        GaussianLocationModel model = GaussianLocationModel.standard();
        assertEquals(num(k, "ksd1"), Ksd.median().ksd(Points.of(x), model.score(theta, Points.of(x))), 1e-13);
        double[] x2 = arr(k, "x2"), mu = arr(k, "mu2");
        double[] score = new double[x2.length];
        for (int i = 0; i < x2.length; i++) score[i] = mu[i % 2] - x2[i];
        assertEquals(num(k, "ksd2"), Ksd.median().ksd(new Points(x2, x2.length / 2, 2), score), 1e-13);
    }

    @Test
    void weightedQuantile() {
        var w = section("wq");
        double[] v = arr(w, "v"), wt = arr(w, "w"), q = arr(w, "q"), e = arr(w, "expected");
        for (int i = 0; i < q.length; i++) assertEquals(e[i], Quantiles.weighted(v, wt, q[i]), 1e-14, "q=" + q[i]);
    }

    @Test
    void skewNormal() {
        var s = section("skewnorm");
        SkewNormal sn = SkewNormal.standardised(num(s, "a"));
        assertEquals(num(s, "loc"), sn.loc(), 1e-14);
        assertEquals(num(s, "scale"), sn.scale(), 1e-14);
        assertEquals(num(s, "median"), sn.median(), 1e-10);
        assertEquals(num(s, "mean"), sn.mean(), 1e-12);
        assertEquals(num(s, "entropy"), sn.entropy(), 1e-9);
        assertEquals(num(s, "entropy0"), SkewNormal.standardised(0).entropy(), 1e-9);
        double[] x = arr(s, "x"), cdf = arr(s, "cdf"), lp = arr(s, "logpdf");
        for (int i = 0; i < x.length; i++) {
            assertEquals(cdf[i], sn.cdf(x[i]), 1e-11);
            assertEquals(lp[i], sn.logPdf(x[i]), 1e-10);
        }
        var o = section("owens_t");
        double[] h = arr(o, "h"), a = arr(o, "a"), v = arr(o, "value");
        for (int i = 0; i < h.length; i++) assertEquals(v[i], SkewNormal.owenT(h[i], a[i]), 1e-13);
    }

    @Test
    void normalAndStudent() {
        var p = section("norm_ppf");
        double[] ps = arr(p, "p"), v = arr(p, "value");
        for (int i = 0; i < ps.length; i++) assertEquals(v[i], Normal.quantile(ps[i]), 1e-12 * Math.max(1, Math.abs(v[i])), "p=" + ps[i]);
        var l = section("norm_logcdf");
        double[] z = arr(l, "z"), lv = arr(l, "value");
        for (int i = 0; i < z.length; i++) assertEquals(lv[i], Normal.logCdf(z[i]), 1e-11 * Math.max(1, Math.abs(lv[i])), "z=" + z[i]);
        var t = section("t_logpdf");
        StudentT st = new StudentT(num(t, "df"), num(t, "loc"), num(t, "scale"));
        double[] tx = arr(t, "x"), tv = arr(t, "value");
        for (int i = 0; i < tx.length; i++) assertEquals(tv[i], st.logPdf(tx[i]), 1e-12);
        var c = section("t_cdf");
        double[] df = arr(c, "df"), tt = arr(c, "t"), cv = arr(c, "value");
        for (int i = 0; i < df.length; i++) assertEquals(cv[i], CausalTestAccess.studentCdf(tt[i], df[i]), 1e-10);
    }
}
