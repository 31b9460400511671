package org.genex.algorithms.cluster;

import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Rng;

/**
 * Leiden community detection (Traag, Waltman and van Eck 2019) maximising the RB-configuration quality
 * (modularity with a resolution parameter) on a weighted undirected graph, as scanpy's
 * {@code tl.leiden(flavor="leidenalg")}, i.e. leidenalg's {@code find_partition(graph,
 * RBConfigurationVertexPartition, resolution_parameter, n_iterations, seed)} with its default optimiser (fast local
 * moving, refinement by constrained greedy merging, aggregation; see {@link CommunityOptimiser}).
 *
 * <p>{@code nIterations} passes of the optimiser are run, each starting from the previous partition; a negative
 * value repeats until a pass moves no node (leidenalg's -1, scanpy's default), capped at {@link #MAX_PASSES}.
 * Higher resolutions give more, smaller communities. The random visiting orders come from {@link Rng} seeded by
 * {@code seed}, so partitions are reproducible but not leidenalg's own for the same seed. Single-threaded.
 *
 * <p>Differences from the paper: as leidenalg, the refinement merges greedily (largest non-negative gain) rather
 * than sampling with randomness theta, and it does not test that nodes are well connected to their community.
 */
public final class Leiden {
    /** Safety cap on optimiser passes for {@code nIterations < 0}. */
    public static final int MAX_PASSES = 1000;

    /** resolution gamma &gt; 0 (scanpy: 1), passes (scanpy: -1, until stable), seed (scanpy: 0). */
    public record Config(double resolution, int nIterations, long seed) {
        public Config {
            if (!(resolution >= 0) || Double.isInfinite(resolution))
                throw new IllegalArgumentException("Leiden: resolution = " + resolution + ", expected a finite "
                        + "value >= 0");
        }

        /** scanpy's defaults: resolution 1, until stable, seed 0. */
        public static Config defaults() { return new Config(1.0, -1, 0L); }
    }

    private Leiden() {}

    /** Leiden with scanpy's defaults on a symmetric adjacency matrix (for example {@code obsp["connectivities"]}). */
    public static Partition run(CsrMatrix adjacency) {
        return run(adjacency, Config.defaults());
    }

    /**
     * Leiden communities of the graph of {@code adjacency} (symmetric, non-negative; diagonal = self-loops).
     *
     * @throws IllegalArgumentException for a matrix that is not square, symmetric and non-negative
     */
    public static Partition run(CsrMatrix adjacency, Config cfg) {
        return optimise(Network.of(adjacency, "Leiden"), cfg.resolution(), cfg.nIterations(), cfg.seed(), true,
                null);
    }

    /**
     * As {@link #run(CsrMatrix, Config)}, starting from {@code initial} (a membership with labels &gt;= 0), as
     * leidenalg's {@code initial_membership}.
     */
    public static Partition run(CsrMatrix adjacency, Config cfg, int[] initial) {
        Network g = Network.of(adjacency, "Leiden");
        Modularity.check(g, initial, "Leiden");
        return optimise(g, cfg.resolution(), cfg.nIterations(), cfg.seed(), true, initial);
    }

    static Partition optimise(Network g, double gamma, int nIterations, long seed, boolean refine, int[] initial) {
        CommunityOptimiser opt = new CommunityOptimiser(gamma, new Rng(seed));
        int[] membership = new int[g.n];
        if (initial != null) membership = compact(initial);
        else for (int v = 0; v < g.n; v++) membership[v] = v;
        int passes = 0;
        while (nIterations < 0 ? passes < MAX_PASSES : passes < nIterations) {
            double gain = opt.optimisePartition(g, membership, refine);
            passes++;
            if (nIterations < 0 && !(gain > 0)) break;
        }
        if (passes == 0) CommunityOptimiser.renumber(membership, g.n);
        int communities = 0;
        for (int c : membership) communities = Math.max(communities, c + 1);
        double q = CommunityOptimiser.quality(g, membership, gamma), twoM = 2 * g.totalWeight;
        return new Partition(membership, communities, q, twoM == 0 ? 0 : q / twoM, passes);
    }

    /** Labels mapped to 0 .. C-1 in increasing order of value. */
    private static int[] compact(int[] labels) {
        int[] sorted = labels.clone();
        java.util.Arrays.sort(sorted);
        int u = 0;
        for (int i = 0; i < sorted.length; i++) if (i == 0 || sorted[i] != sorted[i - 1]) sorted[u++] = sorted[i];
        int[] out = new int[labels.length];
        for (int v = 0; v < labels.length; v++) out[v] = java.util.Arrays.binarySearch(sorted, 0, u, labels[v]);
        return out;
    }
}
