package org.genex.algorithms.graph;

import org.genex.tensor.Backends;
import org.genex.tensor.HeapStorage;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;

/**
 * Squared euclidean distances between the rows of a point set (and from it to other points) through float32 GEMM:
 * {@code |x - y|^2 = |x|^2 + |y|^2 - 2 x.y}, with the points first centred on their column means (distances do not
 * change, and the smaller norms shrink the cancellation error). Each approximate value comes with an error bound
 * ({@link #bound}), so that callers can screen candidates with the fast product and then decide ties and orders with
 * {@link #exact} (double arithmetic on the original float values) without missing any point.
 *
 * <p>The bound is a rigorous first-order bound: GEMM's float accumulation ({@code <= d u |x'||y'|} per product,
 * u = 2<sup>-24</sup>, whatever the summation order), and the rounding of the centred copies to float
 * ({@code <= u (|x'| + |y'|)^2}), doubled for margin. Typical errors are far below it.
 */
public final class SquaredDistances {
    private static final double U = 0x1p-24;

    private final int n, d;
    private final float[] data;          // [n, d] the original points, row-major
    private final double[] mean;         // [d] column means
    private final Tensor centred;        // [n, d] rows minus mean, float
    private final double[] norm2;        // [n] |centred row|^2, from the float values
    private final double maxNorm;

    /**
     * Prepares the rows of {@code points} ({@code [n, d]}, any device; copied to the host).
     *
     * @throws IllegalArgumentException if the tensor is not 2-D or holds a non-finite value
     */
    public SquaredDistances(Tensor points) {
        if (points.rank() != 2)
            throw new IllegalArgumentException("SquaredDistances: points must be [n, d], got " + points.shape());
        this.n = points.dim(0);
        this.d = points.dim(1);
        this.data = points.toArray();
        for (int i = 0; i < data.length; i++)
            if (!Float.isFinite(data[i]))
                throw new IllegalArgumentException("SquaredDistances: point " + (i / Math.max(1, d)) + " has a "
                        + "non-finite coordinate " + data[i]);
        this.mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += data[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= Math.max(1, n);
        float[] c = new float[n * d];
        this.norm2 = new double[n];
        double mx = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                float v = (float) (data[i * d + j] - mean[j]);
                c[i * d + j] = v;
                s += (double) v * v;
            }
            norm2[i] = s;
            mx = Math.max(mx, s);
        }
        this.centred = Tensor.wrap(c, n, d);
        this.maxNorm = Math.sqrt(mx);
    }

    public int size() { return n; }

    public int dim() { return d; }

    /** The original points, row-major {@code [n, d]} (the backing array: do not modify). */
    public float[] points() { return data; }

    /** Coordinate j of point i. */
    public float coordinate(int i, int j) { return data[i * d + j]; }

    /** The largest norm of a centred point. */
    public double maxNorm() { return maxNorm; }

    /**
     * Centres other points ({@code rows} of {@code [m, d]}, doubles, row-major) on this set's mean, as a float
     * {@code [m, d]} tensor, writing their squared norms into {@code norm2Out} (length m).
     */
    public Tensor centre(double[] rows, int m, double[] norm2Out) {
        if (rows.length != m * d)
            throw new IllegalArgumentException("SquaredDistances.centre: " + m + " rows of " + d + " need "
                    + (m * d) + " values, got " + rows.length);
        float[] c = new float[m * d];
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                float v = (float) (rows[i * d + j] - mean[j]);
                c[i * d + j] = v;
                s += (double) v * v;
            }
            norm2Out[i] = s;
        }
        return Tensor.wrap(c, Math.max(m, 0), d);
    }

    /**
     * Approximate squared distances from the points {@code [r0, r1)} of this set to every point of this set:
     * {@code out[(i - r0) * n + j]}, clamped at 0. {@code out} needs {@code (r1 - r0) * n} entries.
     */
    public void block(int r0, int r1, float[] out) {
        block(r0, r1, centred, norm2, out);
    }

    /**
     * Approximate squared distances from the points {@code [r0, r1)} of this set to {@code others} (centred by
     * {@link #centre}, {@code [m, d]}, norms {@code otherNorm2}): {@code out[(i - r0) * m + j]}, clamped at 0.
     */
    public void block(int r0, int r1, Tensor others, double[] otherNorm2, float[] out) {
        int rows = r1 - r0, m = others.dim(0);
        if (r0 < 0 || r1 > n || rows < 0)
            throw new IndexOutOfBoundsException("SquaredDistances.block: rows [" + r0 + ", " + r1 + ") of " + n);
        if (out.length < rows * m)
            throw new IllegalArgumentException("SquaredDistances.block: out has " + out.length + " entries, needs "
                    + ((long) rows * m));
        if (rows == 0 || m == 0) return;
        Tensor c = new Tensor(Shape.of(rows, m), new HeapStorage(out), 0);
        if (d == 0) {
            java.util.Arrays.fill(out, 0, rows * m, 0f);
            return;
        }
        Backends.cpu().gemm(false, true, 1f, centred.rows(r0, r1), others, 0f, c);
        for (int i = 0; i < rows; i++) {
            double ni = norm2[r0 + i];
            int o = i * m;
            for (int j = 0; j < m; j++) {
                double v = ni + otherNorm2[j] - 2.0 * out[o + j];
                out[o + j] = (float) Math.max(0.0, v);
            }
        }
    }

    /**
     * A bound on |approximate - exact| for the squared distance from point i to any point whose centred norm is at
     * most {@code otherMaxNorm} (also covering the rounding of the stored float value).
     */
    public double bound(int i, double otherMaxNorm) {
        double a = Math.sqrt(norm2[i]), b = otherMaxNorm;
        double s = U * (2.02 * d * a * b + 2.01 * (a + b) * (a + b)) + 1e-15 * (a * a + b * b);
        return 2 * s + U * (a + b) * (a + b);
    }

    /** The bound for distances within this set. */
    public double bound(int i) { return bound(i, maxNorm); }

    /** The squared distance between points i and j, in double arithmetic on the original float values. */
    public double exact(int i, int j) {
        int a = i * d, b = j * d;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 3 < d; k += 4) {
            double t0 = (double) data[a + k] - data[b + k], t1 = (double) data[a + k + 1] - data[b + k + 1];
            double t2 = (double) data[a + k + 2] - data[b + k + 2], t3 = (double) data[a + k + 3] - data[b + k + 3];
            s0 += t0 * t0;
            s1 += t1 * t1;
            s2 += t2 * t2;
            s3 += t3 * t3;
        }
        for (; k < d; k++) {
            double t = (double) data[a + k] - data[b + k];
            s0 += t * t;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The squared distance from point i to a point given in double coordinates ({@code y[yo .. yo + d)}). */
    public double exact(int i, double[] y, int yo) {
        int a = i * d;
        double s0 = 0, s1 = 0;
        int k = 0;
        for (; k + 1 < d; k += 2) {
            double t0 = data[a + k] - y[yo + k], t1 = data[a + k + 1] - y[yo + k + 1];
            s0 += t0 * t0;
            s1 += t1 * t1;
        }
        if (k < d) {
            double t = data[a + k] - y[yo + k];
            s0 += t * t;
        }
        return s0 + s1;
    }
}
