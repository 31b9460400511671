package org.genex.tensor;

import static org.junit.jupiter.api.Assertions.*;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/**
 * lgamma and digamma against known values (computed with mpmath at 40 digits, rounded to 17), the identities that
 * tie them together (recurrence, reflection, factorials, digamma as the derivative of lgamma), and their values at
 * the poles and infinities (those of C's lgamma and of torch.digamma).
 */
class SpecialMathTest {

    /** {x, lgamma(x), digamma(x)} from mpmath. */
    private static final double[][] KNOWN = {
            {1e-300, 690.77552789821371, -9.9999999999999997e+299},
            {1e-8, 18.420680738180209, -100000000.57721565},
            {0.001, 6.9071788853838537, -1000.5755719318103},
            {0.1, 2.2527126517342059, -10.423754940411076},
            {0.25, 1.2880225246980775, -4.2274535333762654},
            {0.5, 0.57236494292470009, -1.9635100260214235},
            {0.75, 0.20328095143129537, -1.0858608797864722},
            {0.999999, 5.7721648738556524e-7, -0.57721730983680181},
            {1.000001, -5.7721484238741467e-7, -0.5772140199686682},
            {1.25, -0.098271836421813161, -0.22745353337626541},
            {1.5, -0.12078223763524522, 0.036489973978576521},
            {1.999999, -4.2278401259658537e-7, 0.42278369016419829},
            {2.000001, 4.2278465762452924e-7, 0.42278498003233202},
            {2.5, 0.28468287047291916, 0.70315664064524319},
            {3, 0.69314718055994531, 0.92278433509846714},
            {3.7, 1.4280723266653881, 1.1671535393615114},
            {7.5, 7.534364236758733, 1.9467574842460868},
            {9.999, 12.799575780077414, 2.2516474172057353},
            {10, 12.80182748008147, 2.2517525890667211},
            {12.5, 18.734347511936446, 2.485195651274912},
            {30, 71.257038967168009, 3.3844381326855249},
            {100, 359.1342053695754, 4.6001618527380874},
            {1000, 5905.2204232091812, 6.9072551956488121},
            {1e6, 12815504.569147612, 13.815510057964191},
            {1e15, 33538776394910669.0, 34.538776394910685},
            {1e300, 6.8977552789821374e+302, 690.77552789821371},
    };

    /** Negative arguments (reflection): accurate in absolute terms, relative to the size of the terms. */
    private static final double[][] KNOWN_NEGATIVE = {
            {-1e-9, 20.723265837523627, 999999999.42278427},
            {-0.5, 1.2655121234846454, 0.036489973978576521},
            {-0.999, 6.9081793857174363, -999.57457093080841},
            {-1.5, 0.86004701537648101, 0.70315664064524319},
            {-2.5, -0.056243716497674051, 1.1031566406452432},
            {-7.3, -7.7791016298268517, 4.3373073055100501},
            {-100.5, -364.90096830942735, 4.6151246013380641},
    };

    @Test
    void lgammaAndDigammaMatchKnownValuesForPositiveArguments() {
        for (double[] k : KNOWN) {
            assertEquals(k[1], SpecialMath.lgamma(k[0]), 2e-15 * Math.abs(k[1]), "lgamma(" + k[0] + ")");
            assertEquals(k[2], SpecialMath.digamma(k[0]), 2e-15 * Math.abs(k[2]), "digamma(" + k[0] + ")");
        }
    }

    @Test
    void negativeArgumentsGoThroughTheReflectionFormula() {
        for (double[] k : KNOWN_NEGATIVE) {
            double scale = Math.max(1, Math.abs(k[1]));
            assertEquals(k[1], SpecialMath.lgamma(k[0]), 4e-15 * scale, "lgamma(" + k[0] + ")");
            assertEquals(k[2], SpecialMath.digamma(k[0]), 4e-15 * Math.max(1, Math.abs(k[2])), "digamma(" + k[0] + ")");
        }
        // a zero of lgamma (Gamma(x) = -1) at x = -2.4570247382208006: absolute accuracy only
        assertEquals(0, SpecialMath.lgamma(-2.4570247382208006), 1e-14);
    }

    @Test
    void digammaIsNearZeroAtItsPositiveRoot() {
        assertEquals(0, SpecialMath.digamma(1.4616321449683623), 1e-15);
        assertEquals(-0.12148629053584961, SpecialMath.lgamma(1.4616321449683623), 3e-16);   // the minimum of lgamma
    }

    @Test
    void lgammaOfIntegersIsTheLogFactorial() {
        double logFactorial = 0;                                             // log((n - 1)!)
        for (int n = 1; n <= 170; n++) {
            assertEquals(logFactorial, SpecialMath.lgamma(n), 1e-14 * Math.max(1, logFactorial), "lgamma(" + n + ")");
            logFactorial += Math.log(n);
        }
        assertEquals(0.0, SpecialMath.lgamma(1));
        assertEquals(0.0, SpecialMath.lgamma(2));
    }

    @Property(tries = 300)
    void lgammaSatisfiesTheRecurrence(@ForAll @DoubleRange(min = 0.01, max = 60) double x) {
        // lgamma(x + 1) = lgamma(x) + log(x); the terms are O(x log x), so compare relative to their size
        double scale = Math.abs(SpecialMath.lgamma(x)) + Math.abs(Math.log(x)) + 1;
        assertEquals(SpecialMath.lgamma(x) + Math.log(x), SpecialMath.lgamma(x + 1), 4e-15 * scale);
    }

    @Property(tries = 300)
    void digammaSatisfiesTheRecurrenceAndReflection(@ForAll @DoubleRange(min = 0.01, max = 60) double x) {
        double scale = Math.abs(SpecialMath.digamma(x)) + 1 / x + 1;
        assertEquals(SpecialMath.digamma(x) + 1 / x, SpecialMath.digamma(x + 1), 4e-15 * scale);
        if (x != Math.floor(x)) {                                            // psi(1 - x) - psi(x) = pi cot(pi x)
            double cot = 1 / Math.tan(Math.PI * x);
            assertEquals(Math.PI * cot, SpecialMath.digamma(1 - x) - SpecialMath.digamma(x),
                    1e-12 * (Math.abs(Math.PI * cot) + scale + Math.abs(SpecialMath.digamma(1 - x))));
        }
    }

    @Property(tries = 200)
    void digammaIsTheDerivativeOfLgamma(@ForAll @DoubleRange(min = -20, max = 50) double x) {
        if (Math.abs(x - Math.rint(x)) < 0.05) return;                      // away from the poles
        double h = 1e-5, numeric = (SpecialMath.lgamma(x + h) - SpecialMath.lgamma(x - h)) / (2 * h);
        assertEquals(numeric, SpecialMath.digamma(x), 1e-6 * Math.max(1, Math.abs(numeric)), "at " + x);
    }

    @Test
    void polesAndInfinitiesFollowCAndPyTorch() {
        for (double pole : new double[]{0, -0.0, -1, -2, -50, -1e20})
            assertEquals(Double.POSITIVE_INFINITY, SpecialMath.lgamma(pole), "lgamma(" + pole + ")");
        assertEquals(Double.POSITIVE_INFINITY, SpecialMath.lgamma(Double.POSITIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, SpecialMath.lgamma(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(SpecialMath.lgamma(Double.NaN)));
        assertEquals(Double.POSITIVE_INFINITY, SpecialMath.lgamma(Double.MAX_VALUE));    // overflows, as C's lgamma
        assertEquals(-Math.log(Double.MIN_VALUE), SpecialMath.lgamma(Double.MIN_VALUE), 1e-12);

        assertEquals(Double.NEGATIVE_INFINITY, SpecialMath.digamma(0.0));
        assertEquals(Double.POSITIVE_INFINITY, SpecialMath.digamma(-0.0));
        for (double pole : new double[]{-1, -2, -50, Double.NEGATIVE_INFINITY})
            assertTrue(Double.isNaN(SpecialMath.digamma(pole)), "digamma(" + pole + ")");
        assertEquals(Double.POSITIVE_INFINITY, SpecialMath.digamma(Double.POSITIVE_INFINITY));
        assertTrue(Double.isNaN(SpecialMath.digamma(Double.NaN)));
    }

    @Test
    void theUnaryOpUsesTheseDefinitions() {
        for (double x : new double[]{0.3, 1.5, 7, 42.5, -3.5}) {
            assertEquals(SpecialMath.lgamma(x), UnaryOp.LGAMMA.apply(x));
            assertEquals(SpecialMath.digamma(x), UnaryOp.LGAMMA.derivative(x, SpecialMath.lgamma(x)));
        }
    }
}
