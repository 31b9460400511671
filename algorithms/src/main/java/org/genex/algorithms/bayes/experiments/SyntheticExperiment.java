package org.genex.algorithms.bayes.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.genex.algorithms.bayes.BayesianBootstrap;
import org.genex.algorithms.bayes.GaussianLocationModel;
import org.genex.algorithms.bayes.GbfDivergence;
import org.genex.algorithms.bayes.GeneralizedBayesFactor;
import org.genex.algorithms.bayes.Gnpp;
import org.genex.algorithms.bayes.Ksd;
import org.genex.algorithms.bayes.Mmd;
import org.genex.algorithms.bayes.Points;
import org.genex.algorithms.bayes.PolyaTreeNpp;
import org.genex.algorithms.bayes.SkewNormal;
import org.genex.algorithms.bayes.Wasserstein1D;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;
import org.knowm.xchart.XYChart;

/**
 * The synthetic experiment of npp.md &sect;3: data from a standardised skew-normal with shape a = 0 ("spec", the
 * Gaussian model is right) or a = 10 ("miss"), the model x ~ N(&theta;, 1), &theta; ~ N(0, 1), the target the median
 * of P0; for each n of the grid and each repeat, gNPP with each divergence (W<sub>1</sub> with &gamma; = 0.1, MMD&sup2;
 * RBF and KSD with &gamma; = 0.49; s = 0.1, T on, M = 100, L = n), and the exact NPP with the embedded P&oacute;lya
 * tree. Metrics per n: coverage of the 90% intervals (true median strictly inside), RMSE of the point estimate,
 * mean interval length, mean logit(K); for the P&oacute;lya tree mean log BF, P(M<sub>par</sub> | x) and KL to P0.
 *
 * <p>Run: {@code java -cp ... org.genex.algorithms.bayes.experiments.SyntheticExperiment --settings full --out DIR}
 * (options below); writes {@code synthetic.md}, {@code synthetic.csv}, {@code synthetic_*.png} and prints the wall
 * time. Repeats run in parallel on the shared pool, each with its own random streams, so the numbers do not depend
 * on the thread count.
 */
public final class SyntheticExperiment {
    /**
     * Every setting of a run.
     *
     * @param ns               the n grid (paper: linspace(5, 500, 10))
     * @param repeats          independent data sets per setting (100)
     * @param parameterSamples M (100)
     * @param spikeProb        s (0.1)
     * @param divergences      any of "wass", "mmd", "ksd"
     * @param skews            the skew-normal shapes (0 and 10)
     * @param ciLevel          0.9
     * @param seed             the root seed (1234)
     * @param ptSamples        S of the P&oacute;lya tree (1000); 0 skips it
     * @param ptRepeats        repeats of the P&oacute;lya tree (100)
     * @param ptHeldout        held-out points for the KL (1000); 0 skips the KL
     * @param ptMaxN           the largest n for the P&oacute;lya tree
     */
    public record Settings(int[] ns, int repeats, int parameterSamples, double spikeProb, List<String> divergences,
                           double[] skews, double ciLevel, long seed, int ptSamples, int ptRepeats, int ptHeldout, int ptMaxN) {
        /** The paper's full settings (npp.md &sect;3). */
        public static Settings full() {
            return new Settings(Published.N.clone(), 100, 100, 0.1, List.of("wass", "mmd", "ksd"), new double[] {0, 10}, 0.9,
                    1234, 1000, 100, 1000, 500);
        }

        /** The small CPU configuration of npp.md &sect;5. */
        public static Settings small() {
            return new Settings(new int[] {5, 60, 115, 170, 225}, 20, 50, 0.1, List.of("wass", "mmd", "ksd"),
                    new double[] {0, 10}, 0.9, 1234, 200, 20, 200, 200);
        }
    }

    /** Per-n metrics of one method in one setting. */
    public record Curve(String divergence, String setting, String method, int[] ns, double[] coverage, double[] rmse,
                        double[] intervalLength, double[] meanLogitK) {}

    /** P&oacute;lya-tree metrics per n for one setting. */
    public record TreeCurve(String setting, int[] ns, double[] meanLogBf, double[] parametricProb, double[] klNpp,
                            double[] klParametric, double[] klTree) {}

    /** Everything a run measured. */
    public record Results(Settings settings, List<Curve> curves, List<TreeCurve> trees, double seconds, double treeSeconds) {
        /** The curve for (divergence, setting, method), or null. */
        public Curve curve(String divergence, String setting, String method) {
            for (Curve c : curves)
                if (c.divergence.equals(divergence) && c.setting.equals(setting) && c.method.equals(method)) return c;
            return null;
        }
    }

    private SyntheticExperiment() {}

    static String settingName(double skew) { return skew == 0 ? "spec" : "miss"; }

    /** The gNPP settings for a divergence name, as in the authors' full runs. */
    public static Gnpp.Config gnppConfig(String divergence, int m, double spikeProb, double ciLevel) {
        return switch (divergence) {
            case "wass" -> new Gnpp.Config(GeneralizedBayesFactor.of(spikeProb, 0.1), GbfDivergence.twoSample(new Wasserstein1D(1)), m, ciLevel);
            case "mmd" -> new Gnpp.Config(GeneralizedBayesFactor.of(spikeProb, 0.49), GbfDivergence.twoSample(Mmd.median(Mmd.Kernel.RBF)), m, ciLevel);
            case "ksd" -> new Gnpp.Config(GeneralizedBayesFactor.of(spikeProb, 0.49), GbfDivergence.ksd(Ksd.median()), m, ciLevel);
            default -> throw new IllegalArgumentException("unknown divergence " + divergence + " (wass, mmd, ksd)");
        };
    }

    /** Runs the gNPP part and the P&oacute;lya-tree part. */
    public static Results run(Settings st) {
        long t0 = System.nanoTime();
        GaussianLocationModel model = GaussianLocationModel.standard();
        Rng root = Rng.seeded(st.seed());
        int nN = st.ns().length, reps = st.repeats(), nD = st.divergences().size();
        int maxN = Arrays.stream(st.ns()).max().orElseThrow();
        List<Curve> curves = new ArrayList<>();
        for (int a = 0; a < st.skews().length; a++) {
            SkewNormal p0 = SkewNormal.standardised(st.skews()[a]);
            double truth = p0.median();
            String setting = settingName(st.skews()[a]);
            // [method][div][rep][n]: 0 gnpp, 1 parametric, 2 nonparametric
            double[][][][] err = new double[3][nD][reps][nN], len = new double[3][nD][reps][nN];
            boolean[][][][] cov = new boolean[3][nD][reps][nN];
            double[][][] logitK = new double[nD][reps][nN];
            final int ai = a;
            Parallel.forEach(reps, rep -> {
                double[] xRep = p0.sample(maxN, root.fork("data").fork(ai).fork(rep));
                for (int j = 0; j < nN; j++) {
                    int n = st.ns()[j];
                    Points x = Points.of(Arrays.copyOf(xRep, n));
                    Rng fitRng = root.fork("fit").fork(ai).fork(rep).fork(n);
                    for (int d = 0; d < nD; d++) {
                        Gnpp g = new Gnpp(gnppConfig(st.divergences().get(d), st.parameterSamples(), st.spikeProb(), st.ciLevel()));
                        Gnpp.Fit f = g.fit(model, x, BayesianBootstrap.median(), fitRng);
                        double[][] ivs = {f.interval(), f.parametricInterval(), f.nonparametricInterval()};
                        double[] means = {f.mean(), f.parametricMean(), f.nonparametricMean()};
                        for (int m = 0; m < 3; m++) {
                            err[m][d][rep][j] = means[m] - truth;
                            len[m][d][rep][j] = ivs[m][1] - ivs[m][0];
                            cov[m][d][rep][j] = truth > ivs[m][0] && truth < ivs[m][1];
                        }
                        logitK[d][rep][j] = GeneralizedBayesFactor.logit(f.k());
                    }
                }
            });
            String[] methods = {"gnpp", "param", "np"};
            for (int d = 0; d < nD; d++)
                for (int m = 0; m < 3; m++) {
                    double[] c = new double[nN], r = new double[nN], l = new double[nN], lk = new double[nN];
                    for (int j = 0; j < nN; j++) {
                        double cs = 0, es = 0, ls = 0, ks = 0;
                        for (int rep = 0; rep < reps; rep++) {
                            if (cov[m][d][rep][j]) cs++;
                            es += err[m][d][rep][j] * err[m][d][rep][j];
                            ls += len[m][d][rep][j];
                            ks += logitK[d][rep][j];
                        }
                        c[j] = 100 * cs / reps;
                        r[j] = Math.sqrt(es / reps);
                        l[j] = ls / reps;
                        lk[j] = m == 0 ? ks / reps : Double.NaN;
                    }
                    curves.add(new Curve(st.divergences().get(d), setting, methods[m], st.ns().clone(), c, r, l, lk));
                }
        }
        double gnppSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        List<TreeCurve> trees = st.ptSamples() > 0 ? runTrees(st, model, root) : List.of();
        double treeSeconds = (System.nanoTime() - t1) / 1e9;
        return new Results(st, curves, trees, gnppSeconds, treeSeconds);
    }

    private static List<TreeCurve> runTrees(Settings st, GaussianLocationModel model, Rng root) {
        int[] ns = Arrays.stream(st.ns()).filter(n -> n <= st.ptMaxN()).toArray();
        int nN = ns.length, reps = st.ptRepeats();
        int maxN = Arrays.stream(ns).max().orElse(0);
        PolyaTreeNpp.Config cfg = new PolyaTreeNpp.Config(st.ptSamples(), 0, 1, st.spikeProb(), 40);
        List<TreeCurve> out = new ArrayList<>();
        for (int a = 0; a < st.skews().length; a++) {
            SkewNormal p0 = SkewNormal.standardised(st.skews()[a]);
            double entropy = p0.entropy();
            double[] heldout = p0.sample(st.ptHeldout(), root.fork("heldout").fork(a));
            double[][] bf = new double[reps][nN], pp = new double[reps][nN], kl = new double[reps][nN],
                    klPar = new double[reps][nN], klTree = new double[reps][nN];
            final int ai = a;
            Parallel.forEach(reps, rep -> {
                double[] xRep = p0.sample(maxN, root.fork("data").fork(ai).fork(rep)); // the gNPP part's data
                for (int j = 0; j < nN; j++) {
                    PolyaTreeNpp t = new PolyaTreeNpp(model, Arrays.copyOf(xRep, ns[j]), cfg,
                            root.fork("tree").fork(ai).fork(rep).fork(ns[j]));
                    bf[rep][j] = t.logBayesFactor();
                    pp[rep][j] = t.parametricProbability();
                    if (heldout.length > 0) {
                        double sn = 0, sp = 0, st2 = 0;
                        for (double h : heldout) {
                            double lp = t.logParametricPredictive(h), lt = t.logTreePredictive(h);
                            double p = pp[rep][j];
                            sn += logAddExp(Math.log(p) + lp, Math.log1p(-p) + lt);
                            sp += lp;
                            st2 += lt;
                        }
                        kl[rep][j] = -entropy - sn / heldout.length;
                        klPar[rep][j] = -entropy - sp / heldout.length;
                        klTree[rep][j] = -entropy - st2 / heldout.length;
                    }
                }
            });
            out.add(new TreeCurve(settingName(st.skews()[a]), ns, colMean(bf), colMean(pp),
                    heldout.length > 0 ? colMean(kl) : nan(nN), heldout.length > 0 ? colMean(klPar) : nan(nN),
                    heldout.length > 0 ? colMean(klTree) : nan(nN)));
        }
        return out;
    }

    private static double logAddExp(double a, double b) {
        double m = Math.max(a, b);
        if (m == Double.NEGATIVE_INFINITY) return m;
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }

    private static double[] nan(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    private static double[] colMean(double[][] v) {
        double[] m = new double[v[0].length];
        for (double[] row : v) for (int j = 0; j < m.length; j++) m[j] += row[j] / v.length;
        return m;
    }

    // ------------------------------------------------------------------------------------------------ output

    /** Writes synthetic.md, synthetic.csv and the PNG figures into dir. */
    public static void write(Results r, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("synthetic.md"), markdown(r));
            Files.writeString(dir.resolve("synthetic.csv"), csv(r));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        plots(r, dir);
    }

    static String fmt(double v, int digits) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    /** The Markdown report: ours beside the published numbers. */
    public static String markdown(Results r) {
        Settings st = r.settings();
        StringBuilder b = new StringBuilder();
        b.append("# NPP synthetic experiment (npp.md §3)\n\n");
        b.append(String.format(Locale.ROOT, "Settings: n = %s, %d repeats, M = %d, s = %s, L = n, T(u) = u·e^(u−1), 90%% intervals, "
                        + "seed %d; W1 γ = 0.1, MMD² (RBF, median heuristic) γ = 0.49, KSD (IMQ) γ = 0.49. gNPP wall time %.1f s",
                Arrays.toString(st.ns()), st.repeats(), st.parameterSamples(), st.spikeProb(), st.seed(), r.seconds()));
        if (!r.trees().isEmpty())
            b.append(String.format(Locale.ROOT, "; Pólya tree (S = %d, %d repeats, %d held-out points, n ≤ %d) %.1f s",
                    st.ptSamples(), st.ptRepeats(), st.ptHeldout(), st.ptMaxN(), r.treeSeconds()));
        b.append(".\nRows marked *paper* are the authors' published values (read from their figures); other rows are ours.\n\n");
        int[] ns = st.ns();
        b.append("## Coverage of 90% intervals (%)\n\n");
        header(b, "divergence | setting | method", ns);
        for (String div : st.divergences())
            for (String set : List.of("miss", "spec"))
                for (String m : List.of("gnpp", "param", "np")) {
                    Curve c = r.curve(div, set, m);
                    if (c == null) continue;
                    row(b, div + " | " + set + " | " + m, c.coverage(), 0);
                    double[] pub = published(Published.COVERAGE, div + "/" + set + "/" + m, ns);
                    if (hasAny(pub)) row(b, div + " | " + set + " | " + m + " *paper*", pub, 0);
                }
        b.append("\n## Mean logit(K) (gNPP) and mean log BF (Pólya tree)\n\n");
        header(b, "divergence | setting", ns);
        for (String div : st.divergences())
            for (String set : List.of("spec", "miss")) {
                Curve c = r.curve(div, set, "gnpp");
                if (c == null) continue;
                row(b, div + " | " + set, c.meanLogitK(), 2);
                double[] pub = published(Published.LOGIT_K, div + "/" + set, ns);
                if (hasAny(pub)) row(b, div + " | " + set + " *paper*", pub, 2);
            }
        for (TreeCurve t : r.trees()) {
            row(b, "Pólya tree log BF | " + t.setting(), align(t.ns(), t.meanLogBf(), ns), 2);
            double[] pub = published(Published.LOGIT_K, "pt/" + t.setting(), ns);
            if (hasAny(pub)) row(b, "Pólya tree log BF | " + t.setting() + " *paper*", pub, 2);
        }
        b.append("\n## RMSE of the point estimate (no published values: log-scale figures only)\n\n");
        header(b, "divergence | setting | method", ns);
        for (String div : st.divergences())
            for (String set : List.of("miss", "spec"))
                for (String m : List.of("gnpp", "param", "np")) {
                    Curve c = r.curve(div, set, m);
                    if (c != null) row(b, div + " | " + set + " | " + m, c.rmse(), 3);
                }
        b.append("\n## Mean length of the 90% interval\n\n");
        header(b, "divergence | setting | method", ns);
        for (String div : st.divergences())
            for (String set : List.of("miss", "spec"))
                for (String m : List.of("gnpp", "param", "np")) {
                    Curve c = r.curve(div, set, m);
                    if (c != null) row(b, div + " | " + set + " | " + m, c.intervalLength(), 3);
                }
        if (!r.trees().isEmpty()) {
            b.append("\n## Exact NPP (Pólya tree): P(parametric | x) and KL(P0 ‖ predictive)\n\n");
            header(b, "setting | quantity", ns);
            for (TreeCurve t : r.trees()) {
                row(b, t.setting() + " | P(M_par | x)", align(t.ns(), t.parametricProb(), ns), 3);
                row(b, t.setting() + " | KL NPP", align(t.ns(), t.klNpp(), ns), 4);
                row(b, t.setting() + " | KL parametric", align(t.ns(), t.klParametric(), ns), 4);
                row(b, t.setting() + " | KL Pólya tree", align(t.ns(), t.klTree(), ns), 4);
            }
        }
        return b.toString();
    }

    private static double[] align(int[] tns, double[] v, int[] ns) {
        double[] out = nan(ns.length);
        for (int i = 0; i < ns.length; i++)
            for (int j = 0; j < tns.length; j++) if (tns[j] == ns[i]) out[i] = v[j];
        return out;
    }

    private static boolean hasAny(double[] v) {
        for (double x : v) if (!Double.isNaN(x)) return true;
        return false;
    }

    private static double[] published(java.util.Map<String, double[]> table, String key, int[] ns) {
        double[] v = new double[ns.length];
        for (int i = 0; i < ns.length; i++) v[i] = Published.at(table, key, ns[i]);
        return v;
    }

    private static void header(StringBuilder b, String first, int[] ns) {
        b.append("| ").append(first);
        for (int n : ns) b.append(" | ").append(n);
        b.append(" |\n|");
        int cols = first.split("\\|").length + ns.length;
        for (int i = 0; i < cols; i++) b.append("---|");
        b.append('\n');
    }

    private static void row(StringBuilder b, String first, double[] v, int digits) {
        b.append("| ").append(first);
        for (double x : v) b.append(" | ").append(fmt(x, digits));
        b.append(" |\n");
    }

    /** Long-format CSV of every metric, with the published values where they exist. */
    public static String csv(Results r) {
        StringBuilder b = new StringBuilder("divergence,setting,method,n,coverage,rmse,interval_length,mean_logit_k,paper_coverage,paper_logit_k\n");
        for (Curve c : r.curves())
            for (int j = 0; j < c.ns().length; j++) {
                int n = c.ns()[j];
                b.append(String.join(",", c.divergence(), c.setting(), c.method(), Integer.toString(n), fmt(c.coverage()[j], 1),
                        fmt(c.rmse()[j], 5), fmt(c.intervalLength()[j], 5), fmt(c.meanLogitK()[j], 4),
                        fmt(Published.at(Published.COVERAGE, c.divergence() + "/" + c.setting() + "/" + c.method(), n), 0),
                        c.method().equals("gnpp") ? fmt(Published.at(Published.LOGIT_K, c.divergence() + "/" + c.setting(), n), 2) : ""))
                        .append('\n');
            }
        for (TreeCurve t : r.trees())
            for (int j = 0; j < t.ns().length; j++) {
                int n = t.ns()[j];
                b.append(String.join(",", "polya_tree", t.setting(), "npp", Integer.toString(n), "", "", "", fmt(t.meanLogBf()[j], 4),
                        "", fmt(Published.at(Published.LOGIT_K, "pt/" + t.setting(), n), 2))).append('\n');
            }
        return b.toString();
    }

    private static void plots(Results r, Path dir) {
        Settings st = r.settings();
        double[] x = Arrays.stream(st.ns()).asDoubleStream().toArray();
        List<XYChart> cov = new ArrayList<>(), lk = new ArrayList<>(), rmse = new ArrayList<>();
        for (String div : st.divergences())
            for (String set : List.of("miss", "spec")) {
                XYChart c = Charts.chart(div + ", " + set + ": coverage of 90% intervals", "n", "coverage (%)");
                XYChart e = Charts.chart(div + ", " + set + ": RMSE", "n", "RMSE");
                for (String m : List.of("gnpp", "param", "np")) {
                    Curve cu = r.curve(div, set, m);
                    if (cu == null) continue;
                    Charts.line(c, m, x, cu.coverage());
                    Charts.line(e, m, x, cu.rmse());
                }
                Charts.dashed(c, "gnpp (paper)", x, published(Published.COVERAGE, div + "/" + set + "/gnpp", st.ns()));
                cov.add(c);
                rmse.add(e);
            }
        for (String set : List.of("spec", "miss")) {
            XYChart c = Charts.chart(set + ": mean logit(K)", "n", "logit K");
            for (String div : st.divergences()) {
                Curve cu = r.curve(div, set, "gnpp");
                if (cu == null) continue;
                Charts.line(c, div, x, cu.meanLogitK());
                Charts.dashed(c, div + " (paper)", x, published(Published.LOGIT_K, div + "/" + set, st.ns()));
            }
            for (TreeCurve t : r.trees())
                if (t.setting().equals(set)) {
                    Charts.line(c, "Pólya tree log BF", x, align(t.ns(), t.meanLogBf(), st.ns()));
                    Charts.dashed(c, "Pólya tree (paper)", x, published(Published.LOGIT_K, "pt/" + set, st.ns()));
                }
            lk.add(c);
        }
        Charts.save(cov, 2, dir.resolve("synthetic_coverage.png"));
        Charts.save(rmse, 2, dir.resolve("synthetic_rmse.png"));
        Charts.save(lk, 2, dir.resolve("synthetic_logit_k.png"));
    }

    // ------------------------------------------------------------------------------------------------ main

    /**
     * Options: {@code --settings full|small} (default full), {@code --out DIR} (default npp-results),
     * {@code --repeats N}, {@code --m M}, {@code --ns 5,60,...}, {@code --divergences wass,mmd,ksd},
     * {@code --pt-samples S} (0 skips the P&oacute;lya tree), {@code --pt-repeats N}, {@code --pt-heldout N},
     * {@code --pt-max-n N}, {@code --seed S}.
     */
    public static void main(String[] args) {
        Settings st = Settings.full();
        Path out = Path.of("npp-results");
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) throw new IllegalArgumentException("option " + args[i] + " needs a value");
            String v = args[i + 1];
            switch (args[i]) {
                case "--settings" -> st = switch (v) {
                    case "full" -> Settings.full();
                    case "small" -> Settings.small();
                    default -> throw new IllegalArgumentException("--settings full|small, got " + v);
                };
                case "--out" -> out = Path.of(v);
                case "--repeats" -> st = new Settings(st.ns(), Integer.parseInt(v), st.parameterSamples(), st.spikeProb(), st.divergences(),
                        st.skews(), st.ciLevel(), st.seed(), st.ptSamples(), st.ptRepeats(), st.ptHeldout(), st.ptMaxN());
                case "--m" -> st = new Settings(st.ns(), st.repeats(), Integer.parseInt(v), st.spikeProb(), st.divergences(),
                        st.skews(), st.ciLevel(), st.seed(), st.ptSamples(), st.ptRepeats(), st.ptHeldout(), st.ptMaxN());
                case "--ns" -> st = new Settings(Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray(), st.repeats(),
                        st.parameterSamples(), st.spikeProb(), st.divergences(), st.skews(), st.ciLevel(), st.seed(), st.ptSamples(),
                        st.ptRepeats(), st.ptHeldout(), st.ptMaxN());
                case "--divergences" -> st = new Settings(st.ns(), st.repeats(), st.parameterSamples(), st.spikeProb(),
                        List.of(v.split(",")), st.skews(), st.ciLevel(), st.seed(), st.ptSamples(), st.ptRepeats(), st.ptHeldout(), st.ptMaxN());
                case "--pt-samples" -> st = new Settings(st.ns(), st.repeats(), st.parameterSamples(), st.spikeProb(), st.divergences(),
                        st.skews(), st.ciLevel(), st.seed(), Integer.parseInt(v), st.ptRepeats(), st.ptHeldout(), st.ptMaxN());
                case "--pt-repeats" -> st = new Settings(st.ns(), st.repeats(), st.parameterSamples(), st.spikeProb(), st.divergences(),
                        st.skews(), st.ciLevel(), st.seed(), st.ptSamples(), Integer.parseInt(v), st.ptHeldout(), st.ptMaxN());
                case "--pt-heldout" -> st = new Settings(st.ns(), st.repeats(), st.parameterSamples(), st.spikeProb(), st.divergences(),
                        st.skews(), st.ciLevel(), st.seed(), st.ptSamples(), st.ptRepeats(), Integer.parseInt(v), st.ptMaxN());
                case "--pt-max-n" -> st = new Settings(st.ns(), st.repeats(), st.parameterSamples(), st.spikeProb(), st.divergences(),
                        st.skews(), st.ciLevel(), st.seed(), st.ptSamples(), st.ptRepeats(), st.ptHeldout(), Integer.parseInt(v));
                case "--seed" -> st = new Settings(st.ns(), st.repeats(), st.parameterSamples(), st.spikeProb(), st.divergences(),
                        st.skews(), st.ciLevel(), Long.parseLong(v), st.ptSamples(), st.ptRepeats(), st.ptHeldout(), st.ptMaxN());
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long t0 = System.nanoTime();
        Results r = run(st);
        write(r, out);
        System.out.print(markdown(r));
        System.out.printf(Locale.ROOT, "%nwall time: %.1f s (gNPP %.1f s, Pólya tree %.1f s), %d threads; wrote %s%n",
                (System.nanoTime() - t0) / 1e9, r.seconds(), r.treeSeconds(), Parallel.threads(), out.resolve("synthetic.md"));
    }
}
