package org.genex.algorithms.bayes;

import org.genex.tensor.Rng;

/**
 * The exact (fully Bayesian) NPP of the 1-D Gaussian toy (npp.md &sect;1.1): the parametric model x ~ N(&theta;,
 * &sigma;&sup2;), &theta; ~ N(&mu;<sub>0</sub>, &tau;&sup2;) against a P&oacute;lya tree embedded around f<sub>&theta;</sub>
 * with precision h (Berger &amp; Guglielmi 2001), integrated over &theta; and h by Monte Carlo with S samples:
 * <ol>
 *   <li>&theta;<sub>s</sub> from the proposal Student-t(&nu; = 40, posterior mean, posterior sd) with normalised
 *       importance log-weights &ell;<sub>s</sub> = &Sigma; log f<sub>&theta;<sub>s</sub></sub>(x<sub>i</sub>) + log
 *       &pi;(&theta;<sub>s</sub>) &minus; log q(&theta;<sub>s</sub>);</li>
 *   <li>h<sub>s</sub> = offset + scale &middot; Exp(1), paired with &theta;<sub>s</sub>;</li>
 *   <li>the partition: quantile intervals of F* = N(posterior mean, &sigma;&sup2;); the node with address
 *       (&epsilon;<sub>1</sub>..&epsilon;<sub>m</sub>) splits at F*<sup>&minus;1</sup>(&Sigma; &epsilon;<sub>k</sub>2<sup>&minus;k</sup> +
 *       2<sup>&minus;(m+1)</sup>);</li>
 *   <li>node masses &mu;<sub>&theta;</sub>(B) from f<sub>&theta;</sub>; at a node B with split c:
 *       &rho; = [f<sub>&theta;</sub>(c)/&mu;<sub>&theta;</sub>(B)]&sup2;/h and &alpha;<sub>k</sub> = &rho;
 *       &radic;(&mu;<sub>&theta;</sub>(B<sub>k</sub>)/&mu;<sub>&theta;</sub>(B<sub>1&minus;k</sub>));</li>
 *   <li>points are added one at a time to a lazily grown tree (a node splits when a second point lands in it);
 *       each node on a new point's path contributes log g = log[(&alpha;<sub>0</sub>+&alpha;<sub>1</sub>)/
 *       (&alpha;<sub>0</sub>+&alpha;<sub>1</sub>+n<sub>0</sub>+n<sub>1</sub>)] + log[(&alpha;<sub>k</sub>+n<sub>k</sub>)/&alpha;<sub>k</sub>]
 *       to log &psi;<sub>s</sub>;</li>
 *   <li>log BF = &minus;log &Sigma;<sub>s</sub> exp(log &psi;<sub>s</sub> + &ell;<sub>s</sub>), and P(M<sub>par</sub> | x) =
 *       logistic(log BF + log(s/(1&minus;s)));</li>
 *   <li>the posterior predictive mixes N(x; m<sub>n</sub>, &sigma;&sup2; + v<sub>n</sub>) and the P&oacute;lya tree's
 *       predictive ({@link #logPredictive}).</li>
 * </ol>
 * Deviations from the authors' code, for accuracy only: node masses are computed on the side of the mean where the
 * interval lies ({@link Normal#logMass}) instead of as a difference of log CDFs; a node at depth
 * {@value #MAX_DEPTH} (only reachable with tied points) is not split further; an empty child contributes exactly 0
 * (the code adds 1e-32 to the count to avoid log 0).
 *
 * <p>Not thread-safe (the tree grows lazily, also while evaluating predictive densities); use one instance per thread.
 */
public final class PolyaTreeNpp {
    /** The depth at which a node is never split. */
    public static final int MAX_DEPTH = 50;

    /**
     * Every setting.
     *
     * @param samples   S, the Monte Carlo samples of (&theta;, h) (1000 in the full runs)
     * @param hOffset   the offset of the shifted-exponential prior on h (0 in the full runs)
     * @param hScale    the scale of that prior (1)
     * @param spikeProb s, the prior probability of the parametric model (0.1)
     * @param proposalDf the degrees of freedom of the Student-t importance proposal (40)
     */
    public record Config(int samples, double hOffset, double hScale, double spikeProb, double proposalDf) {
        /** Checks the settings. */
        public Config {
            if (samples < 1) throw new IllegalArgumentException("PolyaTreeNpp: samples must be >= 1, got " + samples);
            if (!(hOffset >= 0) || !(hScale > 0) || !Double.isFinite(hScale) || !Double.isFinite(hOffset))
                throw new IllegalArgumentException("PolyaTreeNpp: need hOffset >= 0 and hScale > 0, got " + hOffset + ", " + hScale);
            if (!(spikeProb > 0 && spikeProb < 1)) throw new IllegalArgumentException("PolyaTreeNpp: spikeProb must be in (0, 1), got " + spikeProb);
            if (!(proposalDf > 0)) throw new IllegalArgumentException("PolyaTreeNpp: proposalDf must be > 0, got " + proposalDf);
        }

        /** The full runs' settings: S = 1000, h ~ Exp(offset 0, scale 1), s = 0.1, &nu; = 40. */
        public static Config paper() { return new Config(1000, 0, 1, 0.1, 40); }
    }

    private final GaussianLocationModel model;
    private final Config config;
    private final int S;
    private final double[] theta, logWeight, logH, logPsi;
    private final double postMean, postVar;
    private final Node root;
    private final double logBf;

    /** Fits the exact NPP to the 1-D data x (at least 1 point, all finite). */
    public PolyaTreeNpp(GaussianLocationModel model, double[] x, Config config, Rng rng) {
        if (x.length < 1) throw new IllegalArgumentException("PolyaTreeNpp: needs at least 1 observation");
        Points.of(x); // finiteness check
        this.model = model;
        this.config = config;
        this.S = config.samples();
        double[] mv = model.posteriorMoments(x);
        postMean = mv[0];
        postVar = mv[1];
        double sigma = model.likeSd();
        // 1. importance sampling for theta
        StudentT q = new StudentT(config.proposalDf(), postMean, Math.sqrt(postVar));
        theta = new double[S];
        logWeight = new double[S];
        Rng tr = rng.fork("theta");
        for (int s = 0; s < S; s++) {
            double t = q.sample(tr);
            theta[s] = t;
            double lw = Normal.logPdf(t, model.priorMean(), model.priorSd()) - q.logPdf(t);
            for (double xi : x) lw += Normal.logPdf(xi, t, sigma);
            logWeight[s] = lw;
        }
        double lse = logSumExp(logWeight);
        for (int s = 0; s < S; s++) logWeight[s] -= lse;
        // 2. h
        logH = new double[S];
        Rng hr = rng.fork("h");
        for (int s = 0; s < S; s++) logH[s] = Math.log(config.hOffset() + config.hScale() * hr.exponential(1));
        // 3-5. the tree, grown point by point
        root = new Node(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 1, 0, new double[S]);
        logPsi = new double[S];
        for (double xi : x) root.add(xi, logPsi, true);
        // 6.
        double[] t = new double[S];
        for (int s = 0; s < S; s++) t[s] = logPsi[s] + logWeight[s];
        logBf = -logSumExp(t);
    }

    /** log BF = log m<sub>par</sub>(x) &minus; log m<sub>PT</sub>(x). */
    public double logBayesFactor() { return logBf; }

    /** P(M<sub>par</sub> | x) = logistic(log BF + log(s/(1 &minus; s))). */
    public double parametricProbability() {
        double z = logBf + Math.log(config.spikeProb()) - Math.log1p(-config.spikeProb());
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** The parametric posterior predictive log density N(x; m<sub>n</sub>, &sigma;&sup2; + v<sub>n</sub>). */
    public double logParametricPredictive(double xNew) {
        return Normal.logPdf(xNew, postMean, Math.sqrt(model.likeSd() * model.likeSd() + postVar));
    }

    /**
     * The P&oacute;lya tree's posterior predictive log density: log BF + log &Sigma;<sub>s</sub> exp(&ell;<sub>s</sub> +
     * log &psi;<sub>s</sub> + log f<sub>&theta;<sub>s</sub></sub>(x) + log &psi;<sub>s</sub>(x | data)).
     */
    public double logTreePredictive(double xNew) {
        double[] add = new double[S];
        root.add(xNew, add, false);
        double sigma = model.likeSd();
        for (int s = 0; s < S; s++) add[s] += logWeight[s] + logPsi[s] + Normal.logPdf(xNew, theta[s], sigma);
        return logBf + logSumExp(add);
    }

    /** The NPP posterior predictive log density: the mixture of the two with P(M<sub>par</sub> | x). */
    public double logPredictive(double xNew) {
        double p = parametricProbability();
        double a = Math.log(p) + logParametricPredictive(xNew), b = Math.log1p(-p) + logTreePredictive(xNew);
        return logAddExp(a, b);
    }

    static double logSumExp(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) m = Math.max(m, x);
        if (m == Double.NEGATIVE_INFINITY || m == Double.POSITIVE_INFINITY) return m;
        double s = 0;
        for (double x : v) s += Math.exp(x - m);
        return m + Math.log(s);
    }

    static double logAddExp(double a, double b) {
        double m = Math.max(a, b);
        if (m == Double.NEGATIVE_INFINITY || m == Double.POSITIVE_INFINITY) return m;
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }

    /** log(1 + e<sup>t</sup>). */
    private static double softplus(double t) { return t > 36 ? t : Math.log1p(Math.exp(t)); }

    /** One interval of the partition, with the Beta parameters of its split once it has two points. */
    private final class Node {
        final double lo, hi;       // the interval
        final double levelLo, width; // its F* quantile range [levelLo, levelLo + width)
        final int depth;
        final double[] logMass;    // log mu_theta_s(B), per s
        int n;                     // points in this interval
        double x;                  // the point, while n == 1 and unsplit
        double split;
        double[] a0, a1, aLn0, aLn1; // alpha_k per s, linear and log
        Node kid0, kid1;

        Node(double lo, double hi, double levelLo, double width, int depth, double[] logMass) {
            this.lo = lo;
            this.hi = hi;
            this.levelLo = levelLo;
            this.width = width;
            this.depth = depth;
            this.logMass = logMass;
        }

        /** Adds x's path factors to out[s]; inserts it when update. */
        void add(double xNew, double[] out, boolean update) {
            Node node = this;
            while (true) {
                if (node.n == 0) {
                    if (update) {
                        node.n = 1;
                        node.x = xNew;
                    }
                    return;
                }
                if (node.kid0 == null) {
                    if (node.depth >= MAX_DEPTH) { // only tied points get here
                        if (update) node.n++;
                        return;
                    }
                    node.splitNode();
                }
                int k = xNew > node.split ? 1 : 0;
                int nk = k == 0 ? node.kid0.n : node.kid1.n;
                int nAll = node.kid0.n + node.kid1.n;
                double[] ak = k == 0 ? node.a0 : node.a1, akLn = k == 0 ? node.aLn0 : node.aLn1;
                double logN = Math.log(nAll), logNk = Math.log(nk);
                for (int s = 0; s < S; s++) {
                    double A = node.a0[s] + node.a1[s];
                    double g;
                    if (A > 1e-290 && A < Double.POSITIVE_INFINITY && ak[s] > 1e-290) {
                        g = -Math.log1p(nAll / A) + (nk > 0 ? Math.log1p(nk / ak[s]) : 0);
                    } else {
                        double aLnSum = logAddExp(node.aLn0[s], node.aLn1[s]);
                        g = -softplus(logN - aLnSum) + (nk > 0 ? softplus(logNk - akLn[s]) : 0);
                    }
                    out[s] += g;
                }
                if (update) node.n++;
                node = k == 0 ? node.kid0 : node.kid1;
            }
        }

        /** Creates the children and the Beta parameters, and moves the stored point down. */
        void splitNode() {
            double half = 0.5 * width;
            double c = postMean + model.likeSd() * Normal.quantile(levelLo + half);
            if (!(c > lo && c < hi)) c = 0.5 * (Math.max(lo, -1e300) + Math.min(hi, 1e300)); // degenerate deep levels
            split = c;
            double sigma = model.likeSd();
            double[] lm0 = new double[S], lm1 = new double[S];
            a0 = new double[S];
            a1 = new double[S];
            aLn0 = new double[S];
            aLn1 = new double[S];
            for (int s = 0; s < S; s++) {
                double t = theta[s];
                double l0 = Normal.logMass((lo - t) / sigma, (c - t) / sigma);
                double l1 = Normal.logMass((c - t) / sigma, (hi - t) / sigma);
                lm0[s] = l0;
                lm1[s] = l1;
                double rhoLn = 2 * (Normal.logPdf(c, t, sigma) - logMass[s]) - logH[s];
                aLn0[s] = rhoLn + 0.5 * (l0 - l1);
                aLn1[s] = rhoLn + 0.5 * (l1 - l0);
                a0[s] = Math.exp(aLn0[s]);
                a1[s] = Math.exp(aLn1[s]);
            }
            kid0 = new Node(lo, c, levelLo, half, depth + 1, lm0);
            kid1 = new Node(c, hi, levelLo + half, half, depth + 1, lm1);
            Node dest = x > c ? kid1 : kid0;
            dest.n = 1;
            dest.x = x;
        }
    }
}
