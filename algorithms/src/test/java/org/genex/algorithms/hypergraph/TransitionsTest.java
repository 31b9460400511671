package org.genex.algorithms.hypergraph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.genex.algorithms.embed.ArrayCorpus;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The walks' empirical transition frequencies against the closed-form P of each strategy ({@link Oracle}), and
 * their determinism.
 */
class TransitionsTest {
    static final CellGeneHypergraph H = CellGeneHypergraph.of(Oracle.randomExpression(12, 8, 0.45, 17));
    static final double[][] G = Oracle.gamma(H);

    static Stream<Arguments> strategies() {
        double[][] geneCorr = Oracle.absCorrelation(G), cellCorr = Oracle.absCorrelation(Oracle.transpose(G));
        double[][] givenGenes = new double[8][8], givenCells = new double[12][12];
        for (int i = 0; i < 8; i++) givenGenes[i][(i + 3) % 8] = 0.5 + i;
        givenGenes[2][5] = 2; // a row with two partners; row 4's only partner is itself: a self-loop
        givenGenes[4][7] = 0;
        givenGenes[4][4] = 3; // the diagonal is ignored
        for (int v = 0; v < 12; v++) {
            givenCells[v][(v + 1) % 12] = 1;
            givenCells[v][(v + 5) % 12] = 0.25;
        }
        return Stream.of(
                Arguments.of(TwoStepWalk.edhw(), Oracle.edhw(G)),
                Arguments.of(TwoStepWalk.diphw(1), Oracle.diphw(G, 1)),
                Arguments.of(TwoStepWalk.diphw(3), Oracle.diphw(G, 3)),
                Arguments.of(TwoStepWalk.diphw(50), Oracle.diphw(G, 50)),
                Arguments.of(TwoStepWalk.diphwSwapped(2), Oracle.diphwSwapped(G, 2)),
                Arguments.of(CoMemWalk.comem(CoExpressionNetwork.full(), CoExpressionNetwork.full()),
                        Oracle.coMem(G, 1, geneCorr, cellCorr, 0)),
                Arguments.of(CoMemWalk.comemDiphw(50, CoExpressionNetwork.full(), CoExpressionNetwork.full()),
                        Oracle.coMem(G, 50, geneCorr, cellCorr, 0)),
                Arguments.of(CoMemWalk.comemDiphw(3, CoExpressionNetwork.topK(3), CoExpressionNetwork.topK(4)),
                        Oracle.coMem(G, 3, Oracle.topK(geneCorr, 3), Oracle.topK(cellCorr, 4), 0)),
                Arguments.of(CoMemWalk.comem(CoExpressionNetwork.full(), CoExpressionNetwork.topK(5))
                                .withDirectGeneShare(0.3),
                        Oracle.coMem(G, 1, geneCorr, Oracle.topK(cellCorr, 5), 0.3)),
                Arguments.of(CoMemWalk.comemDiphw(2, CoExpressionNetwork.topK(2), CoExpressionNetwork.full())
                                .withDirectGeneShare(0.5),
                        Oracle.coMem(G, 2, Oracle.topK(geneCorr, 2), cellCorr, 0.5)),
                Arguments.of(CoMemWalk.comemDiphw(2, CoExpressionNetwork.given(sparse(givenGenes)),
                                CoExpressionNetwork.given(sparse(givenCells))),
                        Oracle.coMem(G, 2, withoutDiagonal(givenGenes), givenCells, 0)));
    }

    static CsrMatrix sparse(double[][] a) {
        float[] d = new float[a.length * a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a.length; j++) d[i * a.length + j] = (float) a[i][j];
        return CsrMatrix.fromDense(Tensor.wrap(d, a.length, a.length));
    }

    static double[][] withoutDiagonal(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
            c[i][i] = 0;
        }
        return c;
    }

    /** Counts of transitions v -> w over all consecutive pairs of the walks. */
    static long[][] transitionCounts(ArrayCorpus walks, int cells, int length) {
        long[][] c = new long[cells][cells];
        int[] t = walks.tokens();
        for (int s = 0; s < walks.size(); s++)
            for (int i = 1; i < length; i++) c[t[s * length + i - 1]][t[s * length + i]]++;
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void walksFollowTheClosedFormTransitions(TransitionStrategy strategy, double[][] p) {
        int n = H.cells(), length = 60;
        for (double[] row : p) assertEquals(1, Arrays.stream(row).sum(), 1e-9, "oracle rows sum to 1");
        Transitions t = strategy.prepare(H);
        assertEquals(n, t.cells());
        ArrayCorpus walks = RandomWalks.sample(t, new WalkConfig(300, length, 5, true));
        long[][] c = transitionCounts(walks, n, length);
        // every walk's first step leaves its start: each row has at least 300 transitions
        assertMatches(strategy.name() + " (walks)", p, c, 300);
        // and 20,000 steps from every cell, drawn with the stepper directly, for rows that walks rarely visit
        Transitions.Stepper stepper = t.stepper();
        Rng rng = Rng.seeded(77);
        long[][] d = new long[n][n];
        for (int v = 0; v < n; v++) for (int i = 0; i < 20_000; i++) d[v][stepper.next(v, rng)]++;
        assertMatches(strategy.name() + " (steps)", p, d, 20_000);
    }

    static void assertMatches(String what, double[][] p, long[][] c, long minRow) {
        int n = p.length;
        for (int v = 0; v < n; v++) {
            long rowTotal = Arrays.stream(c[v]).sum();
            assertTrue(rowTotal >= minRow, what + ": row " + v + " has " + rowTotal + " transitions");
            double tv = 0;
            for (int w = 0; w < n; w++) {
                double f = (double) c[v][w] / rowTotal, q = p[v][w];
                tv += Math.abs(f - q) / 2;
                if (q == 0) assertEquals(0, c[v][w], what + ": impossible step " + v + " -> " + w);
                else assertEquals(q, f, 5 * Math.sqrt(q * (1 - q) / rowTotal) + 1e-12,
                        what + ": P[" + v + "][" + w + "] from " + rowTotal + " transitions");
            }
            assertTrue(tv < 3 * Math.sqrt(n / (double) rowTotal), what + ": row " + v + " total variation " + tv);
        }
    }

    @Test
    void diphwWithEdgeWeightsAndAlphaOneIsEdhw() {
        // spec 10.1: α = 1 and step-1 weights ω(e) = T_e turn DIPHW into EDHW
        int n = G[0].length, m = G.length;
        double[] t = Oracle.geneTotals(G);
        double[][] step1 = new double[n][m];
        for (int v = 0; v < n; v++) for (int e = 0; e < m; e++) step1[v][e] = G[e][v] > 0 ? t[e] : 0;
        double[][] viaDiphw = Oracle.multiply(Oracle.rowNormalize(step1), Oracle.geneToCell(G, 1));
        double[][] edhw = Oracle.edhw(G);
        for (int v = 0; v < n; v++) assertArrayEquals(edhw[v], viaDiphw[v], 1e-12);
        TwoStepWalk diphwEdge = TwoStepWalk.of("DIPHW(ω=T_e, alpha=1)",
                (h, v, e, g) -> Math.log(h.geneTotal(e)), TwoStepWalk.diphw(1).geneToCell());
        ArrayCorpus a = RandomWalks.sample(diphwEdge.prepare(H), new WalkConfig(20, 30, 9, true));
        ArrayCorpus b = RandomWalks.sample(TwoStepWalk.edhw().prepare(H), new WalkConfig(20, 30, 9, true));
        assertArrayEquals(b.tokens(), a.tokens(), "same tables, same walks");
    }

    /** A stepper's batched step (lookups interleaved across walks) draws the cells of its one-walk step. */
    @Test
    void batchedStepsAreOneWalkSteps() {
        List<TransitionStrategy> all = new ArrayList<>();
        strategies().forEach(a -> all.add((TransitionStrategy) a.get()[0]));
        for (TransitionStrategy s : all) {
            Transitions t = s.prepare(H);
            Transitions.Stepper batched = t.stepper(), single = t.stepper();
            int n = 13;
            Rng[] a = new Rng[n], b = new Rng[n];
            int[] cells = new int[n], expected = new int[n];
            for (int j = 0; j < n; j++) {
                a[j] = Rng.seeded(99).fork(j);
                b[j] = Rng.seeded(99).fork(j);
                cells[j] = expected[j] = j % t.cells();
            }
            for (int step = 0; step < 40; step++) {
                int m = 1 + step % n; // batches of every size, the later walks waiting
                batched.next(cells, a, m);
                for (int j = 0; j < m; j++) expected[j] = single.next(expected[j], b[j]);
                assertArrayEquals(expected, cells, s.name() + " step " + step);
            }
        }
    }

    @Test
    void walksAreIdenticalForAnyThreadCountAndWhenStreamed() {
        List<TransitionStrategy> all = new ArrayList<>();
        strategies().forEach(a -> all.add((TransitionStrategy) a.get()[0]));
        int before = Parallel.threads();
        try {
            for (TransitionStrategy s : all) {
                Transitions t = s.prepare(H);
                WalkConfig cfg = new WalkConfig(50, 25, 123, true); // 600 walks: 3 parallel blocks
                Parallel.setThreads(1);
                int[] one = RandomWalks.sample(t, cfg).tokens();
                Parallel.setThreads(2);
                int[] two = RandomWalks.sample(t, cfg).tokens();
                assertArrayEquals(one, two, s.name() + ": 1 vs 2 threads");
                assertArrayEquals(one, RandomWalks.sample(s.prepare(H), cfg).tokens(), s.name() + ": rerun");
                WalkCorpus streamed = RandomWalks.stream(t, cfg);
                int[] buf = new int[cfg.walkLength()];
                for (int w = 0; w < streamed.size(); w++) {
                    assertEquals(cfg.walkLength(), streamed.sentence(w, buf));
                    assertArrayEquals(Arrays.copyOfRange(one, w * 25, w * 25 + 25), buf, s.name() + " walk " + w);
                }
                assertFalse(Arrays.equals(one, RandomWalks.sample(t, cfg.withSeed(124)).tokens()),
                        s.name() + ": another seed");
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void everyCellStartsItsWalksOncePerRound() {
        Transitions t = TwoStepWalk.diphw(50).prepare(H);
        for (boolean shuffle : new boolean[] {true, false}) {
            WalkConfig cfg = new WalkConfig(4, 5, 1, shuffle);
            ArrayCorpus c = RandomWalks.sample(t, cfg);
            assertEquals(4 * 12, c.size());
            for (int r = 0; r < 4; r++) {
                boolean[] seen = new boolean[12];
                for (int j = 0; j < 12; j++) {
                    int start = c.tokens()[(r * 12 + j) * 5];
                    assertFalse(seen[start], "cell " + start + " starts twice in round " + r);
                    seen[start] = true;
                    if (!shuffle) assertEquals(j, start);
                }
            }
        }
    }

    @Test
    void aLargePreferenceExponentStaysFinite() {
        // values up to 4e4 to the power 400 would overflow a double without the shift by the row maximum
        float[] d = new float[6 * 4];
        for (int i = 0; i < d.length; i++) d[i] = 1 + (i * 7919 % 23) * 1800f;
        CellGeneHypergraph h = CellGeneHypergraph.of(CsrMatrix.fromDense(Tensor.wrap(d, 6, 4)));
        double[][] p = Oracle.diphw(Oracle.gamma(h), 400); // overflows to NaN in the naive oracle
        assertTrue(Double.isNaN(p[0][0]) || p[0][0] >= 0);
        Transitions t = TwoStepWalk.diphw(400).prepare(h);
        ArrayCorpus walks = RandomWalks.sample(t, new WalkConfig(200, 10, 3, true));
        // with α = 400 each gene sends the walk to its top cell
        int[] top = new int[4];
        for (int e = 0; e < 4; e++)
            for (int v = 0; v < 6; v++) if (d[v * 4 + e] > d[top[e] * 4 + e]) top[e] = v;
        int[] tok = walks.tokens();
        for (int s = 0; s < walks.size(); s++)
            for (int i = 1; i < 10; i++) {
                int w = tok[s * 10 + i];
                assertTrue(w == top[0] || w == top[1] || w == top[2] || w == top[3], "cell " + w);
            }
        assertTrue(t.bytes() > 0);
    }
}
