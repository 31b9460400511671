package org.genex.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Rng: the generator, stream derivation, reproducibility, uniform draws, permutations, tensor fillers, errors. */
class RngTest {

    // ------------------------------------------------------------------------------------------------ generator

    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    /** SplitMix64's output for a state already advanced by the golden gamma. */
    private static long splitMix(long state) {
        long z = state;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long lea64(long x) {
        x = (x ^ (x >>> 32)) * 0xdaba0b6eb09322e3L;
        x = (x ^ (x >>> 32)) * 0xdaba0b6eb09322e3L;
        return x ^ (x >>> 32);
    }

    /** L64X128Mix (Steele and Vigna 2021) written from the paper, seeded as Rng documents: the oracle. */
    private static long[] referenceLxm(long seed, int n) {
        long a = splitMix(seed + GOLDEN) | 1, s = splitMix(seed + 2 * GOLDEN);
        long x0 = splitMix(seed + 3 * GOLDEN), x1 = splitMix(seed + 4 * GOLDEN);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = lea64(s + x0);
            s = 0xd1342543de82ef95L * s + a;
            long q = x1 ^ x0;
            x0 = Long.rotateLeft(x0, 24) ^ q ^ (q << 16);
            x1 = Long.rotateLeft(q, 37);
        }
        return out;
    }

    @Test
    void splitMixKnownAnswer() {
        // SplitMix64 seeded with 0: the published first output
        assertEquals(0xe220a8397b1dcdafL, splitMix(GOLDEN));
    }

    @Test
    void generatorIsL64X128MixSeededBySplitMix64() {
        for (long seed : new long[] {0, 1, 42, -1, Long.MIN_VALUE, 0x123456789abcdefL}) {
            Rng rng = Rng.seeded(seed);
            long[] got = new long[200];
            for (int i = 0; i < got.length; i++) got[i] = rng.nextLong();
            assertArrayEquals(referenceLxm(seed, 200), got, "seed " + seed);
        }
    }

    @Test
    void constructorAndFactoryAgree() {
        assertEquals(new Rng(99).nextLong(), Rng.seeded(99).nextLong());
    }

    // ------------------------------------------------------------------------------------------------ reproducibility

    /** A mixed workload touching every kind of draw; returns a fingerprint of everything drawn. */
    private static List<Object> workload(Rng r) {
        List<Object> out = new ArrayList<>();
        out.add(r.nextInt());
        out.add(r.nextInt(17));
        out.add(r.nextLong());
        out.add(r.nextFloat());
        out.add(r.nextDouble());
        out.add(r.uniform(-3, 5));
        out.add(r.gaussian(1, 2));
        out.add(r.exponential(3));
        out.add(r.gamma(0.4, 2));
        out.add(r.gamma(7, 1));
        out.add(r.beta(0.5, 3));
        out.add(Arrays.toString(r.dirichlet(0.2, 1, 5)));
        out.add(Arrays.toString(r.dirichlet(4, 2)));
        out.add(r.poisson(3));
        out.add(r.poisson(5000));
        out.add(r.binomial(30, 0.2));
        out.add(r.binomial(1000, 0.7));
        out.add(r.negativeBinomial(20, 0.3));
        out.add(r.categorical(new double[] {1, 2, 3}));
        out.add(r.alias(new double[] {1, 2, 3}).sample());
        out.add(Arrays.toString(r.multinomial(50, new double[] {1, 2, 3})));
        out.add(Arrays.toString(r.permutation(10)));
        out.add(Arrays.toString(r.sampleWithoutReplacement(1000, 5)));
        out.add(r.truncatedNormal(0, 1, 2, 3));
        out.add(Arrays.toString(r.normal(Shape.of(3, 4), 0, 1).toArray()));
        return out;
    }

    @Test
    void sameSeedGivesSameSequence() {
        assertEquals(workload(Rng.seeded(2024)), workload(Rng.seeded(2024)));
        assertNotEquals(workload(Rng.seeded(2024)), workload(Rng.seeded(2025)));
    }

    @Test
    void splitAdvancesTheParentByOneDraw() {
        Rng a = Rng.seeded(5), b = Rng.seeded(5);
        Rng child = a.split();
        b.nextLong();
        assertEquals(b.nextLong(), a.nextLong());
        // and the same position gives the same child
        Rng c = Rng.seeded(5), d = Rng.seeded(5);
        assertEquals(c.split().nextLong(), d.split().nextLong());
        assertNotEquals(child.nextLong(), Rng.seeded(5).nextLong());
    }

    @Test
    void splitStreamsDifferFromEachOtherAndFromTheParent() {
        Rng parent = Rng.seeded(11);
        Rng[] kids = parent.split(8);
        Set<Long> firsts = new HashSet<>();
        for (Rng k : kids) firsts.add(k.nextLong());
        firsts.add(parent.nextLong());
        assertEquals(9, firsts.size());
        assertEquals(0, Rng.seeded(1).split(0).length);
    }

    @Test
    void streamsAreUncorrelated() {
        int n = 20_000;
        Rng root = Rng.seeded(3);
        Rng[] kids = root.split(2);
        assertUncorrelated(kids[0], kids[1], n, "split siblings");
        assertUncorrelated(root, root.split(), n, "parent and child");
        assertUncorrelated(Rng.seeded(0), Rng.seeded(1), n, "adjacent seeds");
        assertUncorrelated(root.fork(0), root.fork(1), n, "forks 0 and 1");
        assertUncorrelated(root.fork("a"), root.fork("b"), n, "forks a and b");
    }

    private static void assertUncorrelated(Rng a, Rng b, int n, String what) {
        double[] x = new double[n], y = new double[n], x1 = new double[n - 1];
        for (int i = 0; i < n; i++) {
            x[i] = a.nextDouble();
            y[i] = b.nextDouble();
        }
        double r = Stats.correlation(x, y);
        assertTrue(Math.abs(r) < Stats.Z / Math.sqrt(n), what + ": correlation " + r);
        // lagged too: stream b must not be stream a shifted by one
        System.arraycopy(x, 1, x1, 0, n - 1);
        double lag = Stats.correlation(x1, Arrays.copyOf(y, n - 1));
        assertTrue(Math.abs(lag) < Stats.Z / Math.sqrt(n), what + ": lag-1 correlation " + lag);
        assertFalse(Arrays.equals(x, y), what + ": identical streams");
    }

    /** Builds a fixed split tree: root, 3 children, 2 grandchildren each. */
    private static Map<String, Rng> tree(long seed) {
        Map<String, Rng> t = new LinkedHashMap<>();
        Rng root = Rng.seeded(seed);
        t.put("root", root);
        Rng[] kids = root.split(3);
        for (int i = 0; i < 3; i++) {
            t.put("k" + i, kids[i]);
            Rng[] grand = kids[i].split(2);
            for (int j = 0; j < 2; j++) t.put("k" + i + "g" + j, grand[j]);
        }
        return t;
    }

    private static long[] draw(Rng r) {
        long[] x = new long[6];
        for (int i = 0; i < x.length; i++) x[i] = r.nextLong();
        x[5] = Double.doubleToLongBits(r.gaussian()); // samplers too
        return x;
    }

    @Test
    void splitTreeGivesTheSameNumbersInAnyConsumptionOrder() {
        Map<String, Rng> forward = tree(77);
        Map<String, long[]> a = new LinkedHashMap<>();
        for (var e : forward.entrySet()) a.put(e.getKey(), draw(e.getValue()));

        Map<String, Rng> backward = tree(77);
        List<String> names = new ArrayList<>(backward.keySet());
        Map<String, long[]> b = new LinkedHashMap<>();
        for (int i = names.size() - 1; i >= 0; i--) b.put(names.get(i), draw(backward.get(names.get(i))));

        // and concurrently, one stream per task
        Map<String, Rng> parallel = tree(77);
        long[][] c = new long[names.size()][];
        Parallel.forEach(names.size(), i -> c[i] = draw(parallel.get(names.get(i))));

        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            assertArrayEquals(a.get(name), b.get(name), name);
            assertArrayEquals(a.get(name), c[i], name + " (parallel)");
        }
    }

    @Test
    void forkDependsOnlyOnTheKeyNotOnThePosition() {
        Rng r = Rng.seeded(8);
        long first = r.fork("encoder").nextLong();
        for (int i = 0; i < 100; i++) r.nextDouble();
        r.split();
        assertEquals(first, r.fork("encoder").nextLong());
        assertEquals(Rng.seeded(8).fork(3).nextLong(), r.fork(3).nextLong());
        // nested forks are deterministic paths
        assertEquals(Rng.seeded(8).fork("a").fork(2).nextLong(), r.fork("a").fork(2).nextLong());
        // a fork does not move the parent
        Rng p = Rng.seeded(9), q = Rng.seeded(9);
        p.fork("x");
        p.fork(1);
        assertEquals(q.nextLong(), p.nextLong());
    }

    @Test
    void differentForkKeysGiveDifferentStreams() {
        Rng r = Rng.seeded(8);
        Set<Long> firsts = new HashSet<>();
        // "Aa" and "BB" collide under String.hashCode; "" and a long 0 key are distinct too
        for (String name : new String[] {"Aa", "BB", "", "a", "b", "encoder", "encoder.", "0123456789abcdefg"})
            assertTrue(firsts.add(r.fork(name).nextLong()), name);
        for (long k = -3; k <= 3; k++) assertTrue(firsts.add(r.fork(k).nextLong()), "key " + k);
        assertTrue(firsts.add(r.nextLong()), "parent");
        assertNotEquals(Rng.seeded(1).fork("a").nextLong(), Rng.seeded(2).fork("a").nextLong());
    }

    // ------------------------------------------------------------------------------------------------ uniform

    @Test
    void nextIntIsUniformOverItsBound() {
        Rng r = Rng.seeded(1);
        int k = 7, n = 70_000;
        long[] counts = new long[k];
        for (int i = 0; i < n; i++) counts[r.nextInt(k)]++;
        double[] p = new double[k];
        Arrays.fill(p, 1.0 / k);
        Stats.assertChiSquare(counts, p, "nextInt(7)");
        for (int i = 0; i < 1000; i++) {
            int v = r.nextInt(-5, 3);
            assertTrue(v >= -5 && v < 3, "nextInt(-5, 3) gave " + v);
            long l = r.nextLong(10_000_000_000L);
            assertTrue(l >= 0 && l < 10_000_000_000L);
        }
    }

    @Test
    void doublesAndFloatsAreInTheUnitIntervalWithUniformMoments() {
        Rng r = Rng.seeded(2);
        int n = 100_000;
        double[] d = new double[n], f = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextDouble();
            f[i] = r.nextFloat();
            assertTrue(d[i] >= 0 && d[i] < 1 && f[i] >= 0 && f[i] < 1);
        }
        Stats.assertMoments(d, 0.5, 1.0 / 12, "nextDouble");
        Stats.assertMoments(f, 0.5, 1.0 / 12, "nextFloat");
    }

    @Test
    void uniformHasTheRightRangeAndMoments() {
        Rng r = Rng.seeded(3);
        int n = 100_000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.uniform(-2, 6);
            assertTrue(x[i] >= -2 && x[i] < 6);
        }
        Stats.assertMoments(x, 2, 64.0 / 12, "uniform(-2, 6)");
        // an interval one ulp wide: never returns hi
        for (int i = 0; i < 100; i++) assertEquals(1.0, r.uniform(1, Math.nextUp(1.0)));
    }

    @Test
    void bernoulliMatchesItsProbability() {
        Rng r = Rng.seeded(4);
        int n = 100_000, heads = 0;
        for (int i = 0; i < n; i++) if (r.bernoulli(0.3)) heads++;
        double se = Math.sqrt(n * 0.3 * 0.7);
        assertTrue(Math.abs(heads - 0.3 * n) < Stats.Z * se, "heads " + heads);
        for (int i = 0; i < 100; i++) {
            assertFalse(r.bernoulli(0));
            assertTrue(r.bernoulli(1));
        }
    }

    @Test
    void worksAsAJdkRandomGenerator() {
        java.util.random.RandomGenerator g = Rng.seeded(31);
        Rng same = Rng.seeded(31);
        assertEquals(same.gaussian(), g.nextGaussian());
        assertEquals(same.gaussian(2, 3), g.nextGaussian(2, 3));
        assertEquals(same.exponential(1), g.nextExponential());
        int[] ints = g.ints(1000, 0, 10).toArray();
        for (int v : ints) assertTrue(v >= 0 && v < 10);
        List<Integer> list = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
        java.util.Collections.shuffle(list, g);
        List<Integer> sorted = new ArrayList<>(list);
        sorted.sort(null);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), sorted);
        assertThrows(IllegalArgumentException.class, () -> g.nextGaussian(0, -1));
    }

    // ------------------------------------------------------------------------------------------------ permutations

    @Test
    void shuffleIsAPermutationUniformOverPositions() {
        Rng r = Rng.seeded(5);
        int k = 5, n = 20_000;
        long[] cells = new long[k * k]; // element e at position i
        for (int t = 0; t < n; t++) {
            int[] a = {0, 1, 2, 3, 4};
            r.shuffle(a);
            int[] sorted = a.clone();
            Arrays.sort(sorted);
            assertArrayEquals(new int[] {0, 1, 2, 3, 4}, sorted);
            for (int i = 0; i < k; i++) cells[a[i] * k + i]++;
        }
        // each element's position is uniform: chi-square per element row
        for (int e = 0; e < k; e++) {
            double[] p = new double[k];
            Arrays.fill(p, 1.0 / k);
            Stats.assertChiSquare(Arrays.copyOfRange(cells, e * k, e * k + k), p, "position of element " + e);
        }
    }

    @Test
    void allPermutationsOfThreeAreEquallyLikely() {
        Rng r = Rng.seeded(6);
        long[] counts = new long[6];
        String[] order = {"[0, 1, 2]", "[0, 2, 1]", "[1, 0, 2]", "[1, 2, 0]", "[2, 0, 1]", "[2, 1, 0]"};
        List<String> names = Arrays.asList(order);
        for (int t = 0; t < 30_000; t++) counts[names.indexOf(Arrays.toString(r.permutation(3)))]++;
        double[] p = new double[6];
        Arrays.fill(p, 1.0 / 6);
        Stats.assertChiSquare(counts, p, "permutation(3)");
    }

    @Test
    void shuffleRangeAndListShuffle() {
        Rng r = Rng.seeded(7);
        int[] a = new int[20];
        for (int i = 0; i < a.length; i++) a[i] = i;
        r.shuffle(a, 5, 15);
        for (int i = 0; i < 5; i++) assertEquals(i, a[i]);
        for (int i = 15; i < 20; i++) assertEquals(i, a[i]);
        int[] mid = Arrays.copyOfRange(a, 5, 15);
        Arrays.sort(mid);
        for (int i = 0; i < 10; i++) assertEquals(5 + i, mid[i]);

        List<Integer> list = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6, 7, 8));
        r.shuffle(list);
        List<Integer> sorted = new ArrayList<>(list);
        sorted.sort(null);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), sorted);
        assertEquals(0, r.permutation(0).length);
    }

    @Property(tries = 200)
    void permutationIsAPermutation(@ForAll @IntRange(min = 0, max = 300) int n, @ForAll long seed) {
        int[] p = Rng.seeded(seed).permutation(n);
        boolean[] seen = new boolean[n];
        for (int v : p) {
            assertTrue(v >= 0 && v < n && !seen[v]);
            seen[v] = true;
        }
    }

    @Property(tries = 100)
    void sampleWithoutReplacementGivesDistinctValuesInRange(@ForAll @IntRange(min = 0, max = 500) int n,
                                                            @ForAll @IntRange(min = 0, max = 500) int k,
                                                            @ForAll long seed) {
        k = Math.min(k, n);
        int[] s = Rng.seeded(seed).sampleWithoutReplacement(n, k);
        assertEquals(k, s.length);
        Set<Integer> seen = new HashSet<>();
        for (int v : s) {
            assertTrue(v >= 0 && v < n, v + " out of [0, " + n + ")");
            assertTrue(seen.add(v), "duplicate " + v);
        }
    }

    @Test
    void sampleWithoutReplacementIsUniformForBothAlgorithms() {
        // n = 40, k = 5 uses Floyd's algorithm; n = 10, k = 5 the partial Fisher-Yates
        for (int[] nk : new int[][] {{40, 5}, {10, 5}}) {
            int n = nk[0], k = nk[1], trials = 20_000;
            Rng r = Rng.seeded(n);
            long[] included = new long[n], first = new long[n];
            for (int t = 0; t < trials; t++) {
                int[] s = r.sampleWithoutReplacement(n, k);
                for (int v : s) included[v]++;
                first[s[0]]++;
            }
            double[] p = new double[n];
            Arrays.fill(p, 1.0 / n);
            Stats.assertChiSquare(included, p, "inclusion, n = " + n + ", k = " + k);
            Stats.assertChiSquare(first, p, "first element, n = " + n + ", k = " + k); // order is uniform too
        }
        Rng r = Rng.seeded(1);
        assertEquals(0, r.sampleWithoutReplacement(0, 0).length);
        int[] all = r.sampleWithoutReplacement(50, 50);
        Arrays.sort(all);
        for (int i = 0; i < 50; i++) assertEquals(i, all[i]);
        // a few out of many millions is cheap (Floyd: O(k) memory)
        assertEquals(3, new HashSet<>(List.of(box(r.sampleWithoutReplacement(2_000_000_000, 3)))).size());
    }

    private static Integer[] box(int[] a) {
        return Arrays.stream(a).boxed().toArray(Integer[]::new);
    }

    // ------------------------------------------------------------------------------------------------ tensors

    @Test
    void tensorFillersHaveTheRightShapeRangeAndMoments() {
        Rng r = Rng.seeded(12);
        Tensor u = r.uniform(Shape.of(200, 300), -1, 3);
        assertEquals(Shape.of(200, 300), u.shape());
        float[] ua = u.toArray();
        double[] ud = new double[ua.length];
        for (int i = 0; i < ua.length; i++) {
            assertTrue(ua[i] >= -1 && ua[i] < 3, "uniform value " + ua[i]);
            ud[i] = ua[i];
        }
        Stats.assertMoments(ud, 1, 16.0 / 12, "uniform tensor");

        Tensor g = r.normal(Shape.of(4, 50_000), 2, 0.5f);
        double[] gd = new double[g.size()];
        float[] ga = g.toArray();
        for (int i = 0; i < ga.length; i++) gd[i] = ga[i];
        Stats.assertMoments(gd, 2, 0.25, "normal tensor");

        assertEquals(0, r.normal(Shape.of(0, 3), 0, 1).size());
        assertEquals(Shape.SCALAR, r.uniform(Shape.SCALAR, 0, 1).shape());
    }

    @Test
    void uniformFloatFillNeverReachesHi() {
        Rng r = Rng.seeded(13);
        float[] a = new float[10_000];
        r.fillUniform(a, 1, Math.nextUp(1f)); // every double in [1, 1 + ulp) rounds to 1 or 1 + ulp
        for (float v : a) assertEquals(1f, v);
        r.fillUniform(a, 2, 2);
        for (float v : a) assertEquals(2f, v);
    }

    @Test
    void largeFillsAreChunkedDeterministicallyWhateverTheThreadCount() {
        int n = 3 * Rng.FILL_CHUNK + 123;
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] one = new float[n];
            Rng a = Rng.seeded(21);
            a.fillNormal(one, 0, 1);
            long afterOne = a.nextLong();
            Parallel.setThreads(3);
            float[] three = new float[n];
            Rng b = Rng.seeded(21);
            b.fillNormal(three, 0, 1);
            assertArrayEquals(one, three);
            assertEquals(afterOne, b.nextLong());
            // a large fill advances its stream by exactly one draw
            Rng c = Rng.seeded(21);
            c.nextLong();
            assertEquals(afterOne, c.nextLong());
            // the chunks use different streams
            assertFalse(Arrays.equals(Arrays.copyOfRange(one, 0, 100),
                    Arrays.copyOfRange(one, Rng.FILL_CHUNK, Rng.FILL_CHUNK + 100)));
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void bernoulliFillsHaveTheirProbabilityAndDoNotDependOnTheThreadCount() {
        int n = 2 * Rng.FILL_CHUNK + 77;                          // odd: the last pair has one element
        for (double p : new double[]{0.1, 0.5, 0.9}) {
            float[] a = new float[n];
            Rng.seeded(31).fillBernoulli(a, 0, n, p, 2.5f);
            int ones = 0;
            for (float v : a) {
                assertTrue(v == 0f || v == 2.5f, "value " + v);
                if (v != 0f) ones++;
            }
            double sd = Math.sqrt(n * p * (1 - p));
            assertEquals(n * p, ones, 5 * sd, "p = " + p + ": " + ones + " of " + n);
            // neighbours (the two halves of one hash) and elements a chunk apart are not correlated
            int both = 0;
            for (int i = 0; i + 1 < n; i += 2) if (a[i] != 0f && a[i + 1] != 0f) both++;
            assertEquals(n / 2 * p * p, both, 5 * Math.sqrt(n / 2 * p * p * (1 - p * p)), "pairs, p = " + p);
        }
        float[] zero = new float[101], all = new float[101];
        Rng.seeded(32).fillBernoulli(zero, 0, 101, 0, 1f);
        Rng.seeded(32).fillBernoulli(all, 0, 101, 1, 1f);
        for (int i = 0; i < 101; i++) {
            assertEquals(0f, zero[i]);
            assertEquals(1f, all[i]);
        }
        int threads = Parallel.threads();
        try {
            float[] one = new float[n], three = new float[n];
            Parallel.setThreads(1);
            Rng a = Rng.seeded(33);
            a.fillBernoulli(one, 0, n, 0.3, 1f);
            Parallel.setThreads(3);
            Rng b = Rng.seeded(33);
            b.fillBernoulli(three, 0, n, 0.3, 1f);
            assertArrayEquals(one, three);
            Rng c = Rng.seeded(33);                               // a fill advances its stream by one draw
            c.nextLong();
            assertEquals(c.nextLong(), a.nextLong());
        } finally {
            Parallel.setThreads(threads);
        }
        float[] x = new float[10];
        Arrays.fill(x, 7f);
        Rng.seeded(34).fillBernoulli(x, 3, 6, 0.5, 1f);           // touches only its range
        for (int i : new int[]{0, 1, 2, 6, 7, 8, 9}) assertEquals(7f, x[i]);
        assertThrows(IllegalArgumentException.class, () -> Rng.seeded(1).fillBernoulli(x, 0, 10, 1.5, 1f));
        assertThrows(IllegalArgumentException.class, () -> Rng.seeded(1).fillBernoulli(x, 0, 10, Double.NaN, 1f));
        assertThrows(IndexOutOfBoundsException.class, () -> Rng.seeded(1).fillBernoulli(x, 5, 11, 0.5, 1f));
    }

    @Test
    void smallFillsDrawFromTheStreamInOrder() {
        Rng a = Rng.seeded(22), b = Rng.seeded(22);
        float[] x = new float[10];
        a.fillUniform(x, 0, 1);
        for (float v : x) assertEquals((float) b.nextDouble(), v);
    }

    @Test
    void rangeAndTensorFillsTouchOnlyTheirElements() {
        Rng r = Rng.seeded(23);
        float[] a = new float[100];
        Arrays.fill(a, -7);
        r.fillNormal(a, 10, 20, 0, 1);
        for (int i = 0; i < 100; i++) assertEquals(i >= 10 && i < 20, a[i] != -7f, "element " + i);

        Tensor t = Tensor.full(Shape.of(6, 5), -7f);
        Tensor rows = t.rows(2, 4); // a view sharing storage
        r.fillTruncatedNormal(rows, 0, 1, -0.5f, 0.5f);
        float[] all = t.toArray();
        for (int i = 0; i < all.length; i++) {
            boolean inside = i >= 10 && i < 20;
            if (inside) assertTrue(all[i] >= -0.5f && all[i] <= 0.5f, "element " + i + " = " + all[i]);
            else assertEquals(-7f, all[i]);
        }
        r.fillUniform(t, 0, 1);
        for (float v : t.toArray()) assertTrue(v >= 0 && v < 1);
    }

    // ------------------------------------------------------------------------------------------------ errors

    private static void assertBad(String fragment, Consumer<Rng> call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> call.accept(Rng.seeded(0)));
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void badParametersThrowClearMessages() {
        assertBad("bound must be positive", r -> r.nextInt(0));
        assertBad("origin < bound", r -> r.nextInt(3, 3));
        assertBad("bound must be positive", r -> r.nextLong(-1));
        assertBad("lo < hi", r -> r.uniform(1, 1));
        assertBad("lo < hi", r -> r.uniform(0, Double.NaN));
        assertBad("p must be in [0, 1]", r -> r.bernoulli(1.5));
        assertBad("sd must be >= 0", r -> r.gaussian(0, -1));
        assertBad("mean must be finite", r -> r.gaussian(Double.NaN, 1));
        assertBad("rate must be positive", r -> r.exponential(0));
        assertBad("shape must be positive", r -> r.gamma(0, 1));
        assertBad("shape must be positive", r -> r.gamma(-2, 1));
        assertBad("scale must be positive", r -> r.gamma(1, Double.POSITIVE_INFINITY));
        assertBad("a must be positive", r -> r.beta(0, 1));
        assertBad("b must be positive", r -> r.beta(1, -1));
        assertBad("alpha[1] must be positive", r -> r.dirichlet(1, 0, 2));
        assertBad("at least one", r -> r.dirichlet());
        assertBad("k must be >= 1", r -> r.dirichlet(0, 1.0));
        assertBad("alpha must be positive", r -> r.dirichlet(3, -1.0));
        assertBad("mean must be in [0", r -> r.poisson(-1));
        assertBad("mean must be in [0", r -> r.poisson(3e9));
        assertBad("mean must be in [0", r -> r.poisson(Double.NaN));
        assertBad("n must be >= 0", r -> r.binomial(-1, 0.5));
        assertBad("p must be in [0, 1]", r -> r.binomial(10, -0.1));
        assertBad("p must be in [0, 1]", r -> r.binomial(10, Double.NaN));
        assertBad("mean must be >= 0", r -> r.negativeBinomial(-1, 1));
        assertBad("dispersion must be >= 0", r -> r.negativeBinomial(1, -1));
        assertBad("weights[1] must be >= 0", r -> r.categorical(new double[] {1, -1}));
        assertBad("weights[0] must be >= 0", r -> r.categorical(new double[] {Double.NaN}));
        assertBad("positive finite sum", r -> r.categorical(new double[] {0, 0}));
        assertBad("positive finite sum", r -> r.categorical(new double[] {Double.MAX_VALUE, Double.MAX_VALUE}));
        assertBad("at least one", r -> r.categorical(new double[0]));
        assertBad("weights[2] must be >= 0", r -> r.categorical(new float[] {1, 2, Float.POSITIVE_INFINITY}));
        assertBad("positive finite sum", r -> r.alias(new double[] {0}));
        assertBad("n must be >= 0", r -> r.multinomial(-1, new double[] {1}));
        assertBad("positive finite sum", r -> r.multinomial(5, new double[] {0, 0}));
        assertBad("n must be >= 0", r -> r.permutation(-1));
        assertBad("0 <= k <= n", r -> r.sampleWithoutReplacement(3, 4));
        assertBad("0 <= k <= n", r -> r.sampleWithoutReplacement(3, -1));
        assertBad("a <= b", r -> r.truncatedNormal(0, 1, 2, 1));
        assertBad("a <= b", r -> r.truncatedNormal(0, 1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertBad("sd must be >= 0", r -> r.truncatedNormal(0, -1, -1, 1));
        assertBad("lo <= hi", r -> r.fillUniform(new float[3], 1, 0));
        assertBad("sd must be >= 0", r -> r.normal(Shape.of(2), 0, -1));
        assertBad("a <= b", r -> r.truncatedNormal(Shape.of(2), 0, 1, 1, -1));
        assertBad("n must be >= 0", r -> r.split(-1));
        assertBad("name is null", r -> r.fork((String) null));
        assertBad("n must be >= 0", r -> r.alias(new double[] {1}).sample(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> Rng.seeded(0).fillNormal(new float[3], 2, 5, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> Rng.seeded(0).shuffle(new int[3], -1, 2));
    }
}
