package org.genex.algorithms.bayes.experiments;

import java.util.Map;

/**
 * The published numbers of npp.md &sect;3.1 and &sect;4 (read from the authors' figures and notebook), printed beside
 * ours. The synthetic curves are for n = 5, 60, 115, ..., 500.
 */
public final class Published {
    private Published() {}

    /** The n grid of the published curves: linspace(5, 500, 10). */
    public static final int[] N = {5, 60, 115, 170, 225, 280, 335, 390, 445, 500};

    /** Coverage (%) of 90% intervals; key "divergence/setting/method" with setting spec|miss, method gnpp|param|np. */
    public static final Map<String, double[]> COVERAGE = Map.ofEntries(
            Map.entry("mmd/miss/gnpp", new double[] {80, 85, 90, 89, 92, 87, 92, 88, 93, 88}),
            Map.entry("mmd/miss/param", new double[] {82, 50, 30, 17, 6, 3, 1, 0, 0, 0}),
            Map.entry("mmd/miss/np", new double[] {75, 89, 92, 88, 89, 84, 89, 85, 86, 88}),
            Map.entry("mmd/spec/gnpp", new double[] {82, 87, 89, 90, 89, 86, 90, 90, 94, 92}),
            Map.entry("mmd/spec/param", new double[] {84, 83, 87, 87, 88, 86, 90, 89, 93, 90}),
            Map.entry("mmd/spec/np", new double[] {72, 86, 87, 86, 87, 87, 87, 88, 88, 91}),
            Map.entry("ksd/miss/gnpp", new double[] {78, 90, 90, 91, 93, 91, 92, 87, 90, 90}),
            Map.entry("ksd/spec/gnpp", new double[] {84, 87, 88, 85, 92, 87, 89, 90, 92, 94}),
            Map.entry("wass/miss/gnpp", new double[] {75, 95, 92, 94, 92, 88, 90, 87, 89, 90}),
            Map.entry("wass/spec/gnpp", new double[] {77, 89, 90, 93, 91, 90, 93, 92, 92, 95}));

    /** Mean logit(K) (log BF for the P&oacute;lya tree); key "divergence/setting" or "pt/spec". */
    public static final Map<String, double[]> LOGIT_K = Map.ofEntries(
            Map.entry("pt/spec", new double[] {1.17, 2.90, 3.44, 3.78, 4.07, 4.22, 4.52, 4.75, 4.77, 4.97}),
            Map.entry("wass/spec", new double[] {-1.64, -0.71, -0.39, -0.19, -0.05, 0.03, 0.13, 0.18, 0.25, 0.28}),
            Map.entry("mmd/spec", new double[] {0.47, 9.38, 9.55, 9.82, 9.95, 9.52, 9.91, 9.34, 9.43, 9.30}),
            Map.entry("ksd/spec", new double[] {0.69, 9.27, 8.79, 9.34, 10.14, 9.14, 9.51, 9.51, 9.06, 8.73}),
            Map.entry("wass/miss", new double[] {-1.68, -0.96, -0.84, -0.77, -0.74, -0.77, -0.77, -0.78, -0.78, -0.82}),
            Map.entry("mmd/miss", new double[] {1.12, 0.05, -1.42, -1.81, -2.06, -2.42, -2.65, -2.89, -3.01, -3.22}),
            Map.entry("ksd/miss", new double[] {1.74, -0.58, -1.36, -1.73, -2.01, -2.27, -2.50, -2.66, -2.88, -2.99}));

    /** The published value at n, or NaN where n is not on the published grid. */
    public static double at(Map<String, double[]> table, String key, int n) {
        double[] v = table.get(key);
        if (v == null) return Double.NaN;
        for (int i = 0; i < N.length; i++) if (N[i] == n) return v[i];
        return Double.NaN;
    }

    /** The full-data FOXP3 &rarr; GZMH parametric ATE of the authors' notebook (paper-compatible variant). */
    public static final double FOXP3_GZMH_MEAN = -0.250, FOXP3_GZMH_SD = 0.215;
    /** Its 95% interval and R&sup2; as printed. */
    public static final double FOXP3_GZMH_LO = -0.670, FOXP3_GZMH_HI = 0.171, FOXP3_GZMH_R2 = 0.108, FOXP3_GZMH_R2_ADJ = 0.089;
}
