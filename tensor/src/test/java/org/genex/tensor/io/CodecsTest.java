package org.genex.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** DType metadata, the FP8 decoders, unsigned conversions and the F16/BF16 rounding helpers. */
class CodecsTest {

    @Test
    void dtypesFollowTheReferenceEnumeration() {
        assertEquals(List.of(DType.BOOL, DType.F4, DType.F6_E2M3, DType.F6_E3M2, DType.U8, DType.I8, DType.F8_E5M2,
                DType.F8_E4M3, DType.F8_E8M0, DType.F8_E4M3FNUZ, DType.F8_E5M2FNUZ, DType.I16, DType.U16, DType.F16,
                DType.BF16, DType.I32, DType.U32, DType.F32, DType.C64, DType.F64, DType.I64, DType.U64),
                List.of(DType.values()));
        int[] bits = {8, 4, 6, 6, 8, 8, 8, 8, 8, 8, 8, 16, 16, 16, 16, 32, 32, 32, 64, 64, 64, 64};
        for (DType t : DType.values()) assertEquals(bits[t.ordinal()], t.bits(), t.name());
        for (DType t : DType.values()) assertEquals(t, DType.fromHeaderName(t.headerName()));
        assertNull(DType.fromHeaderName("f32"));
        assertNull(DType.fromHeaderName("F128"));
        assertEquals(3, DType.F6_E2M3.byteSize(4));
        assertEquals(1, DType.F4.byteSize(2));
        assertThrows(ArithmeticException.class, () -> DType.F4.byteSize(3));
        assertThrows(ArithmeticException.class, () -> DType.F64.byteSize(1L << 60));
    }

    private static float fp8(DType t, int b) {
        float[] out = new float[1];
        Codecs.toFloats(t, ByteBuffer.wrap(new byte[] {(byte) b}), out, 0, 1);
        return out[0];
    }

    @Test
    void decodesFp8Formats() {
        // E4M3 "FN": bias 7, no infinities, S.1111.111 is NaN, max 448
        assertEquals(1f, fp8(DType.F8_E4M3, 0x38));
        assertEquals(448f, fp8(DType.F8_E4M3, 0x7E));
        assertEquals(-448f, fp8(DType.F8_E4M3, 0xFE));
        assertEquals(0x1p-9f, fp8(DType.F8_E4M3, 0x01));
        assertEquals(256f, fp8(DType.F8_E4M3, 0x78));
        assertTrue(Float.isNaN(fp8(DType.F8_E4M3, 0x7F)));
        assertTrue(Float.isNaN(fp8(DType.F8_E4M3, 0xFF)));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(fp8(DType.F8_E4M3, 0x80)));
        // E5M2: bias 15, IEEE specials, max 57344
        assertEquals(1f, fp8(DType.F8_E5M2, 0x3C));
        assertEquals(57344f, fp8(DType.F8_E5M2, 0x7B));
        assertEquals(Float.POSITIVE_INFINITY, fp8(DType.F8_E5M2, 0x7C));
        assertEquals(Float.NEGATIVE_INFINITY, fp8(DType.F8_E5M2, 0xFC));
        assertTrue(Float.isNaN(fp8(DType.F8_E5M2, 0x7D)));
        assertEquals(0x1p-16f, fp8(DType.F8_E5M2, 0x01));
        // E5M2 is the high byte of an F16
        for (int b = 0; b < 256; b++)
            assertEquals(Float.floatToIntBits(Float.float16ToFloat((short) (b << 8))),
                    Float.floatToIntBits(fp8(DType.F8_E5M2, b)), "E5M2 " + b);
        // FNUZ: bias 8 / 16, 0x80 is the only NaN, no infinities
        assertEquals(1f, fp8(DType.F8_E4M3FNUZ, 0x40));
        assertEquals(240f, fp8(DType.F8_E4M3FNUZ, 0x7F));
        assertEquals(-240f, fp8(DType.F8_E4M3FNUZ, 0xFF));
        assertEquals(0x1p-10f, fp8(DType.F8_E4M3FNUZ, 0x01));
        assertTrue(Float.isNaN(fp8(DType.F8_E4M3FNUZ, 0x80)));
        assertEquals(1f, fp8(DType.F8_E5M2FNUZ, 0x40));
        assertEquals(57344f, fp8(DType.F8_E5M2FNUZ, 0x7F));
        assertEquals(0x1p-17f, fp8(DType.F8_E5M2FNUZ, 0x01));
        assertTrue(Float.isNaN(fp8(DType.F8_E5M2FNUZ, 0x80)));
        // E8M0: 2^(b-127), 0xFF is NaN
        assertEquals(1f, fp8(DType.F8_E8M0, 127));
        assertEquals(2f, fp8(DType.F8_E8M0, 128));
        assertEquals(0x1p-127f, fp8(DType.F8_E8M0, 0));
        assertEquals(0x1p127f, fp8(DType.F8_E8M0, 254));
        assertTrue(Float.isNaN(fp8(DType.F8_E8M0, 255)));
    }

    @Test
    void subByteAndComplexTypesDoNotConvert() {
        for (DType t : List.of(DType.F4, DType.F6_E2M3, DType.F6_E3M2, DType.C64)) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> Codecs.toFloats(t, ByteBuffer.allocate(8), new float[1], 0, 1));
            assertEquals("conversion of dtype " + t + " to float32 is not supported", e.getMessage());
        }
    }

    @Test
    void unsignedConversions() {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L).putLong(8, 1L << 63);
        float[] f = new float[2];
        Codecs.toFloats(DType.U64, b, f, 0, 2);
        assertArrayEquals(new float[] {0x1p64f, 0x1p63f}, f);
        long[] l = new long[2];
        Codecs.toLongs(DType.U64, b, l, 0, 2);
        assertArrayEquals(new long[] {-1L, Long.MIN_VALUE}, l);
        ByteBuffer u = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0, -1).putShort(4, (short) -1);
        Codecs.toLongs(DType.U32, u, l, 0, 1);
        assertEquals(0xffffffffL, l[0]);
        Codecs.toLongs(DType.U16, u.slice(4, 2).order(ByteOrder.LITTLE_ENDIAN), l, 0, 1);
        assertEquals(0xffffL, l[0]);
        // ties between floats near 2^63 round to even; one more rounds up
        assertEquals(0x1p63f, Codecs.unsignedToFloat(Long.MIN_VALUE + (1L << 39)));
        assertEquals(0x1p63f + 0x1p40f, Codecs.unsignedToFloat(Long.MIN_VALUE + (1L << 39) + 1));
    }

    @Property(tries = 2000)
    void unsignedLongToFloatIsCorrectlyRounded(@ForAll long v) {
        float expected = new BigInteger(Long.toUnsignedString(v)).floatValue();
        assertEquals(expected, Codecs.unsignedToFloat(v), Long.toUnsignedString(v));
    }

    @Test
    void bf16RoundsToNearestEven() {
        assertEquals((short) 0x3F80, HalfFloats.floatToBf16(1f));
        assertEquals((short) 0x3F80, HalfFloats.floatToBf16(1f + 0x1p-8f));       // tie, even is down
        assertEquals((short) 0x3F82, HalfFloats.floatToBf16(1f + 3 * 0x1p-8f));   // tie, even is up
        assertEquals((short) 0x3F81, HalfFloats.floatToBf16(Math.nextUp(1f + 0x1p-8f)));
        assertEquals((short) 0x7F80, HalfFloats.floatToBf16(Float.MAX_VALUE));    // overflow to infinity
        assertEquals((short) 0xFF80, HalfFloats.floatToBf16(Float.NEGATIVE_INFINITY));
        assertEquals((short) 0x7FC0, HalfFloats.floatToBf16(Float.NaN));
        assertEquals((short) 0x8000, HalfFloats.floatToBf16(-0f));
        assertEquals(3.140625f, HalfFloats.bf16ToFloat(HalfFloats.floatToBf16((float) Math.PI)));
    }

    /** Nearest-even rounding checked against the neighbours of the result, in double precision. */
    @Property(tries = 3000)
    void bf16AndF16AreNearestEven(@ForAll int bits) {
        float x = Float.intBitsToFloat(bits);
        if (Float.isNaN(x)) return;
        short b = HalfFloats.floatToBf16(x);
        checkNearest(x, b, HalfFloats.bf16ToFloat(b), HalfFloats.bf16ToFloat((short) (b - 1)),
                HalfFloats.bf16ToFloat((short) (b + 1)));
        float small = Math.scalb(x, -Math.getExponent(x) + (bits & 15)); // bring many values into F16's range
        if (Float.isNaN(small) || Float.isInfinite(small)) return;
        short h = HalfFloats.floatToF16(small);
        checkNearest(small, h, HalfFloats.f16ToFloat(h), HalfFloats.f16ToFloat((short) (h - 1)),
                HalfFloats.f16ToFloat((short) (h + 1)));
    }

    private static void checkNearest(float x, short code, float r, float below, float above) {
        if (Float.isInfinite(r) && !Float.isInfinite(x)) return; // overflow: checked by the fixed cases
        double d = Math.abs((double) r - x);
        for (float n : new float[] {below, above}) {
            if (Float.isNaN(n) || Float.isInfinite(n) || Math.signum(n) != Math.signum(r) && n != 0 && r != 0)
                continue;
            double dn = Math.abs((double) n - x);
            assertTrue(d <= dn, x + " -> " + r + ", but " + n + " is nearer");
            if (d == dn) assertEquals(0, code & 1, x + " is a tie and " + r + " is not even");
        }
    }
}
