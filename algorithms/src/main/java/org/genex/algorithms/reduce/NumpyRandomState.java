package org.genex.algorithms.reduce;

/**
 * numpy's legacy {@code np.random.RandomState(seed)} stream, bit for bit: the MT19937 generator seeded by
 * {@code init_genrand(seed)}, {@code random_sample()} as (a &gt;&gt; 5, b &gt;&gt; 6) of two 32-bit draws over
 * 2<sup>53</sup>, and {@code standard_normal()} by the Marsaglia polar method with one cached deviate
 * ({@code legacy_gauss}). scikit-learn draws the test matrix of {@code randomized_svd} from this stream
 * ({@code random_state.normal(size=(n_features, k))}, filled in C order), so {@link RandomizedSvd} with the same
 * seed starts from the same matrix as scikit-learn and scanpy (whose PCA seed is 0).
 */
public final class NumpyRandomState {
    private static final int N = 624, M = 397;
    private final int[] mt = new int[N];
    private int pos;
    private boolean hasGauss;
    private double gauss;

    /**
     * The stream of {@code RandomState(seed)}.
     *
     * @throws IllegalArgumentException unless 0 &lt;= seed &lt; 2<sup>32</sup> (numpy's range)
     */
    public NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xffffffffL)
            throw new IllegalArgumentException("NumpyRandomState: seed " + seed + " must be in [0, 2^32)");
        int s = (int) seed;
        for (int i = 0; i < N; i++) {
            mt[i] = s;
            s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
        }
        pos = N;
    }

    /** The next 32-bit output of MT19937, as an unsigned value in a long. */
    public long nextUint32() {
        if (pos >= N) generate();
        int y = mt[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    private void generate() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            int v = mt[(i + M) % N] ^ (y >>> 1);
            if ((y & 1) != 0) v ^= 0x9908b0df;
            mt[i] = v;
        }
        pos = 0;
    }

    /** {@code random_sample()}: a double in [0, 1) with 53 random bits. */
    public double randomSample() {
        long a = nextUint32() >>> 5, b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** {@code standard_normal()}: the polar method, the second deviate of each pair kept for the next call. */
    public double standardNormal() {
        if (hasGauss) {
            hasGauss = false;
            double t = gauss;
            gauss = 0;
            return t;
        }
        double x1, x2, r2;
        do {
            x1 = 2.0 * randomSample() - 1.0;
            x2 = 2.0 * randomSample() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** {@code normal(size=(rows, cols))} in C order. */
    public double[] normal(int rows, int cols) {
        double[] out = new double[rows * cols];
        for (int i = 0; i < out.length; i++) out[i] = standardNormal();
        return out;
    }
}
