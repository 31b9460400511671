package org.genex.data.io;

import java.nio.charset.StandardCharsets;

/**
 * Number parsing straight from bytes, for the text readers' hot loops (no {@code String} per value). The grammar is
 * Python's {@code float()} / {@code int()} on ASCII decimals: an optional sign, digits with an optional point, an
 * optional exponent; {@code nan}, {@code inf} and {@code infinity} in any case. Doubles are correctly rounded:
 * the common case (at most 15 significant digits, a small exponent) is one exact IEEE operation, anything else
 * goes through {@link Double#parseDouble}.
 */
final class Decimals {
    private Decimals() {}

    private static final double[] POW10 = new double[23];
    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++, p *= 10) POW10[i] = p;
    }

    /** An optionally signed decimal integer of at most 18 digits, or a NumberFormatException. */
    static long parseLong(byte[] b, int off, int len) {
        int i = off, end = off + len;
        boolean neg = false;
        if (i < end && (b[i] == '+' || b[i] == '-')) neg = b[i++] == '-';
        if (i == end || end - i > 18) throw bad(b, off, len, i == end ? "no digits" : "more than 18 digits");
        long v = 0;
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) throw bad(b, off, len, "not an integer");
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }

    /** A decimal floating-point number (see the class comment), or a NumberFormatException. */
    static double parseDouble(byte[] b, int off, int len) {
        int i = off, end = off + len;
        boolean neg = false;
        if (i < end && (b[i] == '+' || b[i] == '-')) neg = b[i++] == '-';
        long m = 0;
        int significant = 0, exp = 0;
        boolean digits = false;
        for (; i < end && isDigit(b[i]); i++, digits = true) {
            if (significant < 18) {
                m = m * 10 + (b[i] - '0');
                if (m != 0) significant++;
            } else {
                exp++; // digits beyond 18 are dropped here; the slow path below sees them all
                significant++;
            }
        }
        if (i < end && b[i] == '.') {
            for (i++; i < end && isDigit(b[i]); i++, digits = true) {
                if (significant < 18) {
                    m = m * 10 + (b[i] - '0');
                    exp--;
                    if (m != 0) significant++;
                } else {
                    significant++;
                }
            }
        }
        if (!digits) return special(b, off, len, i, neg);
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean eneg = false;
            if (i < end && (b[i] == '+' || b[i] == '-')) eneg = b[i++] == '-';
            if (i == end) throw bad(b, off, len, "no exponent digits");
            int e = 0;
            for (; i < end && isDigit(b[i]); i++) e = Math.min(e * 10 + (b[i] - '0'), 100_000);
            exp += eneg ? -e : e;
        }
        if (i != end) throw bad(b, off, len, "not a number");
        if (m == 0) return neg ? -0.0 : 0.0;
        if (significant <= 15 && exp >= -22 && exp <= 22) {
            double v = exp >= 0 ? m * POW10[exp] : m / POW10[-exp];
            return neg ? -v : v;
        }
        return Double.parseDouble(new String(b, off, len, StandardCharsets.ISO_8859_1));
    }

    /** Whether {@link #parseDouble} accepts these bytes. */
    static boolean isNumber(byte[] b, int off, int len) {
        try {
            parseDouble(b, off, len);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** {@link #isNumber} of a string. */
    static boolean isNumber(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return isNumber(b, 0, b.length);
    }

    private static double special(byte[] b, int off, int len, int i, boolean neg) {
        String word = new String(b, i, off + len - i, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        return switch (word) {
            case "nan" -> Double.NaN;
            case "inf", "infinity" -> neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            default -> throw bad(b, off, len, "not a number");
        };
    }

    private static boolean isDigit(byte c) { return c >= '0' && c <= '9'; }

    private static NumberFormatException bad(byte[] b, int off, int len, String why) {
        String s = new String(b, off, Math.min(len, 40), StandardCharsets.UTF_8);
        return new NumberFormatException("'" + s + (len > 40 ? "...'" : "'") + ": " + why);
    }
}
