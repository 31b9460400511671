package org.genex.algorithms.hypergraph;

import java.util.Random;
import org.genex.tensor.CsrMatrix;

/**
 * Small hypergraphs and the closed-form transition matrices of the spec (section 2), written densely and in double
 * directly from the formulas, independently of the sampling code: the oracle of the walk tests.
 */
final class Oracle {
    private Oracle() {}

    /** A random cells x genes matrix, about {@code density} of its entries in (0.2, 4), every row and column used. */
    static CsrMatrix randomExpression(int cells, int genes, double density, long seed) {
        Random rnd = new Random(seed);
        float[] d = new float[cells * genes];
        for (int i = 0; i < d.length; i++) if (rnd.nextDouble() < density) d[i] = 0.2f + 3.8f * rnd.nextFloat();
        for (int v = 0; v < cells; v++) d[v * genes + (v % genes)] = 1 + rnd.nextFloat();
        for (int e = 0; e < genes; e++) d[(e % cells) * genes + e] = 1 + rnd.nextFloat();
        return CsrMatrix.fromDense(org.genex.tensor.Tensor.wrap(d, cells, genes));
    }

    /** Γ as a dense genes x cells array. */
    static double[][] gamma(CellGeneHypergraph h) {
        double[][] g = new double[h.genes()][h.cells()];
        CsrMatrix m = h.byCell();
        for (int v = 0; v < h.cells(); v++)
            for (int p = m.indptr()[v]; p < m.indptr()[v + 1]; p++) g[m.indices()[p]][v] = m.values()[p];
        return g;
    }

    static double[] cellTotals(double[][] g) {
        double[] s = new double[g[0].length];
        for (double[] row : g) for (int v = 0; v < s.length; v++) s[v] += row[v];
        return s;
    }

    static double[] geneTotals(double[][] g) {
        double[] t = new double[g.length];
        for (int e = 0; e < g.length; e++) for (double x : g[e]) t[e] += x;
        return t;
    }

    /** EDHW (section 2.1): P = D_V^-1 W D_E^-1 R with W[v,e] = T_e I[e,v], R[e,w] = Γ[e,w], δ(e) = T_e. */
    static double[][] edhw(double[][] g) {
        int n = g[0].length, m = g.length;
        double[] t = geneTotals(g);
        double[][] p = new double[n][n];
        for (int v = 0; v < n; v++) {
            double d = 0;
            for (int e = 0; e < m; e++) if (g[e][v] > 0) d += t[e];
            for (int e = 0; e < m; e++)
                if (g[e][v] > 0) for (int w = 0; w < n; w++) p[v][w] += t[e] / d * g[e][w] / t[e];
        }
        return p;
    }

    /** Step 1 of DIPHW as a dense cells x genes matrix: P(e|v) = Γ[e,v] / S_v. */
    static double[][] cellToGene(double[][] g) {
        int n = g[0].length, m = g.length;
        double[] s = cellTotals(g);
        double[][] p = new double[n][m];
        for (int v = 0; v < n; v++) for (int e = 0; e < m; e++) p[v][e] = g[e][v] / s[v];
        return p;
    }

    /** Step 2 of DIPHW as a dense genes x cells matrix: P(w|e) = Γ[e,w]^α / Σ_w' Γ[e,w']^α. */
    static double[][] geneToCell(double[][] g, double alpha) {
        int n = g[0].length, m = g.length;
        double[][] p = new double[m][n];
        for (int e = 0; e < m; e++) {
            double z = 0;
            for (int w = 0; w < n; w++) z += g[e][w] > 0 ? Math.pow(g[e][w], alpha) : 0;
            for (int w = 0; w < n; w++) p[e][w] = g[e][w] > 0 ? Math.pow(g[e][w], alpha) / z : 0;
        }
        return p;
    }

    /** DIPHW (section 2.2, recommended reading): D_S^-1 Γ^T rownorm(Γ^α). */
    static double[][] diphw(double[][] g, double alpha) {
        return multiply(cellToGene(g), geneToCell(g, alpha));
    }

    /** The swapped reading: P(e|v) ∝ Γ[e,v]/T_e, P(w|e) ∝ (Γ[e,w]/S_w)^α. */
    static double[][] diphwSwapped(double[][] g, double alpha) {
        int n = g[0].length, m = g.length;
        double[] s = cellTotals(g), t = geneTotals(g);
        double[][] a = new double[n][m], b = new double[m][n];
        for (int v = 0; v < n; v++) for (int e = 0; e < m; e++) a[v][e] = g[e][v] / t[e];
        for (int e = 0; e < m; e++)
            for (int w = 0; w < n; w++) b[e][w] = g[e][w] > 0 ? Math.pow(g[e][w] / s[w], alpha) : 0;
        return multiply(rowNormalize(a), rowNormalize(b));
    }

    /** |Pearson| between the rows of x (zero diagonal); a constant row correlates 0 with everything. */
    static double[][] absCorrelation(double[][] x) {
        int n = x.length, d = x[0].length;
        double[][] c = new double[n][n];
        double[] mean = new double[n], sd = new double[n];
        for (int i = 0; i < n; i++) {
            for (double v : x[i]) mean[i] += v / d;
            for (double v : x[i]) sd[i] += (v - mean[i]) * (v - mean[i]);
            sd[i] = Math.sqrt(sd[i]);
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                if (i == j || sd[i] == 0 || sd[j] == 0) continue;
                double s = 0;
                for (int k = 0; k < d; k++) s += (x[i][k] - mean[i]) * (x[j][k] - mean[j]);
                c[i][j] = Math.abs(s / (sd[i] * sd[j]));
            }
        return c;
    }

    /** Keeps the k largest entries of each row (ties to the lower index), zeroes the rest. */
    static double[][] topK(double[][] c, int k) {
        int n = c.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            boolean[] taken = new boolean[n];
            for (int r = 0; r < Math.min(k, n - 1); r++) {
                int best = -1;
                for (int j = 0; j < n; j++)
                    if (j != i && !taken[j] && (best < 0 || c[i][j] > c[i][best])) best = j;
                taken[best] = true;
                out[i][best] = c[i][best];
            }
        }
        return out;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }

    /**
     * CoMem / CoMem-DIPHW (section 2.3 reconstruction): Q = (P1 ((1-β) P2 + β I) P3) ∘ G_V, rows normalised; a gene
     * row of G_E summing to 0 becomes a self-loop, a row of Q summing to 0 becomes the proposal's row.
     */
    static double[][] coMem(double[][] g, double alpha, double[][] geneNet, double[][] cellNet, double beta) {
        int m = g.length;
        double[][] p2 = new double[m][m];
        for (int e = 0; e < m; e++) {
            double z = 0;
            for (double x : geneNet[e]) z += x;
            for (int f = 0; f < m; f++) p2[e][f] = z > 0 ? (1 - beta) * geneNet[e][f] / z : 0;
            if (z == 0) p2[e][e] += 1 - beta;
            p2[e][e] += beta;
        }
        double[][] proposal = multiply(multiply(cellToGene(g), p2), geneToCell(g, alpha));
        int n = proposal.length;
        double[][] q = new double[n][n];
        for (int v = 0; v < n; v++) {
            double z = 0;
            for (int w = 0; w < n; w++) z += proposal[v][w] * cellNet[v][w];
            for (int w = 0; w < n; w++) q[v][w] = z > 0 ? proposal[v][w] * cellNet[v][w] / z : proposal[v][w];
        }
        return q;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length, k = b.length, m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++)
            for (int p = 0; p < k; p++) for (int j = 0; j < m; j++) c[i][j] += a[i][p] * b[p][j];
        return c;
    }

    static double[][] rowNormalize(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            double z = 0;
            for (double x : a[i]) z += x;
            out[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) out[i][j] = a[i][j] / z;
        }
        return out;
    }
}
