package org.genex.tensor.cpu;

import static org.genex.tensor.cpu.Species.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * The vector path's tile: {@code mr} rows by two vectors of columns, all {@code 2 mr} accumulators held in
 * registers. Each step loads two vectors of the B panel, broadcasts each A value, and issues {@code 2 mr} fused
 * multiply-adds. With 32 vector registers (AVX-512) the tile is 12 x 32 (24 accumulators); with 16 (AVX2, NEON)
 * it is 6 x 2L. Generated code, kept unrolled on purpose: the JIT keeps unrolled locals in registers.
 */
final class VectorGemmKernel implements GemmKernel {
    private final int mr = F.vectorBitSize() >= 512 ? 12 : 6;

    /** The transposing pack's lane swaps (lane c takes lane c ^ d) and the lanes (c & d) != 0, for d = 1, 2, 4, 8. */
    private static final VectorShuffle<Float> X1 = swap(1), X2 = swap(2), X4 = swap(4), X8 = swap(8);
    private static final VectorMask<Float> M1 = upper(1), M2 = upper(2), M4 = upper(4), M8 = upper(8);

    private static VectorShuffle<Float> swap(int d) {
        return F.length() == 16 ? VectorShuffle.fromOp(F, c -> c ^ d) : VectorShuffle.iota(F, 0, 1, false);
    }

    private static VectorMask<Float> upper(int d) {
        long bits = 0;
        for (int c = 0; c < F.length(); c++) if ((c & d) != 0) bits |= 1L << c;
        return VectorMask.fromLong(F, bits);
    }

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

    /** One vector of columns, with the 12-row tile (AVX-512); none with the 6-row one. */
    @Override public int narrowWidth() { return mr == 12 ? F.length() : 0; }

    @Override
    public void tileNarrow(int kc, float[] a, int ao, int rs, int ps, float[] b, int bo, float[] c, int co, int ldc,
                           float s) {
        if (mr != 12) throw new UnsupportedOperationException("no narrow tile with " + mr + " rows");
        tile12Narrow(kc, a, ao, rs, ps, b, bo, c, co, ldc, s);
    }

    @Override
    public void packTransposed(int kc, float[] b, int bo, int ldb, float[] dst, int d) {
        if (F.length() == 16) packTransposed16(kc, b, bo, ldb, dst, d);
        else ScalarGemmKernel.packTransposedScalar(kc, b, bo, ldb, nr(), dst, d);
    }

    /**
     * One B panel of {@code op(B) = B^T} from nr = 32 rows of a row-major B: for each step p, the values
     * {@code b[bo + j * ldb + p]}, j = 0..31. Blocks of 16 x 16 are loaded as 16 row vectors, transposed in registers
     * (four stages, each swapping the off-diagonal halves of 2d x 2d blocks: a lane permute and a blend per vector)
     * and stored as 16 rows of the panel; the last kc % 16 steps are copied one by one. 16 lanes only.
     */
    private static void packTransposed16(int kc, float[] b, int bo, int ldb, float[] dst, int d) {
        final int nr = 32, end = kc & ~15;
        for (int h = 0; h < 2; h++) {
            int src = bo + 16 * h * ldb;
            for (int p = 0; p < end; p += 16) {
                FloatVector r0 = FloatVector.fromArray(F, b, src + 0 * ldb + p);
                FloatVector r1 = FloatVector.fromArray(F, b, src + 1 * ldb + p);
                FloatVector r2 = FloatVector.fromArray(F, b, src + 2 * ldb + p);
                FloatVector r3 = FloatVector.fromArray(F, b, src + 3 * ldb + p);
                FloatVector r4 = FloatVector.fromArray(F, b, src + 4 * ldb + p);
                FloatVector r5 = FloatVector.fromArray(F, b, src + 5 * ldb + p);
                FloatVector r6 = FloatVector.fromArray(F, b, src + 6 * ldb + p);
                FloatVector r7 = FloatVector.fromArray(F, b, src + 7 * ldb + p);
                FloatVector r8 = FloatVector.fromArray(F, b, src + 8 * ldb + p);
                FloatVector r9 = FloatVector.fromArray(F, b, src + 9 * ldb + p);
                FloatVector r10 = FloatVector.fromArray(F, b, src + 10 * ldb + p);
                FloatVector r11 = FloatVector.fromArray(F, b, src + 11 * ldb + p);
                FloatVector r12 = FloatVector.fromArray(F, b, src + 12 * ldb + p);
                FloatVector r13 = FloatVector.fromArray(F, b, src + 13 * ldb + p);
                FloatVector r14 = FloatVector.fromArray(F, b, src + 14 * ldb + p);
                FloatVector r15 = FloatVector.fromArray(F, b, src + 15 * ldb + p);
                // stage d = 1
                FloatVector t1_0 = r1.rearrange(X1), u1_0 = r0.rearrange(X1);
                r0 = r0.blend(t1_0, M1);
                r1 = u1_0.blend(r1, M1);
                FloatVector t1_2 = r3.rearrange(X1), u1_2 = r2.rearrange(X1);
                r2 = r2.blend(t1_2, M1);
                r3 = u1_2.blend(r3, M1);
                FloatVector t1_4 = r5.rearrange(X1), u1_4 = r4.rearrange(X1);
                r4 = r4.blend(t1_4, M1);
                r5 = u1_4.blend(r5, M1);
                FloatVector t1_6 = r7.rearrange(X1), u1_6 = r6.rearrange(X1);
                r6 = r6.blend(t1_6, M1);
                r7 = u1_6.blend(r7, M1);
                FloatVector t1_8 = r9.rearrange(X1), u1_8 = r8.rearrange(X1);
                r8 = r8.blend(t1_8, M1);
                r9 = u1_8.blend(r9, M1);
                FloatVector t1_10 = r11.rearrange(X1), u1_10 = r10.rearrange(X1);
                r10 = r10.blend(t1_10, M1);
                r11 = u1_10.blend(r11, M1);
                FloatVector t1_12 = r13.rearrange(X1), u1_12 = r12.rearrange(X1);
                r12 = r12.blend(t1_12, M1);
                r13 = u1_12.blend(r13, M1);
                FloatVector t1_14 = r15.rearrange(X1), u1_14 = r14.rearrange(X1);
                r14 = r14.blend(t1_14, M1);
                r15 = u1_14.blend(r15, M1);
                // stage d = 2
                FloatVector t2_0 = r2.rearrange(X2), u2_0 = r0.rearrange(X2);
                r0 = r0.blend(t2_0, M2);
                r2 = u2_0.blend(r2, M2);
                FloatVector t2_1 = r3.rearrange(X2), u2_1 = r1.rearrange(X2);
                r1 = r1.blend(t2_1, M2);
                r3 = u2_1.blend(r3, M2);
                FloatVector t2_4 = r6.rearrange(X2), u2_4 = r4.rearrange(X2);
                r4 = r4.blend(t2_4, M2);
                r6 = u2_4.blend(r6, M2);
                FloatVector t2_5 = r7.rearrange(X2), u2_5 = r5.rearrange(X2);
                r5 = r5.blend(t2_5, M2);
                r7 = u2_5.blend(r7, M2);
                FloatVector t2_8 = r10.rearrange(X2), u2_8 = r8.rearrange(X2);
                r8 = r8.blend(t2_8, M2);
                r10 = u2_8.blend(r10, M2);
                FloatVector t2_9 = r11.rearrange(X2), u2_9 = r9.rearrange(X2);
                r9 = r9.blend(t2_9, M2);
                r11 = u2_9.blend(r11, M2);
                FloatVector t2_12 = r14.rearrange(X2), u2_12 = r12.rearrange(X2);
                r12 = r12.blend(t2_12, M2);
                r14 = u2_12.blend(r14, M2);
                FloatVector t2_13 = r15.rearrange(X2), u2_13 = r13.rearrange(X2);
                r13 = r13.blend(t2_13, M2);
                r15 = u2_13.blend(r15, M2);
                // stage d = 4
                FloatVector t4_0 = r4.rearrange(X4), u4_0 = r0.rearrange(X4);
                r0 = r0.blend(t4_0, M4);
                r4 = u4_0.blend(r4, M4);
                FloatVector t4_1 = r5.rearrange(X4), u4_1 = r1.rearrange(X4);
                r1 = r1.blend(t4_1, M4);
                r5 = u4_1.blend(r5, M4);
                FloatVector t4_2 = r6.rearrange(X4), u4_2 = r2.rearrange(X4);
                r2 = r2.blend(t4_2, M4);
                r6 = u4_2.blend(r6, M4);
                FloatVector t4_3 = r7.rearrange(X4), u4_3 = r3.rearrange(X4);
                r3 = r3.blend(t4_3, M4);
                r7 = u4_3.blend(r7, M4);
                FloatVector t4_8 = r12.rearrange(X4), u4_8 = r8.rearrange(X4);
                r8 = r8.blend(t4_8, M4);
                r12 = u4_8.blend(r12, M4);
                FloatVector t4_9 = r13.rearrange(X4), u4_9 = r9.rearrange(X4);
                r9 = r9.blend(t4_9, M4);
                r13 = u4_9.blend(r13, M4);
                FloatVector t4_10 = r14.rearrange(X4), u4_10 = r10.rearrange(X4);
                r10 = r10.blend(t4_10, M4);
                r14 = u4_10.blend(r14, M4);
                FloatVector t4_11 = r15.rearrange(X4), u4_11 = r11.rearrange(X4);
                r11 = r11.blend(t4_11, M4);
                r15 = u4_11.blend(r15, M4);
                // stage d = 8
                FloatVector t8_0 = r8.rearrange(X8), u8_0 = r0.rearrange(X8);
                r0 = r0.blend(t8_0, M8);
                r8 = u8_0.blend(r8, M8);
                FloatVector t8_1 = r9.rearrange(X8), u8_1 = r1.rearrange(X8);
                r1 = r1.blend(t8_1, M8);
                r9 = u8_1.blend(r9, M8);
                FloatVector t8_2 = r10.rearrange(X8), u8_2 = r2.rearrange(X8);
                r2 = r2.blend(t8_2, M8);
                r10 = u8_2.blend(r10, M8);
                FloatVector t8_3 = r11.rearrange(X8), u8_3 = r3.rearrange(X8);
                r3 = r3.blend(t8_3, M8);
                r11 = u8_3.blend(r11, M8);
                FloatVector t8_4 = r12.rearrange(X8), u8_4 = r4.rearrange(X8);
                r4 = r4.blend(t8_4, M8);
                r12 = u8_4.blend(r12, M8);
                FloatVector t8_5 = r13.rearrange(X8), u8_5 = r5.rearrange(X8);
                r5 = r5.blend(t8_5, M8);
                r13 = u8_5.blend(r13, M8);
                FloatVector t8_6 = r14.rearrange(X8), u8_6 = r6.rearrange(X8);
                r6 = r6.blend(t8_6, M8);
                r14 = u8_6.blend(r14, M8);
                FloatVector t8_7 = r15.rearrange(X8), u8_7 = r7.rearrange(X8);
                r7 = r7.blend(t8_7, M8);
                r15 = u8_7.blend(r15, M8);
                r0.intoArray(dst, d + (p + 0) * nr + 16 * h);
                r1.intoArray(dst, d + (p + 1) * nr + 16 * h);
                r2.intoArray(dst, d + (p + 2) * nr + 16 * h);
                r3.intoArray(dst, d + (p + 3) * nr + 16 * h);
                r4.intoArray(dst, d + (p + 4) * nr + 16 * h);
                r5.intoArray(dst, d + (p + 5) * nr + 16 * h);
                r6.intoArray(dst, d + (p + 6) * nr + 16 * h);
                r7.intoArray(dst, d + (p + 7) * nr + 16 * h);
                r8.intoArray(dst, d + (p + 8) * nr + 16 * h);
                r9.intoArray(dst, d + (p + 9) * nr + 16 * h);
                r10.intoArray(dst, d + (p + 10) * nr + 16 * h);
                r11.intoArray(dst, d + (p + 11) * nr + 16 * h);
                r12.intoArray(dst, d + (p + 12) * nr + 16 * h);
                r13.intoArray(dst, d + (p + 13) * nr + 16 * h);
                r14.intoArray(dst, d + (p + 14) * nr + 16 * h);
                r15.intoArray(dst, d + (p + 15) * nr + 16 * h);
            }
        }
        for (int p = end; p < kc; p++)
            for (int j = 0; j < nr; j++) dst[d + p * nr + j] = b[bo + j * ldb + p];
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

    /**
     * C[12 x L] (+)= A[12 x kc] (strides rs, ps) * the first L columns of the B panel: {@link #tile12Strided}'s first
     * vector of columns alone.
     */
    private static void tile12Narrow(int kc, float[] a, int ao, int rs, int ps, float[] b, int bo, float[] c, int co,
                                     int ldc, float s) {
        final int l = F.length();
        final int o1 = rs, o2 = 2 * rs, o3 = 3 * rs, o4 = 4 * rs, o5 = 5 * rs, o6 = 6 * rs, o7 = 7 * rs, o8 = 8 * rs;
        final int o9 = 9 * rs, o10 = 10 * rs, o11 = 11 * rs;
        FloatVector c0 = FloatVector.zero(F); FloatVector c1 = FloatVector.zero(F);
        FloatVector c2 = FloatVector.zero(F); FloatVector c3 = FloatVector.zero(F);
        FloatVector c4 = FloatVector.zero(F); FloatVector c5 = FloatVector.zero(F);
        FloatVector c6 = FloatVector.zero(F); FloatVector c7 = FloatVector.zero(F);
        FloatVector c8 = FloatVector.zero(F); FloatVector c9 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F); FloatVector c11 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++, ao += ps, bo += 2 * l) {
            FloatVector b0 = FloatVector.fromArray(F, b, bo);
            c0 = FloatVector.broadcast(F, a[ao]).fma(b0, c0);
            c1 = FloatVector.broadcast(F, a[ao + o1]).fma(b0, c1);
            c2 = FloatVector.broadcast(F, a[ao + o2]).fma(b0, c2);
            c3 = FloatVector.broadcast(F, a[ao + o3]).fma(b0, c3);
            c4 = FloatVector.broadcast(F, a[ao + o4]).fma(b0, c4);
            c5 = FloatVector.broadcast(F, a[ao + o5]).fma(b0, c5);
            c6 = FloatVector.broadcast(F, a[ao + o6]).fma(b0, c6);
            c7 = FloatVector.broadcast(F, a[ao + o7]).fma(b0, c7);
            c8 = FloatVector.broadcast(F, a[ao + o8]).fma(b0, c8);
            c9 = FloatVector.broadcast(F, a[ao + o9]).fma(b0, c9);
            c10 = FloatVector.broadcast(F, a[ao + o10]).fma(b0, c10);
            c11 = FloatVector.broadcast(F, a[ao + o11]).fma(b0, c11);
        }
        if (s == 0f) {
            c0.intoArray(c, co + 0 * ldc);
            c1.intoArray(c, co + 1 * ldc);
            c2.intoArray(c, co + 2 * ldc);
            c3.intoArray(c, co + 3 * ldc);
            c4.intoArray(c, co + 4 * ldc);
            c5.intoArray(c, co + 5 * ldc);
            c6.intoArray(c, co + 6 * ldc);
            c7.intoArray(c, co + 7 * ldc);
            c8.intoArray(c, co + 8 * ldc);
            c9.intoArray(c, co + 9 * ldc);
            c10.intoArray(c, co + 10 * ldc);
            c11.intoArray(c, co + 11 * ldc);
        } else {
            FloatVector sv = FloatVector.broadcast(F, s);
            FloatVector.fromArray(F, c, co + 0 * ldc).fma(sv, c0).intoArray(c, co + 0 * ldc);
            FloatVector.fromArray(F, c, co + 1 * ldc).fma(sv, c1).intoArray(c, co + 1 * ldc);
            FloatVector.fromArray(F, c, co + 2 * ldc).fma(sv, c2).intoArray(c, co + 2 * ldc);
            FloatVector.fromArray(F, c, co + 3 * ldc).fma(sv, c3).intoArray(c, co + 3 * ldc);
            FloatVector.fromArray(F, c, co + 4 * ldc).fma(sv, c4).intoArray(c, co + 4 * ldc);
            FloatVector.fromArray(F, c, co + 5 * ldc).fma(sv, c5).intoArray(c, co + 5 * ldc);
            FloatVector.fromArray(F, c, co + 6 * ldc).fma(sv, c6).intoArray(c, co + 6 * ldc);
            FloatVector.fromArray(F, c, co + 7 * ldc).fma(sv, c7).intoArray(c, co + 7 * ldc);
            FloatVector.fromArray(F, c, co + 8 * ldc).fma(sv, c8).intoArray(c, co + 8 * ldc);
            FloatVector.fromArray(F, c, co + 9 * ldc).fma(sv, c9).intoArray(c, co + 9 * ldc);
            FloatVector.fromArray(F, c, co + 10 * ldc).fma(sv, c10).intoArray(c, co + 10 * ldc);
            FloatVector.fromArray(F, c, co + 11 * ldc).fma(sv, c11).intoArray(c, co + 11 * ldc);
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
