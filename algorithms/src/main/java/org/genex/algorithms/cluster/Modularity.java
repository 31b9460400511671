package org.genex.algorithms.cluster;

import org.genex.tensor.CsrMatrix;

/**
 * Modularity of a partition of a weighted undirected graph given by its symmetric adjacency matrix, with a
 * resolution gamma: Q = (1 / 2m) sum_c [2 in_c - gamma K_c^2 / (2m)], where m is the total edge weight (each edge
 * once, a diagonal entry a self-loop), in_c the weight inside community c and K_c the summed strength of its nodes
 * (a loop counts twice), as igraph's {@code Graph.modularity(membership, weights, resolution)} and networkx's
 * {@code modularity} with the same loop convention.
 */
public final class Modularity {
    private Modularity() {}

    /** Modularity at resolution 1. */
    public static double of(CsrMatrix adjacency, int[] membership) {
        return of(adjacency, membership, 1.0);
    }

    /**
     * Modularity at resolution {@code gamma}.
     *
     * @throws IllegalArgumentException if the matrix is not a symmetric non-negative square matrix or the
     *                                  membership has the wrong length or a negative label
     */
    public static double of(CsrMatrix adjacency, int[] membership, double gamma) {
        Network g = Network.of(adjacency, "Modularity");
        check(g, membership, "Modularity");
        double twoM = 2 * g.totalWeight;
        return twoM == 0 ? 0 : CommunityOptimiser.quality(g, membership, gamma) / twoM;
    }

    static void check(Network g, int[] membership, String who) {
        if (membership.length != g.n)
            throw new IllegalArgumentException(who + ": membership has " + membership.length + " entries, the graph "
                    + g.n + " nodes");
        for (int v = 0; v < membership.length; v++)
            if (membership[v] < 0)
                throw new IllegalArgumentException(who + ": membership[" + v + "] = " + membership[v]
                        + ", expected >= 0");
    }
}
