package org.genex.tensor.io;

import java.nio.ByteBuffer;

/**
 * Element conversions between little-endian safetensors bytes and Java arrays. Source and destination buffers are
 * little-endian, and element {@code i} of a source is at byte {@code i * size} from its position 0 (absolute
 * reads); encoders write at the destination's position and advance it.
 */
final class Codecs {
    private Codecs() {}

    // Decoding tables of the FP8 formats, indexed by the byte value.
    private static final float[] F8_E5M2_TABLE = fp8Table(5, 2, 15, Fp8Kind.IEEE);
    private static final float[] F8_E4M3_TABLE = fp8Table(4, 3, 7, Fp8Kind.FN);
    private static final float[] F8_E4M3FNUZ_TABLE = fp8Table(4, 3, 8, Fp8Kind.FNUZ);
    private static final float[] F8_E5M2FNUZ_TABLE = fp8Table(5, 2, 16, Fp8Kind.FNUZ);
    private static final float[] F8_E8M0_TABLE = e8m0Table();

    /** How an FP8 format spends its special values. */
    private enum Fp8Kind {
        /** Largest exponent: infinities (mantissa 0) and NaNs. */
        IEEE,
        /** Finite: only S.1111.111 is NaN. */
        FN,
        /** Finite, unsigned zero: only 0x80 (negative zero's pattern) is NaN. */
        FNUZ
    }

    /** Decodes {@code n} elements of type {@code t} from {@code src} into {@code dst[off, off + n)} as floats. */
    static void toFloats(DType t, ByteBuffer src, float[] dst, int off, int n) {
        switch (t) {
            case F32 -> src.asFloatBuffer().get(0, dst, off, n);
            case F64 -> { for (int i = 0; i < n; i++) dst[off + i] = (float) src.getDouble(8 * i); }
            case F16 -> { for (int i = 0; i < n; i++) dst[off + i] = Float.float16ToFloat(src.getShort(2 * i)); }
            case BF16 -> { for (int i = 0; i < n; i++) dst[off + i] = Float.intBitsToFloat(src.getShort(2 * i) << 16); }
            case F8_E5M2 -> table(F8_E5M2_TABLE, src, dst, off, n);
            case F8_E4M3 -> table(F8_E4M3_TABLE, src, dst, off, n);
            case F8_E8M0 -> table(F8_E8M0_TABLE, src, dst, off, n);
            case F8_E4M3FNUZ -> table(F8_E4M3FNUZ_TABLE, src, dst, off, n);
            case F8_E5M2FNUZ -> table(F8_E5M2FNUZ_TABLE, src, dst, off, n);
            case BOOL -> { for (int i = 0; i < n; i++) dst[off + i] = src.get(i) != 0 ? 1f : 0f; }
            case I8 -> { for (int i = 0; i < n; i++) dst[off + i] = src.get(i); }
            case U8 -> { for (int i = 0; i < n; i++) dst[off + i] = src.get(i) & 0xff; }
            case I16 -> { for (int i = 0; i < n; i++) dst[off + i] = src.getShort(2 * i); }
            case U16 -> { for (int i = 0; i < n; i++) dst[off + i] = src.getChar(2 * i); }
            case I32 -> { for (int i = 0; i < n; i++) dst[off + i] = (float) src.getInt(4 * i); }
            case U32 -> { for (int i = 0; i < n; i++) dst[off + i] = (float) Integer.toUnsignedLong(src.getInt(4 * i)); }
            case I64 -> { for (int i = 0; i < n; i++) dst[off + i] = (float) src.getLong(8 * i); }
            case U64 -> { for (int i = 0; i < n; i++) dst[off + i] = unsignedToFloat(src.getLong(8 * i)); }
            default -> throw new UnsupportedOperationException("conversion of dtype " + t + " to float32 is not supported");
        }
    }

    /** Decodes {@code n} integer or bool elements into {@code dst[off, off + n)}; U64 keeps its 64 bits. */
    static void toLongs(DType t, ByteBuffer src, long[] dst, int off, int n) {
        switch (t) {
            case BOOL -> { for (int i = 0; i < n; i++) dst[off + i] = src.get(i) != 0 ? 1 : 0; }
            case I8 -> { for (int i = 0; i < n; i++) dst[off + i] = src.get(i); }
            case U8 -> { for (int i = 0; i < n; i++) dst[off + i] = src.get(i) & 0xff; }
            case I16 -> { for (int i = 0; i < n; i++) dst[off + i] = src.getShort(2 * i); }
            case U16 -> { for (int i = 0; i < n; i++) dst[off + i] = src.getChar(2 * i); }
            case I32 -> { for (int i = 0; i < n; i++) dst[off + i] = src.getInt(4 * i); }
            case U32 -> { for (int i = 0; i < n; i++) dst[off + i] = Integer.toUnsignedLong(src.getInt(4 * i)); }
            case I64, U64 -> src.asLongBuffer().get(0, dst, off, n);
            default -> throw new UnsupportedOperationException("conversion of dtype " + t
                    + " to integers is not supported (only the integer dtypes and BOOL convert)");
        }
    }

    /** Encodes {@code src[off, off + n)} as F32, F64, F16 or BF16 at {@code dst}'s position, advancing it. */
    static void fromFloats(DType t, float[] src, int off, int n, ByteBuffer dst) {
        switch (t) {
            case F32 -> {
                dst.asFloatBuffer().put(src, off, n);
                dst.position(dst.position() + 4 * n);
            }
            case F64 -> { for (int i = 0; i < n; i++) dst.putDouble(src[off + i]); }
            case F16 -> { for (int i = 0; i < n; i++) dst.putShort(Float.floatToFloat16(src[off + i])); }
            case BF16 -> { for (int i = 0; i < n; i++) dst.putShort(HalfFloats.floatToBf16(src[off + i])); }
            default -> throw new UnsupportedOperationException("writing float32 values as dtype " + t
                    + " is not supported (F32, F64, F16 and BF16 are)");
        }
    }

    /** The float nearest to the unsigned 64-bit value {@code v}. */
    static float unsignedToFloat(long v) {
        if (v >= 0) return (float) v;
        // Halve, keeping the lowest bit as a sticky bit so that the rounding of the halved value is the same.
        return (float) ((v >>> 1) | (v & 1)) * 2f;
    }

    private static void table(float[] table, ByteBuffer src, float[] dst, int off, int n) {
        for (int i = 0; i < n; i++) dst[off + i] = table[src.get(i) & 0xff];
    }

    /** The values of all 256 codes of a sign/exponent/mantissa FP8 format. */
    private static float[] fp8Table(int ebits, int mbits, int bias, Fp8Kind kind) {
        float[] t = new float[256];
        int emax = (1 << ebits) - 1, mmax = (1 << mbits) - 1;
        for (int b = 0; b < 256; b++) {
            boolean negative = (b & 0x80) != 0;
            int e = (b >>> mbits) & emax, m = b & mmax;
            float v;
            if (kind == Fp8Kind.FNUZ && b == 0x80) v = Float.NaN;
            else if (kind == Fp8Kind.IEEE && e == emax) v = m == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
            else if (kind == Fp8Kind.FN && e == emax && m == mmax) v = Float.NaN;
            else if (e == 0) v = Math.scalb((float) m, 1 - bias - mbits);                 // subnormal
            else v = Math.scalb((float) ((1 << mbits) | m), e - bias - mbits);          // normal
            t[b] = negative && !Float.isNaN(v) ? -v : v;
        }
        return t;
    }

    /** The E8M0 scale format: 2^(b - 127), and 0xFF is NaN. */
    private static float[] e8m0Table() {
        float[] t = new float[256];
        for (int b = 0; b < 255; b++) t[b] = Math.scalb(1f, b - 127);
        t[255] = Float.NaN;
        return t;
    }
}
