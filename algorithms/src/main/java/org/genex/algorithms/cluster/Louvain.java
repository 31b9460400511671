package org.genex.algorithms.cluster;

import org.genex.tensor.CsrMatrix;

/**
 * Louvain community detection (Blondel et al. 2008) maximising modularity with a resolution parameter on a
 * weighted undirected graph: local moving then aggregation, repeated while the graph shrinks, as vtraag's
 * louvain-igraph (scanpy's {@code tl.louvain(flavor="vtraag")}, RBConfiguration quality) and as leidenalg's optimiser
 * without refinement ({@link CommunityOptimiser}). One optimiser pass by default, as {@code louvain.find_partition};
 * Louvain communities can be internally disconnected, which Leiden's refinement prevents.
 *
 * <p>Differs from python-louvain's {@code best_partition} (used by the hypergraph paper's baseline) in the order of
 * node visits (a queue, not repeated sweeps); both stop at a partition where no single move improves modularity.
 */
public final class Louvain {
    private Louvain() {}

    /** Louvain at resolution 1, seed 0, one pass. */
    public static Partition run(CsrMatrix adjacency) {
        return run(adjacency, new Leiden.Config(1.0, 1, 0L));
    }

    /**
     * Louvain communities of {@code adjacency} (symmetric, non-negative; diagonal = self-loops) with the config's
     * resolution and seed; {@code nIterations} passes (negative: until a pass moves nothing).
     */
    public static Partition run(CsrMatrix adjacency, Leiden.Config cfg) {
        return Leiden.optimise(Network.of(adjacency, "Louvain"), cfg.resolution(), cfg.nIterations(), cfg.seed(),
                false, null);
    }
}
