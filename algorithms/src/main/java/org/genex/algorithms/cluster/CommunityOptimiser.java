package org.genex.algorithms.cluster;

import java.util.Arrays;
import org.genex.tensor.Rng;

/**
 * The optimiser behind {@link Leiden} and {@link Louvain}: leidenalg's {@code Optimiser.optimise_partition} for the
 * RB-configuration quality (modularity with a resolution gamma) on an undirected weighted graph.
 *
 * <p>One call of {@link #optimisePartition}: (1) fast local moving ({@code move_nodes}): nodes are visited from a
 * queue, started in random order; each moves to the neighbouring community (or an empty one) with the largest
 * strictly positive gain, and when it moves its neighbours outside the new community re-enter the queue; (2) with
 * refinement (Leiden), every community is split by {@code merge_nodes_constrained}: starting from singletons, in
 * random order, a node that is still alone joins the refined community inside its own community with the largest
 * gain {@code >= 0}; (3) the graph is collapsed on the refined communities (the plain communities for Louvain),
 * each aggregate node starting in the community of its members; repeat while the graph shrinks and has more nodes
 * than communities.
 *
 * <p>Gain of moving node v (strength k_v, weights w_v,c to community c with total strength K_c) from community a
 * to b: 2 [(w_v,b - w_v,a) - gamma k_v (K_b - (K_a - k_v)) / 2m], as leidenalg's
 * {@code RBConfigurationVertexPartition::diff_move}; quality Q = sum_c [2 in_c - gamma K_c^2 / 2m].
 */
final class CommunityOptimiser {
    private final double gamma;
    private final Rng rng;

    CommunityOptimiser(double gamma, Rng rng) {
        this.gamma = gamma;
        this.rng = rng;
    }

    /**
     * Improves {@code membership} (of the nodes of g, values in [0, n)) in place; returns the total gain of the
     * node moves (0 when nothing moved). Communities come out numbered by decreasing size.
     */
    double optimisePartition(Network g, int[] membership, boolean refine) {
        int n = g.n;
        int[] aggregateOf = new int[n];
        for (int v = 0; v < n; v++) aggregateOf[v] = v;
        Network graph = g;
        int[] part = renumber(membership.clone(), graph.n);
        double improvement = 0;
        boolean further;
        do {
            improvement += moveNodes(graph, part);
            int communities = renumberCount(part);
            Network next;
            int[] nextPart;
            if (refine) {
                int[] sub = new int[graph.n];
                for (int v = 0; v < graph.n; v++) sub[v] = v;
                mergeNodesConstrained(graph, sub, part);
                int subCount = renumberCount(sub);
                for (int v = 0; v < n; v++) aggregateOf[v] = sub[aggregateOf[v]];
                next = graph.collapse(sub, subCount);
                nextPart = new int[subCount];
                for (int v = 0; v < graph.n; v++) nextPart[sub[v]] = part[v];
            } else {
                for (int v = 0; v < n; v++) aggregateOf[v] = part[aggregateOf[v]];
                next = graph.collapse(part, communities);
                nextPart = new int[communities];
                for (int c = 0; c < communities; c++) nextPart[c] = c;
            }
            further = next.n < graph.n && graph.n > communities;
            graph = next;
            part = nextPart;
        } while (further);
        for (int v = 0; v < n; v++) membership[v] = part[aggregateOf[v]];
        renumber(membership, n);
        return improvement;
    }

    // ------------------------------------------------------------------------------------------ local moving

    /** Queue-based local moving; returns the total gain. {@code part} values must lie in [0, g.n). */
    double moveNodes(Network g, int[] part) {
        int n = g.n;
        double twoM = 2 * g.totalWeight;
        if (n == 0 || twoM == 0) return 0;
        double[] commStrength = new double[n];
        int[] commCount = new int[n];
        for (int v = 0; v < n; v++) {
            commStrength[part[v]] += g.strength[v];
            commCount[part[v]]++;
        }
        int[] empty = new int[n];
        int nEmpty = 0;
        for (int c = n - 1; c >= 0; c--) if (commCount[c] == 0) empty[nEmpty++] = c;
        int[] queue = shuffled(n);
        int head = 0, size = n;
        boolean[] stable = new boolean[n];
        double[] wTo = new double[n];
        int[] touched = new int[n], mark = new int[n];
        Arrays.fill(mark, -1);
        double total = 0;
        while (size > 0) {
            int v = queue[head];
            head = head + 1 == n ? 0 : head + 1;
            size--;
            int old = part[v], nt = 0;
            double k = g.strength[v];
            for (int e = g.indptr[v]; e < g.indptr[v + 1]; e++) {
                int c = part[g.nbr[e]];
                if (mark[c] != v) {
                    mark[c] = v;
                    touched[nt++] = c;
                }
                wTo[c] += g.w[e];
            }
            double wOld = wTo[old], kOldRest = commStrength[old] - k;
            int best = old;
            double bestGain = 0;
            for (int t = 0; t < nt; t++) {
                int c = touched[t];
                if (c == old) continue;
                double gain = 2 * ((wTo[c] - wOld) - gamma * k * (commStrength[c] - kOldRest) / twoM);
                if (gain > bestGain) {
                    bestGain = gain;
                    best = c;
                }
            }
            if (commCount[old] > 1 && nEmpty > 0) {
                int c = empty[nEmpty - 1];
                double gain = 2 * ((0 - wOld) - gamma * k * (0 - kOldRest) / twoM);
                if (gain > bestGain) {
                    bestGain = gain;
                    best = c;
                }
            }
            for (int t = 0; t < nt; t++) {
                wTo[touched[t]] = 0;
                mark[touched[t]] = -1;
            }
            stable[v] = true;
            if (best != old) {
                total += bestGain;
                if (commCount[best] == 0) nEmpty--;                   // it was the top of the empty stack
                commStrength[old] -= k;
                commCount[old]--;
                commStrength[best] += k;
                commCount[best]++;
                if (commCount[old] == 0) empty[nEmpty++] = old;
                part[v] = best;
                for (int e = g.indptr[v]; e < g.indptr[v + 1]; e++) {
                    int u = g.nbr[e];
                    if (stable[u] && part[u] != best) {
                        stable[u] = false;
                        queue[(head + size) % n] = u;
                        size++;
                    }
                }
            }
        }
        return total;
    }

    // ------------------------------------------------------------------------------------------ refinement

    /**
     * leidenalg's {@code merge_nodes_constrained}: {@code sub} starts as singletons; in random order, each node that
     * is still alone joins the neighbouring refined community within its {@code constraint} community of largest
     * gain {@code >= 0} (the last such in neighbour order on ties).
     */
    void mergeNodesConstrained(Network g, int[] sub, int[] constraint) {
        int n = g.n;
        double twoM = 2 * g.totalWeight;
        if (n == 0 || twoM == 0) return;
        double[] commStrength = new double[n];
        int[] commCount = new int[n];
        for (int v = 0; v < n; v++) {
            commStrength[sub[v]] += g.strength[v];
            commCount[sub[v]]++;
        }
        double[] wTo = new double[n];
        int[] touched = new int[n], mark = new int[n];
        Arrays.fill(mark, -1);
        for (int v : shuffled(n)) {
            int old = sub[v];
            if (commCount[old] != 1) continue;
            double k = g.strength[v];
            int nt = 0;
            for (int e = g.indptr[v]; e < g.indptr[v + 1]; e++) {
                int u = g.nbr[e];
                if (constraint[u] != constraint[v]) continue;
                int c = sub[u];
                if (mark[c] != v) {
                    mark[c] = v;
                    touched[nt++] = c;
                }
                wTo[c] += g.w[e];
            }
            double kOldRest = commStrength[old] - k;              // 0: v is alone
            int best = old;
            double bestGain = 0;
            for (int t = 0; t < nt; t++) {
                int c = touched[t];
                if (c == old) continue;
                double gain = 2 * (wTo[c] - gamma * k * (commStrength[c] - kOldRest) / twoM);
                if (gain >= bestGain) {
                    bestGain = gain;
                    best = c;
                }
            }
            for (int t = 0; t < nt; t++) {
                wTo[touched[t]] = 0;
                mark[touched[t]] = -1;
            }
            if (best != old) {
                commStrength[old] -= k;
                commCount[old]--;
                commStrength[best] += k;
                commCount[best]++;
                sub[v] = best;
            }
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** 0 .. n-1 in random order (Fisher-Yates). */
    private int[] shuffled(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** Renumbers in place to 0 .. C-1 and returns C. */
    private static int renumberCount(int[] part) {
        renumber(part, part.length);
        int c = 0;
        for (int v : part) c = Math.max(c, v + 1);
        return c;
    }

    /**
     * Renumbers community labels (in [0, bound)) in place to 0 .. C-1 by decreasing size, ties by the smallest
     * member, as leidenalg's {@code renumber_communities}; returns the array.
     */
    static int[] renumber(int[] part, int bound) {
        int n = part.length;
        int max = 0;
        for (int v : part) max = Math.max(max, v + 1);
        int[] size = new int[max], first = new int[max];
        Arrays.fill(first, Integer.MAX_VALUE);
        for (int v = 0; v < n; v++) {
            size[part[v]]++;
            first[part[v]] = Math.min(first[part[v]], v);
        }
        Integer[] order = new Integer[max];
        int used = 0;
        for (int c = 0; c < max; c++) if (size[c] > 0) order[used++] = c;
        Arrays.sort(order, 0, used, (a, b) -> size[a] != size[b] ? Integer.compare(size[b], size[a])
                : Integer.compare(first[a], first[b]));
        int[] map = new int[max];
        for (int r = 0; r < used; r++) map[order[r]] = r;
        for (int v = 0; v < n; v++) part[v] = map[part[v]];
        return part;
    }

    /** leidenalg's quality of RBConfigurationVertexPartition: sum_c [2 in_c - gamma K_c^2 / (2m)]. */
    static double quality(Network g, int[] membership, double gamma) {
        int max = 0;
        for (int v : membership) max = Math.max(max, v + 1);
        double[] in = new double[max], strength = new double[max];
        for (int v = 0; v < g.n; v++) {
            int c = membership[v];
            strength[c] += g.strength[v];
            in[c] += g.self[v];
            for (int e = g.indptr[v]; e < g.indptr[v + 1]; e++) if (membership[g.nbr[e]] == c) in[c] += g.w[e] / 2;
        }
        double q = 0, twoM = 2 * g.totalWeight;
        if (twoM == 0) return 0;
        for (int c = 0; c < max; c++) q += 2 * in[c] - gamma * strength[c] * strength[c] / twoM;
        return q;
    }
}
