package org.genex.tensor.io;

/**
 * Conversions between float32 and the 16-bit float formats of safetensors files: IEEE half precision (F16) and
 * bfloat16 (BF16, the high 16 bits of a float32). Narrowing rounds to the nearest value, ties to even, as PyTorch
 * and NumPy do; values too large become infinities.
 */
public final class HalfFloats {
    private HalfFloats() {}

    /** The F16 value with these bits, as a float (exact). */
    public static float f16ToFloat(short bits) { return Float.float16ToFloat(bits); }

    /** The F16 bits nearest to {@code f} (ties to even; overflow gives an infinity, NaN stays NaN). */
    public static short floatToF16(float f) { return Float.floatToFloat16(f); }

    /** The BF16 value with these bits, as a float (exact: the bits become the float's high half). */
    public static float bf16ToFloat(short bits) { return Float.intBitsToFloat((bits & 0xffff) << 16); }

    /**
     * The BF16 bits nearest to {@code f}: ties to even, overflow to an infinity; any NaN becomes the quiet NaN
     * {@code 0x7FC0}, as PyTorch does.
     */
    public static short floatToBf16(float f) {
        if (Float.isNaN(f)) return (short) 0x7fc0;
        int b = Float.floatToRawIntBits(f);
        return (short) ((b + 0x7fff + ((b >>> 16) & 1)) >>> 16);
    }
}
