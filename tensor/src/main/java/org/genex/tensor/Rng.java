package org.genex.tensor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source64.L64X128Mix;
import org.apache.commons.rng.sampling.ArraySampler;
import org.apache.commons.rng.sampling.ListSampler;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.AliasMethodDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * A seeded, splittable stream of random numbers: every model, simulator and sampler of genex draws its randomness
 * through this class.
 *
 * <h2>Generator and seeding</h2>
 * Each stream is an LXM generator, commons-rng's {@link RandomSource#L64_X128_MIX} (the algorithm of the JDK's
 * {@code L64X128MixRandom}: a 64-bit LCG plus a xoroshiro128 generator, combined by a mixing function; period
 * 2<sup>64</sup>(2<sup>128</sup>&minus;1); passes BigCrush and PractRand). A stream is identified by a 64-bit
 * <em>key</em>: {@link #seeded(long) seeded(seed)} uses the seed as key, and the generator's four seed words
 * (LCG increment, LCG state, two words of XBG state) are the first four outputs of SplitMix64 started at the key.
 * Streams with different keys have different LCG increments, which is what makes LXM streams statistically
 * independent.
 *
 * <h2>Deriving streams</h2>
 * <ul>
 *   <li>{@link #split()} draws one {@code long} from this stream and returns the child stream keyed by it: the
 *       parent advances deterministically by one draw. {@link #split(int) split(n)} is n successive splits; give
 *       stream {@code i} to task {@code i}.</li>
 *   <li>{@link #fork(long)} and {@link #fork(String)} derive a named sub-stream from this stream's key and the
 *       given key only: they neither consume from this stream nor depend on how much of it has been drawn, so
 *       {@code rng.fork("encoder")} is the same stream wherever and whenever it is asked for (asking twice gives two
 *       copies of one stream). This is the tool for one stream per model component, and for exact resume: derive
 *       the randomness of epoch {@code e} as {@code rng.fork("shuffle").fork(e)}, and a resumed run at epoch
 *       {@code e} draws the same numbers without any saved generator state.</li>
 * </ul>
 *
 * <h2>Guarantees</h2>
 * The numbers a stream produces are a pure function of its key and of the sequence of calls made on it: the same
 * seed and the same calls give the same values on every run and for every thread count (the parallel tensor
 * fillers cut their work into a fixed partition with one derived stream per part, see
 * {@link #fillUniform(float[], float, float)}). Independent streams never interact: a tree of splits and forks
 * gives the same numbers in each stream whatever order, or on whatever threads, the streams are consumed.
 *
 * <p>Across platforms: the generator, the uniform and integer draws, shuffles, permutations, subsets,
 * {@link #categorical}, {@link #alias} and {@link #fillUniform} use integer and IEEE arithmetic only, and
 * {@link #poisson}, {@link #binomial} and {@link #multinomial} add only {@link StrictMath} logarithms and
 * exponentials: all of these are bit-identical on every JVM and CPU. The commons-rng samplers (normal, exponential,
 * gamma, beta, and what builds on them: truncated normal, Dirichlet, negative binomial, normal fills) call
 * {@link Math#log}/{@link Math#exp}, which Java lets differ by one ulp between JVMs and CPUs (the ziggurats only on
 * their rare tail and wedge paths). So on another CPU architecture or JVM vendor such a draw can, rarely, differ in
 * its last bit (and a rejection step then decide differently); on the same platform they are reproducible. Values
 * may change between genex versions (a better sampler may replace a slower one); such changes are noted in the
 * release notes.
 *
 * <h2>Samplers and caching</h2>
 * Distributions use commons-rng-sampling where it has a sampler that suits per-call use (ziggurat normal and
 * exponential, Marsaglia&ndash;Tsang / Ahrens&ndash;Dieter gamma, Cheng beta, the alias method, array shuffles).
 * Poisson and binomial are written here ({@link DiscreteSamplers}: the numpy/PyTorch algorithms, with an O(1) set-up,
 * because simulators draw every count with a different mean), and so are the truncated normal and the Dirichlet's
 * small-concentration path. Each method's Javadoc names its algorithm. Parametrised commons samplers are cached for
 * the last parameters used (one per distribution), so a loop with fixed parameters creates its sampler once; no
 * sampler draws anything when it is created, so the cache never changes the numbers, only the speed.
 *
 * <p>An {@code Rng} is a {@link RandomGenerator}, so JDK APIs take it ({@code Collections.shuffle(list, rng)},
 * {@code rng.ints(n, 0, 10)}); {@link #nextGaussian()} and {@link #nextExponential()} use the ziggurats here. It is
 * not thread-safe: give each thread or task its own stream ({@link #split(int)} or {@link #fork(long)}).
 */
public final class Rng implements RandomGenerator {
    /** Fill work is cut into chunks of this many elements; chunk {@code c} draws from its own derived stream. */
    static final int FILL_CHUNK = 1 << 16;

    /** The largest Poisson mean: 50 standard deviations above it still fit an int. */
    static final double POISSON_MAX_MEAN = 2e9;

    private static final long GOLDEN = 0x9e3779b97f4a7c15L;
    private static final long DOMAIN_LONG = 0x6a09e667f3bcc908L;
    private static final long DOMAIN_STRING = 0xbb67ae8584caa73bL;
    private static final long DOMAIN_FILL = 0x3c6ef372fe94f82bL;

    /** The identity of this stream: derived streams ({@link #fork}) start from it. */
    private final long key;
    private final UniformRandomProvider gen;

    // Samplers bound to gen, created on first use.
    private ZigguratSampler.NormalizedGaussian normal;
    private ZigguratSampler.Exponential exponential;

    // One-entry caches: the sampler for the last parameters used.
    private double gammaShape = Double.NaN;
    private ContinuousSampler gamma;
    private double betaA = Double.NaN, betaB = Double.NaN;
    private ContinuousSampler beta;
    private double[] dirichletAlpha;
    private ContinuousSampler[] dirichletGammas;

    /** A stream keyed by {@code seed}; the same as {@link #seeded(long)}. */
    public Rng(long seed) {
        this.key = seed;
        // the generator of RandomSource.L64_X128_MIX, built directly: RandomSource.create finds its constructor by
        // reflection, several microseconds per stream, and streams are made per dropout mask and per fill chunk
        this.gen = new L64X128Mix(stateFor(seed));
    }

    /** A stream keyed by {@code seed}: the same seed gives the same numbers, everywhere. */
    public static Rng seeded(long seed) { return new Rng(seed); }

    /**
     * The four LXM seed words for a key, in commons-rng's order: LCG increment (made odd by commons), LCG state, XBG
     * state (2 words). They are the first four outputs of SplitMix64 started at the key.
     */
    private static long[] stateFor(long key) {
        long s = key;
        long lcgAdd = mix64(s += GOLDEN), lcgState = mix64(s += GOLDEN);
        long x0 = mix64(s += GOLDEN), x1 = mix64(s + GOLDEN);
        if ((x0 | x1) == 0) x1 = GOLDEN; // an all-zero XBG state would be degenerate
        return new long[] {lcgAdd, lcgState, x0, x1};
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser, as in SplitMix64: a bijection with full avalanche. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The key of sub-stream {@code x} of {@code parent} in a domain; distinct {@code x} give distinct keys. */
    private static long derive(long parent, long domain, long x) {
        return mix64(mix64(parent ^ domain) + mix64(x + GOLDEN));
    }

    // ------------------------------------------------------------------------------------------------ streams

    /**
     * A new independent stream keyed by the next {@code long} of this one; this stream advances by one draw. The
     * child is a deterministic function of this stream's position.
     */
    public Rng split() { return new Rng(gen.nextLong()); }

    /** {@code n} new independent streams, the same as {@code n} successive {@link #split()} calls (n draws). */
    public Rng[] split(int n) {
        if (n < 0) throw new IllegalArgumentException("Rng.split: n must be >= 0, got " + n);
        Rng[] out = new Rng[n];
        for (int i = 0; i < n; i++) out[i] = split();
        return out;
    }

    /**
     * The sub-stream of this stream named by {@code key}, derived from this stream's key only: it does not consume
     * from or depend on the position of this stream. Different keys give independent streams.
     */
    public Rng fork(long key) { return new Rng(derive(this.key, DOMAIN_LONG, key)); }

    /**
     * The sub-stream named {@code name} (hashed as UTF-8 to 64 bits), derived from this stream's key only, like
     * {@link #fork(long)}. Use one name per model component: {@code rng.fork("decoder.dropout")}.
     */
    public Rng fork(String name) {
        if (name == null) throw new IllegalArgumentException("Rng.fork: name is null");
        return new Rng(derive(this.key, DOMAIN_STRING, hash(name)));
    }

    /** A 64-bit hash of the UTF-8 bytes: 8-byte little-endian blocks each folded in through a bijective mixer. */
    private static long hash(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        long h = mix64(b.length + GOLDEN);
        for (int i = 0; i < b.length; i += 8) {
            long block = 0;
            for (int j = Math.min(b.length, i + 8) - 1; j >= i; j--) block = (block << 8) | (b[j] & 0xff);
            h = mix64(h ^ block) + GOLDEN;
        }
        return h;
    }

    /**
     * The underlying commons-rng generator, to use another commons-rng sampler on this stream (draws made through
     * it advance this stream).
     */
    public UniformRandomProvider provider() { return gen; }

    // ------------------------------------------------------------------------------------------------ uniform

    /** A uniformly random int. */
    @Override
    public int nextInt() { return gen.nextInt(); }

    /** A uniform int in {@code [0, bound)}; {@code bound > 0}. Unbiased (Lemire's method). */
    @Override
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("Rng.nextInt: bound must be positive, got " + bound);
        return gen.nextInt(bound);
    }

    /** A uniform int in {@code [origin, bound)}; {@code origin < bound}. */
    @Override
    public int nextInt(int origin, int bound) {
        if (origin >= bound)
            throw new IllegalArgumentException("Rng.nextInt: need origin < bound, got [" + origin + ", " + bound + ")");
        return gen.nextInt(origin, bound);
    }

    /** A uniformly random long. */
    @Override
    public long nextLong() { return gen.nextLong(); }

    /** A uniform long in {@code [0, bound)}; {@code bound > 0}. */
    @Override
    public long nextLong(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("Rng.nextLong: bound must be positive, got " + bound);
        return gen.nextLong(bound);
    }

    /** A fair coin. */
    @Override
    public boolean nextBoolean() { return gen.nextBoolean(); }

    /** A uniform float in [0, 1): a multiple of 2<sup>-24</sup>. */
    @Override
    public float nextFloat() { return gen.nextFloat(); }

    /** A uniform double in [0, 1): a multiple of 2<sup>-53</sup>. */
    @Override
    public double nextDouble() { return gen.nextDouble(); }

    /** A uniform double in {@code [lo, hi)}; {@code lo < hi}, both finite, and {@code hi - lo} finite. */
    public double uniform(double lo, double hi) {
        if (!(lo < hi) || !Double.isFinite(hi - lo))
            throw new IllegalArgumentException("Rng.uniform: need finite lo < hi, got [" + lo + ", " + hi + ")");
        double x = lo + (hi - lo) * gen.nextDouble();
        return x < hi ? x : Math.nextDown(hi); // lo + (hi - lo) * u can round up to hi
    }

    /** True with probability {@code p} in [0, 1]. */
    public boolean bernoulli(double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Rng.bernoulli: p must be in [0, 1], got " + p);
        return gen.nextDouble() < p;
    }

    // ------------------------------------------------------------------------------------------------ continuous

    /** A standard normal deviate (commons-rng's McFarland ziggurat, {@link ZigguratSampler.NormalizedGaussian}). */
    public double gaussian() {
        ZigguratSampler.NormalizedGaussian z = normal;
        if (z == null) normal = z = ZigguratSampler.NormalizedGaussian.of(gen);
        return z.sample();
    }

    /** The same as {@link #gaussian()}. */
    @Override
    public double nextGaussian() { return gaussian(); }

    /** The same as {@link #gaussian(double, double)}. */
    @Override
    public double nextGaussian(double mean, double sd) { return gaussian(mean, sd); }

    /** A normal deviate with the given mean and standard deviation {@code sd >= 0} (both finite). */
    public double gaussian(double mean, double sd) {
        checkNormal("gaussian", mean, sd);
        return mean + sd * gaussian();
    }

    /** An exponential deviate with the given rate {@code > 0} (mean {@code 1 / rate}); ziggurat. */
    public double exponential(double rate) {
        if (!(rate > 0 && rate < Double.POSITIVE_INFINITY))
            throw new IllegalArgumentException("Rng.exponential: rate must be positive and finite, got " + rate);
        return standardExponential() / rate;
    }

    /** An exponential deviate with mean 1 (ziggurat). */
    @Override
    public double nextExponential() { return standardExponential(); }

    private double standardExponential() {
        ZigguratSampler.Exponential e = exponential;
        if (e == null) exponential = e = ZigguratSampler.Exponential.of(gen);
        return e.sample();
    }

    /**
     * A gamma deviate with shape {@code k > 0} and scale {@code theta > 0} (mean k&theta;, variance
     * k&theta;<sup>2</sup>). commons-rng's {@link AhrensDieterMarsagliaTsangGammaSampler}: Marsaglia&ndash;Tsang for
     * shape &ge; 1, Ahrens&ndash;Dieter GS for shape &lt; 1 (where values below 2<sup>-1074</sup> become 0). The
     * unit-scale sampler is cached for the last shape, so fixed-shape loops with any scales are cheap.
     */
    public double gamma(double shape, double scale) {
        checkPositive("gamma", "shape", shape);
        checkPositive("gamma", "scale", scale);
        return scale * unitGamma(shape);
    }

    /** Gamma(shape, 1) through the one-entry cache. */
    private double unitGamma(double shape) {
        if (shape != gammaShape) {
            gamma = AhrensDieterMarsagliaTsangGammaSampler.of(gen, shape, 1);
            gammaShape = shape;
        }
        return gamma.sample();
    }

    /**
     * A beta deviate with shapes {@code a > 0} and {@code b > 0} (mean a / (a + b)); commons-rng's
     * {@link ChengBetaSampler} (Cheng's BB and BC), cached for the last (a, b).
     */
    public double beta(double a, double b) {
        checkPositive("beta", "a", a);
        checkPositive("beta", "b", b);
        if (a != betaA || b != betaB) {
            beta = ChengBetaSampler.of(gen, a, b);
            betaA = a;
            betaB = b;
        }
        return beta.sample();
    }

    /**
     * A point of the probability simplex from the Dirichlet distribution with concentrations {@code alpha} (at least
     * one, each positive and finite). Gamma(alpha<sub>i</sub>, 1) deviates normalised by their sum. Where some
     * alpha<sub>i</sub> &lt; 1 the gammas are drawn in log space (G = G' U<sup>1/&alpha;</sup> with G' ~
     * Gamma(&alpha; + 1)), so tiny concentrations (1e-3 and below) give exact sparse vectors instead of an all-zero
     * underflow (commons-rng's {@code DirichletSampler} resamples in that case, which can recurse without end). The
     * component samplers are cached for the last alpha.
     */
    public double[] dirichlet(double... alpha) {
        if (alpha == null || alpha.length == 0)
            throw new IllegalArgumentException("Rng.dirichlet: alpha must have at least one concentration");
        boolean small = false;
        for (int i = 0; i < alpha.length; i++) {
            double a = alpha[i];
            if (!(a > 0 && a < Double.POSITIVE_INFINITY))
                throw new IllegalArgumentException("Rng.dirichlet: alpha[" + i + "] must be positive and finite, got "
                        + a);
            small |= a < 1;
        }
        if (!Arrays.equals(alpha, dirichletAlpha)) { // one gamma sampler per component, for these alphas
            dirichletAlpha = alpha.clone();
            dirichletGammas = new ContinuousSampler[alpha.length];
            for (int i = 0; i < alpha.length; i++)
                dirichletGammas[i] = AhrensDieterMarsagliaTsangGammaSampler.of(gen, small ? alpha[i] + 1 : alpha[i], 1);
        }
        double[] x = new double[alpha.length];
        if (small) { // log G_i = log G'_i + log(U_i) / alpha_i with G'_i ~ Gamma(alpha_i + 1)
            for (int i = 0; i < x.length; i++) {
                double u = 1 - gen.nextDouble(); // (0, 1]
                x[i] = StrictMath.log(dirichletGammas[i].sample()) + StrictMath.log(u) / alpha[i];
            }
            return normaliseLog(x);
        }
        double sum = 0;
        for (int i = 0; i < x.length; i++) sum += x[i] = dirichletGammas[i].sample();
        for (int i = 0; i < x.length; i++) x[i] /= sum;
        return x;
    }

    /** A point of the simplex in {@code k >= 1} dimensions from the symmetric Dirichlet(alpha, ..., alpha). */
    public double[] dirichlet(int k, double alpha) {
        if (k < 1) throw new IllegalArgumentException("Rng.dirichlet: k must be >= 1, got " + k);
        checkPositive("dirichlet", "alpha", alpha);
        double[] x = new double[k];
        if (alpha < 1) {
            for (int i = 0; i < k; i++) x[i] = logGamma(alpha);
            return normaliseLog(x);
        }
        double sum = 0;
        for (int i = 0; i < k; i++) sum += x[i] = unitGamma(alpha);
        for (int i = 0; i < k; i++) x[i] /= sum;
        return x;
    }

    /** log of a Gamma(a, 1) deviate for a < 1, without underflow: log Gamma(a + 1) + log(U) / a. */
    private double logGamma(double a) {
        double u = 1 - gen.nextDouble(); // (0, 1]
        return StrictMath.log(unitGamma(a + 1)) + StrictMath.log(u) / a;
    }

    /** exp(x - max) normalised to sum 1, in place. */
    private static double[] normaliseLog(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) max = Math.max(max, v);
        double sum = 0;
        for (int i = 0; i < x.length; i++) sum += x[i] = StrictMath.exp(x[i] - max);
        for (int i = 0; i < x.length; i++) x[i] /= sum;
        return x;
    }

    /**
     * A normal(mean, sd) deviate conditioned on {@code [a, b]} (bounds in the data's units, as in
     * {@code torch.nn.init.trunc_normal_}; either may be infinite). Exact rejection sampling on the standardised
     * interval [&alpha;, &beta;]: resampling the normal while the interval holds enough mass (it always does for
     * the usual initialiser bounds, e.g. &plusmn;2 sd), otherwise a uniform proposal on a narrow interval or Robert's
     * (1995) exponential proposal in a tail, so every interval accepts at least ~1/3 of its proposals. {@code sd = 0}
     * gives the point of [a, b] nearest the mean.
     */
    public double truncatedNormal(double mean, double sd, double a, double b) {
        checkTruncated(mean, sd, a, b);
        return truncated(mean, sd, a, b);
    }

    private double truncated(double mean, double sd, double a, double b) {
        double lo = (a - mean) / sd, hi = (b - mean) / sd;
        // sd = 0, a = b, or an interval so far out that both ends round to the same value: the limit is the
        // point of [a, b] nearest the mean
        if (!(lo < hi)) return Math.min(b, Math.max(a, mean));
        double x = mean + sd * standardTruncated(lo, hi);
        return Math.min(b, Math.max(a, x)); // mean + sd * z can round just outside [a, b]
    }

    /** A standard normal deviate conditioned on [lo, hi], lo < hi. */
    private double standardTruncated(double lo, double hi) {
        if (hi <= 0) return -standardTruncated(-hi, -lo);
        if (lo < 0) { // 0 inside the interval
            if (hi - lo >= 1) { // the interval holds at least P(0 < Z < 1) = 0.34 of the mass
                while (true) {
                    double z = gaussian();
                    if (z >= lo && z <= hi) return z;
                }
            }
            while (true) { // narrow, |z| < 1: uniform proposal accepted with exp(-z^2/2) >= 0.6
                double z = lo + (hi - lo) * gen.nextDouble();
                if (gen.nextDouble() <= StrictMath.exp(-0.5 * z * z)) return z;
            }
        }
        // 0 <= lo < hi: a tail
        if ((hi - lo) * (hi + lo) <= 2) {
            // density ratio over the interval is at most e: uniform proposal accepted with exp((lo^2 - z^2)/2)
            while (true) {
                double z = lo + (hi - lo) * gen.nextDouble();
                if (gen.nextDouble() <= StrictMath.exp(0.5 * (lo - z) * (lo + z))) return z;
            }
        }
        // Robert (1995): z = lo + Exp(lambda) with the optimal rate, accepted with exp(-(z - lambda)^2 / 2)
        double lambda = 0.5 * (lo + StrictMath.hypot(lo, 2)); // hypot: no overflow for huge lo
        while (true) {
            double z = lo + standardExponential() / lambda;
            if (z > hi) continue;
            double d = z - lambda;
            if (gen.nextDouble() <= StrictMath.exp(-0.5 * d * d)) return z;
        }
    }

    // ------------------------------------------------------------------------------------------------ discrete

    /**
     * A Poisson deviate with the given mean in {@code [0, 2e9]} (mean 0 gives 0). Knuth's multiplication of uniforms
     * below mean 10, Hörmann's (1993) PTRS transformed rejection above, as numpy; exact, with an O(1) set-up, so a
     * different mean on every call costs nothing extra (see {@link DiscreteSamplers} for why not commons-rng's
     * {@code PoissonSampler}).
     */
    public int poisson(double mean) {
        if (!(mean >= 0 && mean <= POISSON_MAX_MEAN))
            throw new IllegalArgumentException("Rng.poisson: mean must be in [0, " + POISSON_MAX_MEAN + "], got "
                    + mean);
        return DiscreteSamplers.poisson(gen, mean);
    }

    /**
     * A binomial deviate: successes in {@code n >= 0} trials of probability {@code p} in [0, 1]. Exact: for
     * n&middot;min(p, 1&minus;p) &lt; 10 inversion of the cdf (about np steps, one uniform), otherwise Hörmann's
     * (1993) BTRS transformed rejection with squeeze (O(1), about 1.2 proposals per draw), as in PyTorch and
     * TensorFlow. commons-rng has no per-call binomial sampler (its Marsaglia&ndash;Tsang&ndash;Wang sampler builds
     * an O(n) table per (n, p)).
     */
    public int binomial(int n, double p) {
        if (n < 0) throw new IllegalArgumentException("Rng.binomial: n must be >= 0, got " + n);
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Rng.binomial: p must be in [0, 1], got " + p);
        return DiscreteSamplers.binomial(gen, n, p);
    }

    /**
     * A negative-binomial count with the given mean &mu; &ge; 0 and dispersion &phi; &ge; 0: variance
     * &mu; + &phi;&mu;<sup>2</sup> (the DESeq2/edgeR convention; scVI's inverse dispersion &theta; is 1/&phi;, the
     * "size" r = 1/&phi;). Drawn as the Gamma&ndash;Poisson mixture &lambda; ~ Gamma(1/&phi;, &mu;&phi;),
     * count ~ Poisson(&lambda;); &phi; = 0 is Poisson(&mu;). The gamma sampler is cached for the last dispersion.
     * Rates above 2e9 use a rounded normal for the Poisson step, and counts saturate at 2<sup>31</sup>&minus;1.
     */
    public int negativeBinomial(double mean, double dispersion) {
        if (!(mean >= 0 && mean < Double.POSITIVE_INFINITY))
            throw new IllegalArgumentException("Rng.negativeBinomial: mean must be >= 0 and finite, got " + mean);
        if (!(dispersion >= 0 && dispersion < Double.POSITIVE_INFINITY))
            throw new IllegalArgumentException("Rng.negativeBinomial: dispersion must be >= 0 and finite, got "
                    + dispersion);
        if (mean == 0) return 0;
        double shape = 1 / dispersion; // +infinity for dispersion 0 (or below 1e-308): the Poisson limit
        double lambda = shape == Double.POSITIVE_INFINITY ? mean : unitGamma(shape) * (mean * dispersion);
        if (lambda > POISSON_MAX_MEAN) { // skewness below 2e-5: the rounded normal is exact to double precision
            double x = Math.rint(lambda + Math.sqrt(lambda) * gaussian());
            return x >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) x;
        }
        return DiscreteSamplers.poisson(gen, lambda);
    }

    /**
     * An index drawn with probability proportional to {@code weights[i]} (non-negative, finite, with a positive
     * finite sum; zero-weight indices are never drawn). One uniform and a linear scan: O(k) per draw. For many draws
     * from the same weights use {@link #alias(double[])}.
     */
    public int categorical(double[] weights) {
        double total = checkWeights("categorical", weights);
        double u = gen.nextDouble() * total, cum = 0;
        int last = -1;
        for (int i = 0; i < weights.length; i++) {
            double w = weights[i];
            if (w > 0) {
                cum += w;
                if (u < cum) return i;
                last = i;
            }
        }
        return last; // u landed in the rounding gap at the top
    }

    /** {@link #categorical(double[])} for float weights (softmax outputs), accumulated in double. */
    public int categorical(float[] weights) {
        if (weights == null || weights.length == 0)
            throw new IllegalArgumentException("Rng.categorical: weights must have at least one entry");
        double total = 0;
        for (int i = 0; i < weights.length; i++) total += checkWeight("categorical", i, weights[i]);
        checkTotal("categorical", total);
        double u = gen.nextDouble() * total, cum = 0;
        int last = -1;
        for (int i = 0; i < weights.length; i++) {
            float w = weights[i];
            if (w > 0) {
                cum += w;
                if (u < cum) return i;
                last = i;
            }
        }
        return last;
    }

    /**
     * Counts of {@code n} draws over categories with probabilities proportional to {@code weights}: multinomial, by
     * successive conditional binomials (O(k) binomial draws, exact). The counts sum to n.
     */
    public int[] multinomial(int n, double[] weights) {
        if (n < 0) throw new IllegalArgumentException("Rng.multinomial: n must be >= 0, got " + n);
        checkWeights("multinomial", weights);
        int k = weights.length;
        double[] suffix = new double[k + 1]; // suffix[i] = weights[i] + ... + weights[k-1]
        for (int i = k - 1; i >= 0; i--) suffix[i] = suffix[i + 1] + weights[i];
        int[] counts = new int[k];
        int left = n;
        for (int i = 0; i < k && left > 0; i++) {
            double w = weights[i];
            if (w == 0) continue;
            double p = suffix[i + 1] == 0 ? 1 : Math.min(1, w / suffix[i]); // the last positive weight takes the rest
            int c = DiscreteSamplers.binomial(gen, left, p);
            counts[i] = c;
            left -= c;
        }
        return counts;
    }

    /**
     * A reusable sampler drawing indices with probability proportional to {@code weights}, in O(1) per draw:
     * commons-rng's {@link AliasMethodDiscreteSampler} (Vose's alias method), drawing from this stream. Building the
     * table is O(k).
     */
    public AliasTable alias(double[] weights) {
        checkWeights("alias", weights);
        return new AliasTable(AliasMethodDiscreteSampler.of(gen, weights), weights.length);
    }

    // ------------------------------------------------------------------------------------------------ permutations

    /** Shuffles {@code a} in place, uniformly over its permutations (Fisher&ndash;Yates, commons' ArraySampler). */
    public void shuffle(int[] a) {
        if (a == null) throw new IllegalArgumentException("Rng.shuffle: array is null");
        ArraySampler.shuffle(gen, a);
    }

    /** Shuffles {@code a[from, to)} in place. */
    public void shuffle(int[] a, int from, int to) {
        if (a == null) throw new IllegalArgumentException("Rng.shuffle: array is null");
        if (from < 0 || from > to || to > a.length)
            throw new IndexOutOfBoundsException("Rng.shuffle: range [" + from + ", " + to + ") of an array of "
                    + a.length);
        ArraySampler.shuffle(gen, a, from, to);
    }

    /** Shuffles a list in place (Fisher&ndash;Yates, commons' ListSampler). */
    public void shuffle(List<?> list) {
        if (list == null) throw new IllegalArgumentException("Rng.shuffle: list is null");
        ListSampler.shuffle(gen, list);
    }

    /** A uniformly random permutation of {@code 0 .. n-1}. */
    public int[] permutation(int n) {
        if (n < 0) throw new IllegalArgumentException("Rng.permutation: n must be >= 0, got " + n);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        ArraySampler.shuffle(gen, p);
        return p;
    }

    /**
     * {@code k} distinct values of {@code 0 .. n-1} in uniformly random order (every ordered k-subset equally
     * likely), {@code 0 <= k <= n}. A partial Fisher&ndash;Yates over {@code 0 .. n-1} (O(n) time and memory) when
     * k &ge; n/4, otherwise Floyd's algorithm with a hash set and a final shuffle (O(k)), so choosing a few thousand
     * cells out of millions is cheap.
     */
    public int[] sampleWithoutReplacement(int n, int k) {
        if (n < 0 || k < 0 || k > n)
            throw new IllegalArgumentException("Rng.sampleWithoutReplacement: need 0 <= k <= n, got n = " + n
                    + ", k = " + k);
        if ((long) k * 4 >= n) {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) p[i] = i;
            for (int i = 0; i < k; i++) {
                int j = i + gen.nextInt(n - i);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            return Arrays.copyOf(p, k);
        }
        // Floyd: for j = n-k .. n-1 take t in [0, j]; if t is taken, take j (which cannot be taken yet).
        int[] out = new int[k];
        int[] table = new int[Integer.highestOneBit(Math.max(1, k) * 2) * 2];
        Arrays.fill(table, -1);
        int mask = table.length - 1;
        for (int j = n - k, c = 0; j < n; j++, c++) {
            int t = gen.nextInt(j + 1);
            int v = insert(table, mask, t) ? t : j;
            if (v == j) insert(table, mask, j);
            out[c] = v;
        }
        ArraySampler.shuffle(gen, out); // Floyd's order is not uniform
        return out;
    }

    /** Inserts v >= 0 into an open-addressing set; false if it was there. */
    private static boolean insert(int[] table, int mask, int v) {
        int i = (int) mix64(v) & mask;
        while (table[i] != -1) {
            if (table[i] == v) return false;
            i = (i + 1) & mask;
        }
        table[i] = v;
        return true;
    }

    // ------------------------------------------------------------------------------------------------ tensors

    /** A new CPU tensor of uniform values in {@code [lo, hi)}; see {@link #fillUniform(float[], float, float)}. */
    public Tensor uniform(Shape shape, float lo, float hi) {
        float[] a = new float[shape.size()];
        fillUniform(a, lo, hi);
        return Tensor.wrap(a, shape.dims());
    }

    /** A new CPU tensor of normal(mean, sd) values; see {@link #fillNormal(float[], float, float)}. */
    public Tensor normal(Shape shape, float mean, float sd) {
        float[] a = new float[shape.size()];
        fillNormal(a, mean, sd);
        return Tensor.wrap(a, shape.dims());
    }

    /**
     * A new CPU tensor of normal(mean, sd) values truncated to {@code [a, b]}, like
     * {@code torch.nn.init.trunc_normal_(t, mean, std, a, b)}; see {@link #truncatedNormal(double, double, double,
     * double)}.
     */
    public Tensor truncatedNormal(Shape shape, float mean, float sd, float a, float b) {
        float[] x = new float[shape.size()];
        fillTruncatedNormal(x, mean, sd, a, b);
        return Tensor.wrap(x, shape.dims());
    }

    /**
     * Fills {@code a} with uniform values in {@code [lo, hi)} ({@code lo <= hi}; {@code lo == hi} fills with lo).
     *
     * <p>All fillers share one scheme. Up to {@value #FILL_CHUNK} elements are drawn from this stream in order.
     * Larger fills draw one {@code long} from this stream and fill chunk {@code c} (elements
     * {@code [c * FILL_CHUNK, (c + 1) * FILL_CHUNK)}) from a stream derived from that long and {@code c}, chunks in
     * parallel on {@link Parallel}: the result depends on neither the thread count nor the scheduling.
     */
    public void fillUniform(float[] a, float lo, float hi) {
        checkArray("fillUniform", a);
        fillUniform(a, 0, a.length, lo, hi);
    }

    /** Fills {@code a[from, to)} with uniform values in {@code [lo, hi)}. */
    public void fillUniform(float[] a, int from, int to, float lo, float hi) {
        checkRange("fillUniform", a, from, to);
        if (!(lo <= hi) || !Float.isFinite(lo) || !Float.isFinite(hi))
            throw new IllegalArgumentException("Rng.fillUniform: need finite lo <= hi, got [" + lo + ", " + hi + ")");
        fill(a, from, to, (r, x, s, e) -> r.uniformRun(x, s, e, lo, hi));
    }

    /**
     * Fills {@code a[from, to)} with Bernoulli draws: {@code one} with probability {@code p}, else 0 (a dropout mask:
     * {@code p} = 1 - dropout, {@code one} = 1 / (1 - dropout)). Draws one {@code long} k from this stream; element
     * {@code from + i} then decides by 32 bits u of SplitMix64's output for the state k + (&lfloor;i / 2&rfloor; + 1)
     * &phi; (the low half for even i, the high half for odd i): one if u &lt; p 2<sup>32</sup> (rounded to the nearest
     * integer). A counter hash rather than the stream's sequence, so that a fill costs one mixing step per two
     * elements and depends on neither the thread count nor the scheduling ({@code from} is the counter's origin: a
     * sub-range of a larger fill is not the same as that part of it).
     */
    public void fillBernoulli(float[] a, int from, int to, double p, float one) {
        checkRange("fillBernoulli", a, from, to);
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Rng.fillBernoulli: p must be in [0, 1], got " + p);
        long base = gen.nextLong(), threshold = Math.round(p * 0x1p32);
        int n = to - from;
        Parallel.forRange((n + 1) / 2, FILL_CHUNK / 2, (s, e) -> {
            for (int j = s; j < e; j++) {                      // branch-free: the draws are unpredictable
                long h = mix64(base + (j + 1) * GOLDEN);
                int i = from + 2 * j;
                a[i] = one * (float) (((h & 0xffffffffL) - threshold) >>> 63);     // 1 iff u < threshold
                if (i + 1 < to) a[i + 1] = one * (float) (((h >>> 32) - threshold) >>> 63);
            }
        });
    }

    /**
     * Fills {@code a} with normal(mean, sd) values, {@code sd >= 0} (ziggurat); chunked as described at
     * {@link #fillUniform(float[], float, float)}.
     */
    public void fillNormal(float[] a, float mean, float sd) {
        checkArray("fillNormal", a);
        fillNormal(a, 0, a.length, mean, sd);
    }

    /** Fills {@code a[from, to)} with normal(mean, sd) values. */
    public void fillNormal(float[] a, int from, int to, float mean, float sd) {
        checkRange("fillNormal", a, from, to);
        checkNormal("fillNormal", mean, sd);
        fill(a, from, to, (r, x, s, e) -> r.normalRun(x, s, e, mean, sd));
    }

    /** Fills {@code a} with normal(mean, sd) values truncated to {@code [lo, hi]}; see {@link #truncatedNormal}. */
    public void fillTruncatedNormal(float[] a, float mean, float sd, float lo, float hi) {
        checkArray("fillTruncatedNormal", a);
        fillTruncatedNormal(a, 0, a.length, mean, sd, lo, hi);
    }

    /** Fills {@code a[from, to)} with normal(mean, sd) values truncated to {@code [lo, hi]}. */
    public void fillTruncatedNormal(float[] a, int from, int to, float mean, float sd, float lo, float hi) {
        checkRange("fillTruncatedNormal", a, from, to);
        checkTruncated(mean, sd, lo, hi);
        fill(a, from, to, (r, x, s, e) -> r.truncatedRun(x, s, e, mean, sd, lo, hi));
    }

    /** Fills the elements of a CPU tensor with uniform values in {@code [lo, hi)}. */
    public void fillUniform(Tensor t, float lo, float hi) {
        fillUniform(t.array(), t.offset(), t.offset() + t.size(), lo, hi);
    }

    /** Fills the elements of a CPU tensor with normal(mean, sd) values. */
    public void fillNormal(Tensor t, float mean, float sd) {
        fillNormal(t.array(), t.offset(), t.offset() + t.size(), mean, sd);
    }

    /** Fills the elements of a CPU tensor with normal(mean, sd) values truncated to {@code [lo, hi]}. */
    public void fillTruncatedNormal(Tensor t, float mean, float sd, float lo, float hi) {
        fillTruncatedNormal(t.array(), t.offset(), t.offset() + t.size(), mean, sd, lo, hi);
    }

    /** Fills a[start, end) from one stream. */
    @FunctionalInterface
    private interface Run {
        void fill(Rng r, float[] a, int start, int end);
    }

    private void fill(float[] a, int from, int to, Run run) {
        int n = to - from;
        if (n <= FILL_CHUNK) {
            run.fill(this, a, from, to);
            return;
        }
        long base = gen.nextLong();
        Parallel.forRange(n, FILL_CHUNK, (s, e) ->
                run.fill(new Rng(derive(base, DOMAIN_FILL, s / FILL_CHUNK)), a, from + s, from + e));
    }

    private void uniformRun(float[] a, int start, int end, float lo, float hi) {
        double l = lo, w = (double) hi - lo;
        for (int i = start; i < end; i++) {
            float x = (float) (l + w * gen.nextDouble());
            a[i] = x < hi ? x : lo == hi ? lo : Math.nextDown(hi); // rounding to float can reach hi
        }
    }

    private void normalRun(float[] a, int start, int end, float mean, float sd) {
        ZigguratSampler.NormalizedGaussian z = normal;
        if (z == null) normal = z = ZigguratSampler.NormalizedGaussian.of(gen);
        double m = mean, s = sd;
        for (int i = start; i < end; i++) a[i] = (float) (m + s * z.sample());
    }

    private void truncatedRun(float[] a, int start, int end, float mean, float sd, float lo, float hi) {
        // lo and hi are floats, so the rounding of a value in [lo, hi] stays in [lo, hi]
        for (int i = start; i < end; i++) a[i] = (float) truncated(mean, sd, lo, hi);
    }

    // ------------------------------------------------------------------------------------------------ checks

    private static void checkPositive(String op, String name, double v) {
        if (!(v > 0 && v < Double.POSITIVE_INFINITY))
            throw new IllegalArgumentException("Rng." + op + ": " + name + " must be positive and finite, got " + v);
    }

    private static void checkNormal(String op, double mean, double sd) {
        if (!Double.isFinite(mean))
            throw new IllegalArgumentException("Rng." + op + ": mean must be finite, got " + mean);
        if (!(sd >= 0 && sd < Double.POSITIVE_INFINITY))
            throw new IllegalArgumentException("Rng." + op + ": sd must be >= 0 and finite, got " + sd);
    }

    private static void checkTruncated(double mean, double sd, double a, double b) {
        checkNormal("truncatedNormal", mean, sd);
        if (Double.isNaN(a) || Double.isNaN(b) || !(a <= b) || a == Double.POSITIVE_INFINITY
                || b == Double.NEGATIVE_INFINITY)
            throw new IllegalArgumentException("Rng.truncatedNormal: need bounds a <= b with a < +inf and b > -inf, "
                    + "got [" + a + ", " + b + "]");
    }

    /** Checks the weights and returns their sum. */
    private static double checkWeights(String op, double[] weights) {
        if (weights == null || weights.length == 0)
            throw new IllegalArgumentException("Rng." + op + ": weights must have at least one entry");
        double total = 0;
        for (int i = 0; i < weights.length; i++) total += checkWeight(op, i, weights[i]);
        checkTotal(op, total);
        return total;
    }

    private static double checkWeight(String op, int i, double w) {
        if (!(w >= 0 && w < Double.POSITIVE_INFINITY))
            throw new IllegalArgumentException("Rng." + op + ": weights[" + i + "] must be >= 0 and finite, got " + w);
        return w;
    }

    private static void checkTotal(String op, double total) {
        if (!(total > 0 && total < Double.POSITIVE_INFINITY))
            throw new IllegalArgumentException("Rng." + op + ": the weights must have a positive finite sum, got "
                    + total);
    }

    private static void checkArray(String op, float[] a) {
        if (a == null) throw new IllegalArgumentException("Rng." + op + ": array is null");
    }

    private static void checkRange(String op, float[] a, int from, int to) {
        checkArray(op, a);
        if (from < 0 || from > to || to > a.length)
            throw new IndexOutOfBoundsException("Rng." + op + ": range [" + from + ", " + to + ") of an array of "
                    + a.length);
    }

    @Override
    public String toString() { return "Rng[key=" + Long.toHexString(key) + "]"; }
}
