package org.genex.algorithms.bayes;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector path of {@link KernelSums} on {@code DoubleVector.SPECIES_PREFERRED} (8 lanes with AVX-512). exp is
 * computed here from IEEE-exact operations (a Cody&ndash;Waite reduction by ln 2, the degree-13 Taylor polynomial by
 * Horner's rule with fma, the scale 2<sup>k</sup> put in the exponent bits), within 2 ulp of {@link Math#exp}, rather
 * than with {@code VectorOperators.EXP}, whose bits depend on whether C2 has compiled the loop (see the tensor
 * module's VectorMath): the same input gives the same bits on every call. Arguments below &minus;700 are raised to
 * &minus;700 (e<sup>&minus;700</sup> &asymp; 1e&minus;304 instead of smaller: nothing in a sum of kernel values).
 */
final class VectorKernelSums implements KernelSums {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final double LOG2E = 1.4426950408889634, ROUNDER = 0x1.8p52;
    private static final double LN2_HI = 0.6931471803691238, LN2_LO = 1.9082149292705877e-10;
    private static final double MIN_ARG = -700;
    // 1/k! for k = 13 down to 2
    private static final double[] P = {1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0,
            1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5};

    @Override
    public double rowSum(double[] zc, int n, int d, int i, int from, int to, double c, boolean rbf) {
        if (d == 1) return rbf ? rbf1(zc, i, from, to, c) : imq1(zc, i, from, to, c);
        return general(zc, n, d, i, from, to, c, rbf);
    }

    private static double rbf1(double[] z, int i, int from, int to, double c) {
        DoubleVector zi = DoubleVector.broadcast(S, z[i]), cv = DoubleVector.broadcast(S, c);
        DoubleVector log2e = DoubleVector.broadcast(S, LOG2E), rounder = DoubleVector.broadcast(S, ROUNDER);
        DoubleVector ln2Hi = DoubleVector.broadcast(S, -LN2_HI), ln2Lo = DoubleVector.broadcast(S, -LN2_LO);
        DoubleVector minArg = DoubleVector.broadcast(S, MIN_ARG), one = DoubleVector.broadcast(S, 1.0);
        DoubleVector p0 = DoubleVector.broadcast(S, P[0]), p1 = DoubleVector.broadcast(S, P[1]);
        DoubleVector p2 = DoubleVector.broadcast(S, P[2]), p3 = DoubleVector.broadcast(S, P[3]);
        DoubleVector p4 = DoubleVector.broadcast(S, P[4]), p5 = DoubleVector.broadcast(S, P[5]);
        DoubleVector p6 = DoubleVector.broadcast(S, P[6]), p7 = DoubleVector.broadcast(S, P[7]);
        DoubleVector p8 = DoubleVector.broadcast(S, P[8]), p9 = DoubleVector.broadcast(S, P[9]);
        DoubleVector p10 = DoubleVector.broadcast(S, P[10]), p11 = DoubleVector.broadcast(S, P[11]);
        DoubleVector acc = DoubleVector.zero(S);
        int j = from, upper = from + S.loopBound(to - from);
        for (; j < upper; j += L) {
            DoubleVector t = DoubleVector.fromArray(S, z, j).sub(zi);
            DoubleVector x = t.mul(t).mul(cv).max(minArg);
            DoubleVector r0 = x.fma(log2e, rounder);
            DoubleVector k = r0.sub(rounder);
            DoubleVector r = k.fma(ln2Lo, k.fma(ln2Hi, x));
            DoubleVector e = r.fma(p0, p1).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, p5).fma(r, p6).fma(r, p7)
                    .fma(r, p8).fma(r, p9).fma(r, p10).fma(r, p11).fma(r, one).fma(r, one);
            // e 2^k: r0's low bits hold k, so r0 << 52 is k in the exponent field
            acc = acc.add(e.reinterpretAsLongs().add(r0.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52))
                    .reinterpretAsDoubles());
        }
        double s = laneSum(acc);
        double zs = z[i];
        for (; j < to; j++) {
            double t = zs - z[j];
            s += exp(Math.max(MIN_ARG, c * t * t));
        }
        return s;
    }

    private static double imq1(double[] z, int i, int from, int to, double c) {
        DoubleVector zi = DoubleVector.broadcast(S, z[i]), cv = DoubleVector.broadcast(S, c);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        DoubleVector acc0 = DoubleVector.zero(S), acc1 = DoubleVector.zero(S);
        int j = from, upper2 = from + ((to - from) / (2 * L)) * (2 * L), upper = from + S.loopBound(to - from);
        for (; j < upper2; j += 2 * L) {
            DoubleVector t0 = DoubleVector.fromArray(S, z, j).sub(zi), t1 = DoubleVector.fromArray(S, z, j + L).sub(zi);
            acc0 = acc0.add(one.div(t0.fma(t0, cv).sqrt()));
            acc1 = acc1.add(one.div(t1.fma(t1, cv).sqrt()));
        }
        for (; j < upper; j += L) {
            DoubleVector t0 = DoubleVector.fromArray(S, z, j).sub(zi);
            acc0 = acc0.add(one.div(t0.fma(t0, cv).sqrt()));
        }
        double s = laneSum(acc0.add(acc1));
        double zs = z[i];
        for (; j < to; j++) {
            double t = zs - z[j];
            s += 1 / Math.sqrt(Math.fma(t, t, c));
        }
        return s;
    }

    private static double general(double[] zc, int n, int d, int i, int from, int to, double c, boolean rbf) {
        DoubleVector cv = DoubleVector.broadcast(S, c), one = DoubleVector.broadcast(S, 1.0);
        DoubleVector log2e = DoubleVector.broadcast(S, LOG2E), rounder = DoubleVector.broadcast(S, ROUNDER);
        DoubleVector ln2Hi = DoubleVector.broadcast(S, -LN2_HI), ln2Lo = DoubleVector.broadcast(S, -LN2_LO);
        DoubleVector minArg = DoubleVector.broadcast(S, MIN_ARG);
        DoubleVector acc = DoubleVector.zero(S);
        int j = from, upper = from + S.loopBound(to - from);
        for (; j < upper; j += L) {
            DoubleVector r2 = DoubleVector.zero(S);
            for (int k = 0; k < d; k++) {
                DoubleVector t = DoubleVector.fromArray(S, zc, k * n + j).sub(zc[k * n + i]);
                r2 = t.fma(t, r2);
            }
            if (rbf) {
                DoubleVector x = r2.mul(cv).max(minArg);
                DoubleVector r0 = x.fma(log2e, rounder);
                DoubleVector kk = r0.sub(rounder);
                DoubleVector r = kk.fma(ln2Lo, kk.fma(ln2Hi, x));
                DoubleVector e = r.fma(DoubleVector.broadcast(S, P[0]), DoubleVector.broadcast(S, P[1]))
                        .fma(r, DoubleVector.broadcast(S, P[2])).fma(r, DoubleVector.broadcast(S, P[3]))
                        .fma(r, DoubleVector.broadcast(S, P[4])).fma(r, DoubleVector.broadcast(S, P[5]))
                        .fma(r, DoubleVector.broadcast(S, P[6])).fma(r, DoubleVector.broadcast(S, P[7]))
                        .fma(r, DoubleVector.broadcast(S, P[8])).fma(r, DoubleVector.broadcast(S, P[9]))
                        .fma(r, DoubleVector.broadcast(S, P[10])).fma(r, DoubleVector.broadcast(S, P[11]))
                        .fma(r, one).fma(r, one);
                acc = acc.add(e.reinterpretAsLongs().add(r0.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52))
                        .reinterpretAsDoubles());
            } else {
                acc = acc.add(one.div(r2.add(cv).sqrt()));
            }
        }
        double s = laneSum(acc);
        for (; j < to; j++) {
            double r2 = 0;
            for (int k = 0; k < d; k++) {
                double t = zc[k * n + j] - zc[k * n + i];
                r2 = Math.fma(t, t, r2);
            }
            s += rbf ? exp(Math.max(MIN_ARG, c * r2)) : 1 / Math.sqrt(r2 + c);
        }
        return s;
    }

    @Override
    public void rowDistances(double[] zc, int n, int d, int i, double[] out, int o) {
        int from = i + 1, j = from, upper = from + S.loopBound(n - from);
        for (; j < upper; j += L) {
            DoubleVector r2 = DoubleVector.zero(S);
            for (int k = 0; k < d; k++) {
                DoubleVector t = DoubleVector.fromArray(S, zc, k * n + j).sub(zc[k * n + i]);
                r2 = t.fma(t, r2);
            }
            r2.intoArray(out, o + j - from);
        }
        for (; j < n; j++) {
            double r2 = 0;
            for (int k = 0; k < d; k++) {
                double t = zc[k * n + j] - zc[k * n + i];
                r2 = Math.fma(t, t, r2);
            }
            out[o + j - from] = r2;
        }
    }

    @Override
    public double sumKernel(double[] r2, int from, int to, double c, boolean rbf) {
        DoubleVector cv = DoubleVector.broadcast(S, c), one = DoubleVector.broadcast(S, 1.0);
        DoubleVector acc = DoubleVector.zero(S);
        int p = from, upper = from + S.loopBound(to - from);
        if (rbf) {
            DoubleVector log2e = DoubleVector.broadcast(S, LOG2E), rounder = DoubleVector.broadcast(S, ROUNDER);
            DoubleVector ln2Hi = DoubleVector.broadcast(S, -LN2_HI), ln2Lo = DoubleVector.broadcast(S, -LN2_LO);
            DoubleVector minArg = DoubleVector.broadcast(S, MIN_ARG);
            DoubleVector p0 = DoubleVector.broadcast(S, P[0]), p1 = DoubleVector.broadcast(S, P[1]);
            DoubleVector p2 = DoubleVector.broadcast(S, P[2]), p3 = DoubleVector.broadcast(S, P[3]);
            DoubleVector p4 = DoubleVector.broadcast(S, P[4]), p5 = DoubleVector.broadcast(S, P[5]);
            DoubleVector p6 = DoubleVector.broadcast(S, P[6]), p7 = DoubleVector.broadcast(S, P[7]);
            DoubleVector p8 = DoubleVector.broadcast(S, P[8]), p9 = DoubleVector.broadcast(S, P[9]);
            DoubleVector p10 = DoubleVector.broadcast(S, P[10]), p11 = DoubleVector.broadcast(S, P[11]);
            for (; p < upper; p += L) {
                DoubleVector x = DoubleVector.fromArray(S, r2, p).mul(cv).max(minArg);
                DoubleVector r0 = x.fma(log2e, rounder);
                DoubleVector k = r0.sub(rounder);
                DoubleVector r = k.fma(ln2Lo, k.fma(ln2Hi, x));
                DoubleVector e = r.fma(p0, p1).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, p5).fma(r, p6).fma(r, p7)
                        .fma(r, p8).fma(r, p9).fma(r, p10).fma(r, p11).fma(r, one).fma(r, one);
                acc = acc.add(e.reinterpretAsLongs().add(r0.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52))
                        .reinterpretAsDoubles());
            }
        } else {
            for (; p < upper; p += L) acc = acc.add(one.div(DoubleVector.fromArray(S, r2, p).add(cv).sqrt()));
        }
        double s = laneSum(acc);
        for (; p < to; p++) s += rbf ? exp(Math.max(MIN_ARG, c * r2[p])) : 1 / Math.sqrt(r2[p] + c);
        return s;
    }

    /** The lanes summed in lane order (reduceLanes leaves the order of a floating-point sum unspecified). */
    private static double laneSum(DoubleVector v) {
        double[] lanes = new double[L];
        v.intoArray(lanes, 0);
        double s = 0;
        for (double x : lanes) s += x;
        return s;
    }

    /** The scalar twin of the vector exp (same operations, same bits), for the tails; x in [-700, 700]. */
    static double exp(double x) {
        double r0 = Math.fma(x, LOG2E, ROUNDER);
        double k = r0 - ROUNDER;
        double r = Math.fma(k, -LN2_LO, Math.fma(k, -LN2_HI, x));
        double e = Math.fma(r, P[0], P[1]);
        for (int q = 2; q < P.length; q++) e = Math.fma(e, r, P[q]);
        e = Math.fma(Math.fma(e, r, 1.0), r, 1.0);
        return Double.longBitsToDouble(Double.doubleToRawLongBits(e) + (Double.doubleToRawLongBits(r0) << 52));
    }
}
