package org.genex.algorithms.bayes;

import org.genex.tensor.Rng;

/**
 * Hamiltonian Monte Carlo with a diagonal mass matrix, written from scratch (Neal 2011; the adaptation of Hoffman
 * &amp; Gelman 2014 and Stan): leapfrog trajectories of a fixed number of steps with a jittered step size; during
 * warm-up the step size is tuned by dual averaging to a target acceptance rate, and the inverse mass matrix is set
 * to the (regularised) variances of the draws of the middle warm-up window, after which dual averaging restarts.
 */
public final class Hmc {
    private Hmc() {}

    /** A log density with its gradient. */
    public interface LogDensity {
        /** log p(q) (up to a constant); writes &nabla; log p(q) into grad. Returns &minus;&infin; outside the support. */
        double logDensity(double[] q, double[] grad);
    }

    /**
     * Every setting.
     *
     * @param warmup        warm-up iterations (discarded)
     * @param draws         kept iterations
     * @param leapfrogSteps steps per trajectory
     * @param targetAccept  the dual-averaging target (0.8)
     * @param initialStep   the first step size
     */
    public record Config(int warmup, int draws, int leapfrogSteps, double targetAccept, double initialStep) {
        /** Checks the settings. */
        public Config {
            if (warmup < 20 || draws < 1 || leapfrogSteps < 1)
                throw new IllegalArgumentException("Hmc: need warmup >= 20, draws >= 1, leapfrogSteps >= 1");
            if (!(targetAccept > 0 && targetAccept < 1) || !(initialStep > 0))
                throw new IllegalArgumentException("Hmc: need targetAccept in (0, 1) and initialStep > 0");
        }

        /** 1000 warm-up, 1000 draws, 16 leapfrog steps, target 0.8, first step 0.1. */
        public static Config defaults() { return new Config(1000, 1000, 16, 0.8, 0.1); }
    }

    /**
     * A run.
     *
     * @param draws      draws &times; dimension
     * @param acceptRate the mean acceptance probability after warm-up
     * @param stepSize   the adapted step size
     * @param ess        the effective sample size of each coordinate ({@link Ess})
     */
    public record Result(double[][] draws, double acceptRate, double stepSize, double[] ess) {
        /** The smallest ESS over the coordinates. */
        public double minEss() {
            double m = Double.POSITIVE_INFINITY;
            for (double e : ess) m = Math.min(m, e);
            return m;
        }

        /** The posterior mean of coordinate k. */
        public double mean(int k) {
            double s = 0;
            for (double[] d : draws) s += d[k];
            return s / draws.length;
        }

        /** The posterior sd of coordinate k. */
        public double sd(int k) {
            double m = mean(k), s = 0;
            for (double[] d : draws) s += (d[k] - m) * (d[k] - m);
            return Math.sqrt(s / (draws.length - 1));
        }
    }

    /** Samples from target starting at init (which must have finite log density). */
    public static Result sample(LogDensity target, double[] init, Config config, Rng rng) {
        int dim = init.length;
        double[] q = init.clone(), grad = new double[dim];
        double lp = target.logDensity(q, grad);
        if (!Double.isFinite(lp)) throw new IllegalArgumentException("Hmc: the initial point has log density " + lp);
        double[] invMass = new double[dim];
        java.util.Arrays.fill(invMass, 1);
        int windowStart = (int) (0.15 * config.warmup()), windowEnd = (int) (0.85 * config.warmup());
        double[] wSum = new double[dim], wSum2 = new double[dim];
        int wCount = 0;
        DualAveraging da = new DualAveraging(config.initialStep(), config.targetAccept());
        double eps = config.initialStep();
        double[][] draws = new double[config.draws()][];
        double acceptSum = 0;
        double[] qNew = new double[dim], pNew = new double[dim], gNew = new double[dim], p = new double[dim];
        int total = config.warmup() + config.draws();
        for (int it = 0; it < total; it++) {
            boolean warm = it < config.warmup();
            double step = warm ? eps : da.finalStep();
            step *= 0.9 + 0.2 * rng.nextDouble(); // jitter
            for (int k = 0; k < dim; k++) p[k] = rng.gaussian() / Math.sqrt(invMass[k]);
            double h0 = -lp + kinetic(p, invMass);
            System.arraycopy(q, 0, qNew, 0, dim);
            System.arraycopy(p, 0, pNew, 0, dim);
            System.arraycopy(grad, 0, gNew, 0, dim);
            double lpNew = lp;
            for (int s = 0; s < config.leapfrogSteps() && Double.isFinite(lpNew); s++) {
                for (int k = 0; k < dim; k++) pNew[k] += 0.5 * step * gNew[k];
                for (int k = 0; k < dim; k++) qNew[k] += step * invMass[k] * pNew[k];
                lpNew = target.logDensity(qNew, gNew);
                for (int k = 0; k < dim; k++) pNew[k] += 0.5 * step * gNew[k];
            }
            double h1 = -lpNew + kinetic(pNew, invMass);
            double accept = Double.isFinite(h1) ? Math.min(1, Math.exp(h0 - h1)) : 0;
            if (Double.isNaN(accept)) accept = 0;
            if (rng.nextDouble() < accept) {
                System.arraycopy(qNew, 0, q, 0, dim);
                System.arraycopy(gNew, 0, grad, 0, dim);
                lp = lpNew;
            }
            if (warm) {
                eps = da.update(accept);
                if (it >= windowStart && it < windowEnd) {
                    for (int k = 0; k < dim; k++) {
                        wSum[k] += q[k];
                        wSum2[k] += q[k] * q[k];
                    }
                    wCount++;
                }
                if (it == windowEnd - 1 && wCount > 10) { // Stan's regularised variance estimate
                    for (int k = 0; k < dim; k++) {
                        double mean = wSum[k] / wCount, var = Math.max(0, wSum2[k] / wCount - mean * mean) * wCount / (wCount - 1.0);
                        invMass[k] = (wCount / (wCount + 5.0)) * var + 1e-3 * (5.0 / (wCount + 5.0));
                    }
                    da = new DualAveraging(eps, config.targetAccept());
                }
            } else {
                acceptSum += accept;
                draws[it - config.warmup()] = q.clone();
            }
        }
        double[] ess = new double[dim];
        for (int k = 0; k < dim; k++) {
            double[] chain = new double[draws.length];
            for (int i = 0; i < chain.length; i++) chain[i] = draws[i][k];
            ess[k] = Ess.of(chain);
        }
        return new Result(draws, acceptSum / config.draws(), da.finalStep(), ess);
    }

    private static double kinetic(double[] p, double[] invMass) {
        double s = 0;
        for (int k = 0; k < p.length; k++) s += invMass[k] * p[k] * p[k];
        return 0.5 * s;
    }

    /** Nesterov dual averaging of log step size (Hoffman &amp; Gelman 2014, Algorithm 5; &gamma; 0.05, t0 10, &kappa; 0.75). */
    private static final class DualAveraging {
        private final double mu, target;
        private double hBar, logEps, logEpsBar;
        private int t;

        DualAveraging(double eps0, double target) {
            this.mu = Math.log(10 * eps0);
            this.target = target;
            this.logEps = Math.log(eps0);
        }

        double update(double accept) {
            t++;
            double w = 1.0 / (t + 10);
            hBar = (1 - w) * hBar + w * (target - accept);
            logEps = mu - Math.sqrt(t) / 0.05 * hBar;
            double eta = Math.pow(t, -0.75);
            logEpsBar = eta * logEps + (1 - eta) * logEpsBar;
            return Math.exp(logEps);
        }

        double finalStep() { return t == 0 ? Math.exp(logEps) : Math.exp(logEpsBar); }
    }
}
