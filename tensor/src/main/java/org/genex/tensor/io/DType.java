package org.genex.tensor.io;

/**
 * The element types of the safetensors format, declared in the order of the reference implementation's
 * {@code Dtype} enumeration ({@code huggingface/safetensors}, {@code safetensors/src/tensor.rs}), so that
 * {@link #ordinal()} is that order. The reference writer sorts tensors by this order, descending (see
 * {@link SafetensorsWriter}).
 *
 * <p>All values are little-endian. {@link #BOOL} is one byte per element. The sub-byte MX types ({@link #F4},
 * {@link #F6_E2M3}, {@link #F6_E3M2}) are packed; a tensor of them must fill whole bytes.
 */
public enum DType {
    /** Boolean, one byte per element (0 is false). */
    BOOL(8, Kind.BOOL),
    /** MX FP4 (E2M1), packed two per byte. */
    F4(4, Kind.OTHER),
    /** MX FP6 (E2M3), packed four per three bytes. */
    F6_E2M3(6, Kind.OTHER),
    /** MX FP6 (E3M2), packed four per three bytes. */
    F6_E3M2(6, Kind.OTHER),
    /** Unsigned 8-bit integer. */
    U8(8, Kind.INTEGER),
    /** Signed 8-bit integer. */
    I8(8, Kind.INTEGER),
    /** FP8 with 5 exponent and 2 mantissa bits, IEEE-like (infinities and NaNs). */
    F8_E5M2(8, Kind.FLOAT),
    /** FP8 with 4 exponent and 3 mantissa bits, finite ("E4M3FN": no infinities, NaN is S.1111.111). */
    F8_E4M3(8, Kind.FLOAT),
    /** FP8 scale type of the MX formats: an 8-bit exponent only, 2^(e-127); 0xFF is NaN. */
    F8_E8M0(8, Kind.FLOAT),
    /** FP8 E4M3 "FNUZ": exponent bias 8, no infinities, no negative zero, 0x80 is NaN. */
    F8_E4M3FNUZ(8, Kind.FLOAT),
    /** FP8 E5M2 "FNUZ": exponent bias 16, no infinities, no negative zero, 0x80 is NaN. */
    F8_E5M2FNUZ(8, Kind.FLOAT),
    /** Signed 16-bit integer. */
    I16(16, Kind.INTEGER),
    /** Unsigned 16-bit integer. */
    U16(16, Kind.INTEGER),
    /** IEEE 754 half precision. */
    F16(16, Kind.FLOAT),
    /** bfloat16: the high 16 bits of a float32. */
    BF16(16, Kind.FLOAT),
    /** Signed 32-bit integer. */
    I32(32, Kind.INTEGER),
    /** Unsigned 32-bit integer. */
    U32(32, Kind.INTEGER),
    /** IEEE 754 single precision. */
    F32(32, Kind.FLOAT),
    /** Complex number of two float32 (real, imaginary). */
    C64(64, Kind.OTHER),
    /** IEEE 754 double precision. */
    F64(64, Kind.FLOAT),
    /** Signed 64-bit integer. */
    I64(64, Kind.INTEGER),
    /** Unsigned 64-bit integer. */
    U64(64, Kind.INTEGER);

    private enum Kind { BOOL, INTEGER, FLOAT, OTHER }

    private static final DType[] VALUES = values();

    private final int bits;
    private final Kind kind;

    DType(int bits, Kind kind) {
        this.bits = bits;
        this.kind = kind;
    }

    /** The size of one element in bits (4 and 6 for the sub-byte types). */
    public int bits() { return bits; }

    /** True for the types whose elements are not a whole number of bytes ({@link #F4}, {@link #F6_E2M3}, ...). */
    public boolean isSubByte() { return bits % 8 != 0; }

    /** True for the signed and unsigned integer types ({@link #BOOL} is not one). */
    public boolean isInteger() { return kind == Kind.INTEGER; }

    /** True for the real floating-point types that convert to float32 (not the packed MX types nor {@link #C64}). */
    public boolean isFloatingPoint() { return kind == Kind.FLOAT; }

    /**
     * True if the elements convert to float32: the real floating-point types (FP8, F16, BF16, F32, F64), the
     * integer types (rounded to the nearest float where they have more than 24 significant bits) and {@link #BOOL}
     * (0 or 1). False for the packed MX types ({@link #F4}, {@link #F6_E2M3}, {@link #F6_E3M2}) and {@link #C64}.
     */
    public boolean convertsToFloat() { return kind != Kind.OTHER; }

    /** The name used in safetensors headers (the constant's name, e.g. {@code "BF16"}). */
    public String headerName() { return name(); }

    /** The type with this header name, or {@code null} if there is none (names are case-sensitive). */
    public static DType fromHeaderName(String name) {
        for (DType t : VALUES) if (t.name().equals(name)) return t;
        return null;
    }

    /**
     * The number of bytes of {@code elements} elements.
     *
     * @throws ArithmeticException if the number of bits overflows a {@code long} or the elements of a sub-byte
     *         type do not end on a byte boundary
     */
    public long byteSize(long elements) {
        long nbits = Math.multiplyExact(elements, (long) bits);
        if (nbits % 8 != 0)
            throw new ArithmeticException(elements + " elements of " + this + " are " + nbits
                    + " bits, which does not end on a byte boundary");
        return nbits / 8;
    }
}
