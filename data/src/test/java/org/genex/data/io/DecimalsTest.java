package org.genex.data.io;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecimalsTest {
    private static double d(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Decimals.parseDouble(b, 0, b.length);
    }

    private static long l(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Decimals.parseLong(b, 0, b.length);
    }

    /** Every decimal string reads as Double.parseDouble (correctly rounded) reads it, fast path or not. */
    @Test
    void matchesDoubleParseDouble() {
        Random rnd = new Random(11);
        for (int i = 0; i < 50_000; i++) {
            String s = switch (i % 4) {
                case 0 -> Double.toString(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20));
                case 1 -> Float.toString((float) (rnd.nextDouble() * 1000));
                case 2 -> (rnd.nextBoolean() ? "-" : "") + rnd.nextInt(100000) + "." + digits(rnd, 1 + rnd.nextInt(20));
                default -> rnd.nextLong() % 1_000_000_000_000_000L + "e" + (rnd.nextInt(60) - 30);
            };
            assertEquals(Double.parseDouble(s), d(s), 0, s);
        }
        String[] edge = {"0", "-0", "0.0", ".5", "5.", "1e0", "1E+2", "+3.25", "0.000123", "123456789012345678901234",
                "9007199254740993", "1.7976931348623157e308", "4.9e-324", "2.2250738585072014E-308", "1e23",
                "0.1", "000000000000000000000000012.5", "1.00000000000000000000001"};
        for (String s : edge) assertEquals(Double.parseDouble(s), d(s), 0, s);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(d("-0")));
    }

    private static String digits(Random rnd, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append((char) ('0' + rnd.nextInt(10)));
        return sb.toString();
    }

    @Test
    void specialValuesAsPython() {
        assertTrue(Double.isNaN(d("nan")));
        assertTrue(Double.isNaN(d("NaN")));
        assertEquals(Double.POSITIVE_INFINITY, d("inf"));
        assertEquals(Double.NEGATIVE_INFINITY, d("-Infinity"));
        assertEquals(Double.POSITIVE_INFINITY, d("+INF"));
    }

    @Test
    void rejectsWhatPythonRejects() {
        for (String s : new String[]{"", "-", ".", "e5", "1e", "1e+", "1.2.3", "1,5", "0x10", "1f", "1d", " 1", "1 ",
                "infinit", "--1", "1-"})
            assertFalse(Decimals.isNumber(s.getBytes(StandardCharsets.UTF_8), 0, s.length()), "'" + s + "'");
    }

    @Test
    void longs() {
        assertEquals(0, l("0"));
        assertEquals(-42, l("-42"));
        assertEquals(42, l("+42"));
        assertEquals(999_999_999_999_999_999L, l("999999999999999999"));
        for (String s : new String[]{"", "-", "1.0", "1e3", "12a", "1234567890123456789"})
            assertThrows(NumberFormatException.class, () -> l(s), s);
    }
}
