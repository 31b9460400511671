package org.genex.algorithms.cluster;

import java.util.Arrays;
import org.genex.tensor.CsrMatrix;

/**
 * A weighted undirected graph in double precision for community detection, with igraph's conventions: each edge
 * {u, v} is stored in both rows, a self-loop of weight w is kept apart ({@link #self}) and counts 2w in the node's
 * strength, and the total weight m counts every edge (and loop) once.
 */
final class Network {
    final int n;
    final int[] indptr, nbr;       // neighbours of v: nbr[indptr[v] .. indptr[v+1]), no self-loops
    final double[] w;              // their weights
    final double[] self;           // self-loop weight of each node
    final double[] strength;       // sum of incident weights, loops twice
    final double totalWeight;      // m

    Network(int n, int[] indptr, int[] nbr, double[] w, double[] self) {
        this.n = n;
        this.indptr = indptr;
        this.nbr = nbr;
        this.w = w;
        this.self = self;
        this.strength = new double[n];
        double total = 0;
        for (int v = 0; v < n; v++) {
            double s = 2 * self[v];
            for (int e = indptr[v]; e < indptr[v + 1]; e++) s += w[e];
            strength[v] = s;
            total += s;
        }
        this.totalWeight = total / 2;
    }

    /**
     * The graph of a symmetric adjacency matrix: entry (i, j) = (j, i) is the weight of edge {i, j}, entry (i, i)
     * the weight of a self-loop; duplicate entries are summed, zeros dropped.
     *
     * @throws IllegalArgumentException if the matrix is not square, not symmetric (relative 1e-6), or has a
     *                                  negative or non-finite weight
     */
    static Network of(CsrMatrix a, String who) {
        if (a.rows() != a.cols())
            throw new IllegalArgumentException(who + ": the adjacency matrix must be square, got " + a.rows() + " x "
                    + a.cols());
        CsrMatrix m = a.canonical() ? a : CsrMatrix.fromCoo(a.rows(), a.cols(), rowsOf(a), a.indices(), a.values());
        int n = m.rows();
        int[] ip = m.indptr(), ix = m.indices();
        float[] v = m.values();
        for (int e = 0; e < m.nnz(); e++)
            if (!(v[e] >= 0) || Float.isInfinite(v[e]))
                throw new IllegalArgumentException(who + ": edge weights must be finite and >= 0, found " + v[e]);
        CsrMatrix t = m.transpose();
        int[] tp = t.indptr(), tx = t.indices();
        float[] tv = t.values();
        double[] self = new double[n];
        int[] indptr = new int[n + 1];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (ip[i + 1] - ip[i] != tp[i + 1] - tp[i])
                throw new IllegalArgumentException(who + ": the adjacency matrix is not symmetric (row " + i + ")");
            for (int e = ip[i], f = tp[i]; e < ip[i + 1]; e++, f++) {
                if (ix[e] != tx[f] || Math.abs(v[e] - tv[f]) > 1e-6 * Math.max(Math.abs(v[e]), Math.abs(tv[f])))
                    throw new IllegalArgumentException(who + ": the adjacency matrix is not symmetric: (" + i + ", "
                            + ix[e] + ") = " + v[e] + " differs from its transpose");
                if (ix[e] == i) self[i] = v[e];
                else if (v[e] != 0) count++;
            }
            indptr[i + 1] = count;
        }
        int[] nbr = new int[count];
        double[] w = new double[count];
        int c = 0;
        for (int i = 0; i < n; i++)
            for (int e = ip[i], f = tp[i]; e < ip[i + 1]; e++, f++)
                if (ix[e] != i && v[e] != 0) {
                    nbr[c] = ix[e];
                    w[c++] = ((double) v[e] + tv[f]) / 2;   // a symmetric pair may differ in its last float bits
                }
        return new Network(n, indptr, nbr, w, self);
    }

    private static int[] rowsOf(CsrMatrix a) {
        int[] r = new int[a.nnz()];
        for (int i = 0; i < a.rows(); i++) Arrays.fill(r, a.indptr()[i], a.indptr()[i + 1], i);
        return r;
    }

    /**
     * The graph whose nodes are the communities of {@code membership} (values 0 .. communities - 1): edge weights
     * between communities summed, internal edges and loops becoming self-loops. Neighbours in increasing order.
     */
    Network collapse(int[] membership, int communities) {
        int[] start = new int[communities + 1];
        for (int v = 0; v < n; v++) start[membership[v] + 1]++;
        for (int c = 0; c < communities; c++) start[c + 1] += start[c];
        int[] members = new int[n], fill = Arrays.copyOf(start, communities);
        for (int v = 0; v < n; v++) members[fill[membership[v]]++] = v;
        double[] acc = new double[communities], newSelf = new double[communities];
        boolean[] seen = new boolean[communities];
        int[] touched = new int[communities];
        int[] newPtr = new int[communities + 1];
        int[] nbrOut = new int[Math.max(16, nbr.length)];
        double[] wOut = new double[nbrOut.length];
        int out = 0;
        for (int c = 0; c < communities; c++) {
            int nt = 0;
            for (int q = start[c]; q < start[c + 1]; q++) {
                int v = members[q];
                newSelf[c] += self[v];
                for (int e = indptr[v]; e < indptr[v + 1]; e++) {
                    int cu = membership[nbr[e]];
                    if (cu == c) {
                        newSelf[c] += w[e] / 2;
                    } else {
                        if (!seen[cu]) {
                            seen[cu] = true;
                            touched[nt++] = cu;
                        }
                        acc[cu] += w[e];
                    }
                }
            }
            Arrays.sort(touched, 0, nt);
            for (int t = 0; t < nt; t++) {
                int cu = touched[t];
                nbrOut[out] = cu;
                wOut[out++] = acc[cu];
                acc[cu] = 0;
                seen[cu] = false;
            }
            newPtr[c + 1] = out;
        }
        return new Network(communities, newPtr, Arrays.copyOf(nbrOut, out), Arrays.copyOf(wOut, out), newSelf);
    }
}
