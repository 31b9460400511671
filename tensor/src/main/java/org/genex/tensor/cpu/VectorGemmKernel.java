package org.genex.tensor.cpu;

import static org.genex.tensor.cpu.Species.F;

import jdk.incubator.vector.FloatVector;

/**
 * The vector path's tile: {@code mr} rows by two vectors of columns, all {@code 2 mr} accumulators held in
 * registers. Each step loads two vectors of the B panel, broadcasts each A value, and issues {@code 2 mr} fused
 * multiply-adds. With 32 vector registers (AVX-512) the tile is 12 x 32 (24 accumulators); with 16 (AVX2, NEON)
 * it is 6 x 2L. Generated code, kept unrolled on purpose: the JIT keeps unrolled locals in registers.
 */
final class VectorGemmKernel implements GemmKernel {
    private final int mr = F.vectorBitSize() >= 512 ? 12 : 6;

    @Override public int mr() { return mr; }
    @Override public int nr() { return 2 * F.length(); }

    @Override
    public void tile(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc, float s) {
        if (mr == 12) tile12(kc, a, ao, b, bo, c, co, ldc, s);
        else tile6(kc, a, ao, b, bo, c, co, ldc, s);
    }

    @Override
    public void tileStrided(int kc, float[] a, int ao, int rs, int ps, float[] b, int bo, float[] c, int co, int ldc,
                            float s) {
        if (mr == 12) tile12Strided(kc, a, ao, rs, ps, b, bo, c, co, ldc, s);
        else tile6Strided(kc, a, ao, rs, ps, b, bo, c, co, ldc, s);
    }

    /** C[12 x 2L] (+)= A-panel[12 x kc] * B-panel[kc x 2L]; see {@link GemmKernel#tile}. */
    private static void tile12(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc, float s) {
        final int l = F.length();
        FloatVector c0_0 = FloatVector.zero(F); FloatVector c0_1 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F); FloatVector c1_1 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F); FloatVector c2_1 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F); FloatVector c3_1 = FloatVector.zero(F);
        FloatVector c4_0 = FloatVector.zero(F); FloatVector c4_1 = FloatVector.zero(F);
        FloatVector c5_0 = FloatVector.zero(F); FloatVector c5_1 = FloatVector.zero(F);
        FloatVector c6_0 = FloatVector.zero(F); FloatVector c6_1 = FloatVector.zero(F);
        FloatVector c7_0 = FloatVector.zero(F); FloatVector c7_1 = FloatVector.zero(F);
        FloatVector c8_0 = FloatVector.zero(F); FloatVector c8_1 = FloatVector.zero(F);
        FloatVector c9_0 = FloatVector.zero(F); FloatVector c9_1 = FloatVector.zero(F);
        FloatVector c10_0 = FloatVector.zero(F); FloatVector c10_1 = FloatVector.zero(F);
        FloatVector c11_0 = FloatVector.zero(F); FloatVector c11_1 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++, ao += 12, bo += 2 * l) {
            FloatVector b0 = FloatVector.fromArray(F, b, bo);
            FloatVector b1 = FloatVector.fromArray(F, b, bo + 1 * l);
            FloatVector a0 = FloatVector.broadcast(F, a[ao + 0]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            FloatVector a1 = FloatVector.broadcast(F, a[ao + 1]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            FloatVector a2 = FloatVector.broadcast(F, a[ao + 2]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            FloatVector a3 = FloatVector.broadcast(F, a[ao + 3]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
            FloatVector a4 = FloatVector.broadcast(F, a[ao + 4]);
            c4_0 = a4.fma(b0, c4_0);
            c4_1 = a4.fma(b1, c4_1);
            FloatVector a5 = FloatVector.broadcast(F, a[ao + 5]);
            c5_0 = a5.fma(b0, c5_0);
            c5_1 = a5.fma(b1, c5_1);
            FloatVector a6 = FloatVector.broadcast(F, a[ao + 6]);
            c6_0 = a6.fma(b0, c6_0);
            c6_1 = a6.fma(b1, c6_1);
            FloatVector a7 = FloatVector.broadcast(F, a[ao + 7]);
            c7_0 = a7.fma(b0, c7_0);
            c7_1 = a7.fma(b1, c7_1);
            FloatVector a8 = FloatVector.broadcast(F, a[ao + 8]);
            c8_0 = a8.fma(b0, c8_0);
            c8_1 = a8.fma(b1, c8_1);
            FloatVector a9 = FloatVector.broadcast(F, a[ao + 9]);
            c9_0 = a9.fma(b0, c9_0);
            c9_1 = a9.fma(b1, c9_1);
            FloatVector a10 = FloatVector.broadcast(F, a[ao + 10]);
            c10_0 = a10.fma(b0, c10_0);
            c10_1 = a10.fma(b1, c10_1);
            FloatVector a11 = FloatVector.broadcast(F, a[ao + 11]);
            c11_0 = a11.fma(b0, c11_0);
            c11_1 = a11.fma(b1, c11_1);
        }
        if (s == 0f) {
            c0_0.intoArray(c, co + 0 * ldc);
            c0_1.intoArray(c, co + 0 * ldc + 1 * l);
            c1_0.intoArray(c, co + 1 * ldc);
            c1_1.intoArray(c, co + 1 * ldc + 1 * l);
            c2_0.intoArray(c, co + 2 * ldc);
            c2_1.intoArray(c, co + 2 * ldc + 1 * l);
            c3_0.intoArray(c, co + 3 * ldc);
            c3_1.intoArray(c, co + 3 * ldc + 1 * l);
            c4_0.intoArray(c, co + 4 * ldc);
            c4_1.intoArray(c, co + 4 * ldc + 1 * l);
            c5_0.intoArray(c, co + 5 * ldc);
            c5_1.intoArray(c, co + 5 * ldc + 1 * l);
            c6_0.intoArray(c, co + 6 * ldc);
            c6_1.intoArray(c, co + 6 * ldc + 1 * l);
            c7_0.intoArray(c, co + 7 * ldc);
            c7_1.intoArray(c, co + 7 * ldc + 1 * l);
            c8_0.intoArray(c, co + 8 * ldc);
            c8_1.intoArray(c, co + 8 * ldc + 1 * l);
            c9_0.intoArray(c, co + 9 * ldc);
            c9_1.intoArray(c, co + 9 * ldc + 1 * l);
            c10_0.intoArray(c, co + 10 * ldc);
            c10_1.intoArray(c, co + 10 * ldc + 1 * l);
            c11_0.intoArray(c, co + 11 * ldc);
            c11_1.intoArray(c, co + 11 * ldc + 1 * l);
        } else {
            FloatVector sv = FloatVector.broadcast(F, s);
            FloatVector.fromArray(F, c, co + 0 * ldc).fma(sv, c0_0).intoArray(c, co + 0 * ldc);
            FloatVector.fromArray(F, c, co + 0 * ldc + 1 * l).fma(sv, c0_1).intoArray(c, co + 0 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 1 * ldc).fma(sv, c1_0).intoArray(c, co + 1 * ldc);
            FloatVector.fromArray(F, c, co + 1 * ldc + 1 * l).fma(sv, c1_1).intoArray(c, co + 1 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 2 * ldc).fma(sv, c2_0).intoArray(c, co + 2 * ldc);
            FloatVector.fromArray(F, c, co + 2 * ldc + 1 * l).fma(sv, c2_1).intoArray(c, co + 2 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 3 * ldc).fma(sv, c3_0).intoArray(c, co + 3 * ldc);
            FloatVector.fromArray(F, c, co + 3 * ldc + 1 * l).fma(sv, c3_1).intoArray(c, co + 3 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 4 * ldc).fma(sv, c4_0).intoArray(c, co + 4 * ldc);
            FloatVector.fromArray(F, c, co + 4 * ldc + 1 * l).fma(sv, c4_1).intoArray(c, co + 4 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 5 * ldc).fma(sv, c5_0).intoArray(c, co + 5 * ldc);
            FloatVector.fromArray(F, c, co + 5 * ldc + 1 * l).fma(sv, c5_1).intoArray(c, co + 5 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 6 * ldc).fma(sv, c6_0).intoArray(c, co + 6 * ldc);
            FloatVector.fromArray(F, c, co + 6 * ldc + 1 * l).fma(sv, c6_1).intoArray(c, co + 6 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 7 * ldc).fma(sv, c7_0).intoArray(c, co + 7 * ldc);
            FloatVector.fromArray(F, c, co + 7 * ldc + 1 * l).fma(sv, c7_1).intoArray(c, co + 7 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 8 * ldc).fma(sv, c8_0).intoArray(c, co + 8 * ldc);
            FloatVector.fromArray(F, c, co + 8 * ldc + 1 * l).fma(sv, c8_1).intoArray(c, co + 8 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 9 * ldc).fma(sv, c9_0).intoArray(c, co + 9 * ldc);
            FloatVector.fromArray(F, c, co + 9 * ldc + 1 * l).fma(sv, c9_1).intoArray(c, co + 9 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 10 * ldc).fma(sv, c10_0).intoArray(c, co + 10 * ldc);
            FloatVector.fromArray(F, c, co + 10 * ldc + 1 * l).fma(sv, c10_1).intoArray(c, co + 10 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 11 * ldc).fma(sv, c11_0).intoArray(c, co + 11 * ldc);
            FloatVector.fromArray(F, c, co + 11 * ldc + 1 * l).fma(sv, c11_1).intoArray(c, co + 11 * ldc + 1 * l);
        }
    }


    /** C[6 x 2L] (+)= A-panel[6 x kc] * B-panel[kc x 2L]; see {@link GemmKernel#tile}. */
    private static void tile6(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc, float s) {
        final int l = F.length();
        FloatVector c0_0 = FloatVector.zero(F); FloatVector c0_1 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F); FloatVector c1_1 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F); FloatVector c2_1 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F); FloatVector c3_1 = FloatVector.zero(F);
        FloatVector c4_0 = FloatVector.zero(F); FloatVector c4_1 = FloatVector.zero(F);
        FloatVector c5_0 = FloatVector.zero(F); FloatVector c5_1 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++, ao += 6, bo += 2 * l) {
            FloatVector b0 = FloatVector.fromArray(F, b, bo);
            FloatVector b1 = FloatVector.fromArray(F, b, bo + 1 * l);
            FloatVector a0 = FloatVector.broadcast(F, a[ao + 0]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            FloatVector a1 = FloatVector.broadcast(F, a[ao + 1]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            FloatVector a2 = FloatVector.broadcast(F, a[ao + 2]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            FloatVector a3 = FloatVector.broadcast(F, a[ao + 3]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
            FloatVector a4 = FloatVector.broadcast(F, a[ao + 4]);
            c4_0 = a4.fma(b0, c4_0);
            c4_1 = a4.fma(b1, c4_1);
            FloatVector a5 = FloatVector.broadcast(F, a[ao + 5]);
            c5_0 = a5.fma(b0, c5_0);
            c5_1 = a5.fma(b1, c5_1);
        }
        if (s == 0f) {
            c0_0.intoArray(c, co + 0 * ldc);
            c0_1.intoArray(c, co + 0 * ldc + 1 * l);
            c1_0.intoArray(c, co + 1 * ldc);
            c1_1.intoArray(c, co + 1 * ldc + 1 * l);
            c2_0.intoArray(c, co + 2 * ldc);
            c2_1.intoArray(c, co + 2 * ldc + 1 * l);
            c3_0.intoArray(c, co + 3 * ldc);
            c3_1.intoArray(c, co + 3 * ldc + 1 * l);
            c4_0.intoArray(c, co + 4 * ldc);
            c4_1.intoArray(c, co + 4 * ldc + 1 * l);
            c5_0.intoArray(c, co + 5 * ldc);
            c5_1.intoArray(c, co + 5 * ldc + 1 * l);
        } else {
            FloatVector sv = FloatVector.broadcast(F, s);
            FloatVector.fromArray(F, c, co + 0 * ldc).fma(sv, c0_0).intoArray(c, co + 0 * ldc);
            FloatVector.fromArray(F, c, co + 0 * ldc + 1 * l).fma(sv, c0_1).intoArray(c, co + 0 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 1 * ldc).fma(sv, c1_0).intoArray(c, co + 1 * ldc);
            FloatVector.fromArray(F, c, co + 1 * ldc + 1 * l).fma(sv, c1_1).intoArray(c, co + 1 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 2 * ldc).fma(sv, c2_0).intoArray(c, co + 2 * ldc);
            FloatVector.fromArray(F, c, co + 2 * ldc + 1 * l).fma(sv, c2_1).intoArray(c, co + 2 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 3 * ldc).fma(sv, c3_0).intoArray(c, co + 3 * ldc);
            FloatVector.fromArray(F, c, co + 3 * ldc + 1 * l).fma(sv, c3_1).intoArray(c, co + 3 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 4 * ldc).fma(sv, c4_0).intoArray(c, co + 4 * ldc);
            FloatVector.fromArray(F, c, co + 4 * ldc + 1 * l).fma(sv, c4_1).intoArray(c, co + 4 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 5 * ldc).fma(sv, c5_0).intoArray(c, co + 5 * ldc);
            FloatVector.fromArray(F, c, co + 5 * ldc + 1 * l).fma(sv, c5_1).intoArray(c, co + 5 * ldc + 1 * l);
        }
    }


    /** C[12 x 2L] (+)= A[12 x kc] (in place, strides rs, ps) * B-panel[kc x 2L]; see {@link GemmKernel#tileStrided}. */
    private static void tile12Strided(int kc, float[] a, int ao, int rs, int ps, float[] b, int bo, float[] c, int co, int ldc,
                               float s) {
        final int l = F.length();
        final int o1 = rs, o2 = 2 * rs, o3 = 3 * rs, o4 = 4 * rs, o5 = 5 * rs, o6 = 6 * rs, o7 = 7 * rs, o8 = 8 * rs;
        final int o9 = 9 * rs, o10 = 10 * rs, o11 = 11 * rs;
        FloatVector c0_0 = FloatVector.zero(F); FloatVector c0_1 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F); FloatVector c1_1 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F); FloatVector c2_1 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F); FloatVector c3_1 = FloatVector.zero(F);
        FloatVector c4_0 = FloatVector.zero(F); FloatVector c4_1 = FloatVector.zero(F);
        FloatVector c5_0 = FloatVector.zero(F); FloatVector c5_1 = FloatVector.zero(F);
        FloatVector c6_0 = FloatVector.zero(F); FloatVector c6_1 = FloatVector.zero(F);
        FloatVector c7_0 = FloatVector.zero(F); FloatVector c7_1 = FloatVector.zero(F);
        FloatVector c8_0 = FloatVector.zero(F); FloatVector c8_1 = FloatVector.zero(F);
        FloatVector c9_0 = FloatVector.zero(F); FloatVector c9_1 = FloatVector.zero(F);
        FloatVector c10_0 = FloatVector.zero(F); FloatVector c10_1 = FloatVector.zero(F);
        FloatVector c11_0 = FloatVector.zero(F); FloatVector c11_1 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++, ao += ps, bo += 2 * l) {
            FloatVector b0 = FloatVector.fromArray(F, b, bo);
            FloatVector b1 = FloatVector.fromArray(F, b, bo + 1 * l);
            FloatVector a0 = FloatVector.broadcast(F, a[ao]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            FloatVector a1 = FloatVector.broadcast(F, a[ao + o1]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            FloatVector a2 = FloatVector.broadcast(F, a[ao + o2]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            FloatVector a3 = FloatVector.broadcast(F, a[ao + o3]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
            FloatVector a4 = FloatVector.broadcast(F, a[ao + o4]);
            c4_0 = a4.fma(b0, c4_0);
            c4_1 = a4.fma(b1, c4_1);
            FloatVector a5 = FloatVector.broadcast(F, a[ao + o5]);
            c5_0 = a5.fma(b0, c5_0);
            c5_1 = a5.fma(b1, c5_1);
            FloatVector a6 = FloatVector.broadcast(F, a[ao + o6]);
            c6_0 = a6.fma(b0, c6_0);
            c6_1 = a6.fma(b1, c6_1);
            FloatVector a7 = FloatVector.broadcast(F, a[ao + o7]);
            c7_0 = a7.fma(b0, c7_0);
            c7_1 = a7.fma(b1, c7_1);
            FloatVector a8 = FloatVector.broadcast(F, a[ao + o8]);
            c8_0 = a8.fma(b0, c8_0);
            c8_1 = a8.fma(b1, c8_1);
            FloatVector a9 = FloatVector.broadcast(F, a[ao + o9]);
            c9_0 = a9.fma(b0, c9_0);
            c9_1 = a9.fma(b1, c9_1);
            FloatVector a10 = FloatVector.broadcast(F, a[ao + o10]);
            c10_0 = a10.fma(b0, c10_0);
            c10_1 = a10.fma(b1, c10_1);
            FloatVector a11 = FloatVector.broadcast(F, a[ao + o11]);
            c11_0 = a11.fma(b0, c11_0);
            c11_1 = a11.fma(b1, c11_1);
        }
        if (s == 0f) {
            c0_0.intoArray(c, co + 0 * ldc);
            c0_1.intoArray(c, co + 0 * ldc + 1 * l);
            c1_0.intoArray(c, co + 1 * ldc);
            c1_1.intoArray(c, co + 1 * ldc + 1 * l);
            c2_0.intoArray(c, co + 2 * ldc);
            c2_1.intoArray(c, co + 2 * ldc + 1 * l);
            c3_0.intoArray(c, co + 3 * ldc);
            c3_1.intoArray(c, co + 3 * ldc + 1 * l);
            c4_0.intoArray(c, co + 4 * ldc);
            c4_1.intoArray(c, co + 4 * ldc + 1 * l);
            c5_0.intoArray(c, co + 5 * ldc);
            c5_1.intoArray(c, co + 5 * ldc + 1 * l);
            c6_0.intoArray(c, co + 6 * ldc);
            c6_1.intoArray(c, co + 6 * ldc + 1 * l);
            c7_0.intoArray(c, co + 7 * ldc);
            c7_1.intoArray(c, co + 7 * ldc + 1 * l);
            c8_0.intoArray(c, co + 8 * ldc);
            c8_1.intoArray(c, co + 8 * ldc + 1 * l);
            c9_0.intoArray(c, co + 9 * ldc);
            c9_1.intoArray(c, co + 9 * ldc + 1 * l);
            c10_0.intoArray(c, co + 10 * ldc);
            c10_1.intoArray(c, co + 10 * ldc + 1 * l);
            c11_0.intoArray(c, co + 11 * ldc);
            c11_1.intoArray(c, co + 11 * ldc + 1 * l);
        } else {
            FloatVector sv = FloatVector.broadcast(F, s);
            FloatVector.fromArray(F, c, co + 0 * ldc).fma(sv, c0_0).intoArray(c, co + 0 * ldc);
            FloatVector.fromArray(F, c, co + 0 * ldc + 1 * l).fma(sv, c0_1).intoArray(c, co + 0 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 1 * ldc).fma(sv, c1_0).intoArray(c, co + 1 * ldc);
            FloatVector.fromArray(F, c, co + 1 * ldc + 1 * l).fma(sv, c1_1).intoArray(c, co + 1 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 2 * ldc).fma(sv, c2_0).intoArray(c, co + 2 * ldc);
            FloatVector.fromArray(F, c, co + 2 * ldc + 1 * l).fma(sv, c2_1).intoArray(c, co + 2 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 3 * ldc).fma(sv, c3_0).intoArray(c, co + 3 * ldc);
            FloatVector.fromArray(F, c, co + 3 * ldc + 1 * l).fma(sv, c3_1).intoArray(c, co + 3 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 4 * ldc).fma(sv, c4_0).intoArray(c, co + 4 * ldc);
            FloatVector.fromArray(F, c, co + 4 * ldc + 1 * l).fma(sv, c4_1).intoArray(c, co + 4 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 5 * ldc).fma(sv, c5_0).intoArray(c, co + 5 * ldc);
            FloatVector.fromArray(F, c, co + 5 * ldc + 1 * l).fma(sv, c5_1).intoArray(c, co + 5 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 6 * ldc).fma(sv, c6_0).intoArray(c, co + 6 * ldc);
            FloatVector.fromArray(F, c, co + 6 * ldc + 1 * l).fma(sv, c6_1).intoArray(c, co + 6 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 7 * ldc).fma(sv, c7_0).intoArray(c, co + 7 * ldc);
            FloatVector.fromArray(F, c, co + 7 * ldc + 1 * l).fma(sv, c7_1).intoArray(c, co + 7 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 8 * ldc).fma(sv, c8_0).intoArray(c, co + 8 * ldc);
            FloatVector.fromArray(F, c, co + 8 * ldc + 1 * l).fma(sv, c8_1).intoArray(c, co + 8 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 9 * ldc).fma(sv, c9_0).intoArray(c, co + 9 * ldc);
            FloatVector.fromArray(F, c, co + 9 * ldc + 1 * l).fma(sv, c9_1).intoArray(c, co + 9 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 10 * ldc).fma(sv, c10_0).intoArray(c, co + 10 * ldc);
            FloatVector.fromArray(F, c, co + 10 * ldc + 1 * l).fma(sv, c10_1).intoArray(c, co + 10 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 11 * ldc).fma(sv, c11_0).intoArray(c, co + 11 * ldc);
            FloatVector.fromArray(F, c, co + 11 * ldc + 1 * l).fma(sv, c11_1).intoArray(c, co + 11 * ldc + 1 * l);
        }
    }

    /** C[6 x 2L] (+)= A[6 x kc] (in place, strides rs, ps) * B-panel[kc x 2L]; see {@link GemmKernel#tileStrided}. */
    private static void tile6Strided(int kc, float[] a, int ao, int rs, int ps, float[] b, int bo, float[] c, int co, int ldc,
                               float s) {
        final int l = F.length();
        final int o1 = rs, o2 = 2 * rs, o3 = 3 * rs, o4 = 4 * rs, o5 = 5 * rs;
        FloatVector c0_0 = FloatVector.zero(F); FloatVector c0_1 = FloatVector.zero(F);
        FloatVector c1_0 = FloatVector.zero(F); FloatVector c1_1 = FloatVector.zero(F);
        FloatVector c2_0 = FloatVector.zero(F); FloatVector c2_1 = FloatVector.zero(F);
        FloatVector c3_0 = FloatVector.zero(F); FloatVector c3_1 = FloatVector.zero(F);
        FloatVector c4_0 = FloatVector.zero(F); FloatVector c4_1 = FloatVector.zero(F);
        FloatVector c5_0 = FloatVector.zero(F); FloatVector c5_1 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++, ao += ps, bo += 2 * l) {
            FloatVector b0 = FloatVector.fromArray(F, b, bo);
            FloatVector b1 = FloatVector.fromArray(F, b, bo + 1 * l);
            FloatVector a0 = FloatVector.broadcast(F, a[ao]);
            c0_0 = a0.fma(b0, c0_0);
            c0_1 = a0.fma(b1, c0_1);
            FloatVector a1 = FloatVector.broadcast(F, a[ao + o1]);
            c1_0 = a1.fma(b0, c1_0);
            c1_1 = a1.fma(b1, c1_1);
            FloatVector a2 = FloatVector.broadcast(F, a[ao + o2]);
            c2_0 = a2.fma(b0, c2_0);
            c2_1 = a2.fma(b1, c2_1);
            FloatVector a3 = FloatVector.broadcast(F, a[ao + o3]);
            c3_0 = a3.fma(b0, c3_0);
            c3_1 = a3.fma(b1, c3_1);
            FloatVector a4 = FloatVector.broadcast(F, a[ao + o4]);
            c4_0 = a4.fma(b0, c4_0);
            c4_1 = a4.fma(b1, c4_1);
            FloatVector a5 = FloatVector.broadcast(F, a[ao + o5]);
            c5_0 = a5.fma(b0, c5_0);
            c5_1 = a5.fma(b1, c5_1);
        }
        if (s == 0f) {
            c0_0.intoArray(c, co + 0 * ldc);
            c0_1.intoArray(c, co + 0 * ldc + 1 * l);
            c1_0.intoArray(c, co + 1 * ldc);
            c1_1.intoArray(c, co + 1 * ldc + 1 * l);
            c2_0.intoArray(c, co + 2 * ldc);
            c2_1.intoArray(c, co + 2 * ldc + 1 * l);
            c3_0.intoArray(c, co + 3 * ldc);
            c3_1.intoArray(c, co + 3 * ldc + 1 * l);
            c4_0.intoArray(c, co + 4 * ldc);
            c4_1.intoArray(c, co + 4 * ldc + 1 * l);
            c5_0.intoArray(c, co + 5 * ldc);
            c5_1.intoArray(c, co + 5 * ldc + 1 * l);
        } else {
            FloatVector sv = FloatVector.broadcast(F, s);
            FloatVector.fromArray(F, c, co + 0 * ldc).fma(sv, c0_0).intoArray(c, co + 0 * ldc);
            FloatVector.fromArray(F, c, co + 0 * ldc + 1 * l).fma(sv, c0_1).intoArray(c, co + 0 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 1 * ldc).fma(sv, c1_0).intoArray(c, co + 1 * ldc);
            FloatVector.fromArray(F, c, co + 1 * ldc + 1 * l).fma(sv, c1_1).intoArray(c, co + 1 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 2 * ldc).fma(sv, c2_0).intoArray(c, co + 2 * ldc);
            FloatVector.fromArray(F, c, co + 2 * ldc + 1 * l).fma(sv, c2_1).intoArray(c, co + 2 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 3 * ldc).fma(sv, c3_0).intoArray(c, co + 3 * ldc);
            FloatVector.fromArray(F, c, co + 3 * ldc + 1 * l).fma(sv, c3_1).intoArray(c, co + 3 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 4 * ldc).fma(sv, c4_0).intoArray(c, co + 4 * ldc);
            FloatVector.fromArray(F, c, co + 4 * ldc + 1 * l).fma(sv, c4_1).intoArray(c, co + 4 * ldc + 1 * l);
            FloatVector.fromArray(F, c, co + 5 * ldc).fma(sv, c5_0).intoArray(c, co + 5 * ldc);
            FloatVector.fromArray(F, c, co + 5 * ldc + 1 * l).fma(sv, c5_1).intoArray(c, co + 5 * ldc + 1 * l);
        }
    }
}
