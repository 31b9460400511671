package org.genex.nn.models.tron;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.genex.tensor.CsrMatrix;

/** Small random ortholog graphs for the tests: 1:1, 1:many and many:1 edges, and unmapped genes on both sides. */
final class TronGraphs {
    private TronGraphs() {}

    /** A graph of ns source genes (rows) by nt target genes (columns); a few rows and columns have no edge. */
    static CsrMatrix random(int ns, int nt, long seed) {
        Random rnd = new Random(seed);
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < ns; i++) {
            double u = rnd.nextDouble();
            int deg = u < 0.15 ? 0 : u < 0.7 ? 1 : u < 0.9 ? 2 : 3;
            java.util.Set<Integer> cols = new java.util.TreeSet<>();
            while (cols.size() < Math.min(deg, nt)) cols.add(rnd.nextInt(nt));
            for (int j : cols) edges.add(new int[] {i, j});
        }
        int[] r = new int[edges.size()], c = new int[edges.size()];
        float[] v = new float[edges.size()];
        for (int e = 0; e < r.length; e++) {
            r[e] = edges.get(e)[0];
            c[e] = edges.get(e)[1];
            v[e] = 1f;
        }
        return CsrMatrix.fromCoo(ns, nt, r, c, v);
    }
}
