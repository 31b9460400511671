package org.genex.algorithms.graph;

import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Tensor;

/**
 * scanpy's {@code pp.neighbors(method="umap", metric="euclidean")} on a representation (for example
 * {@code obsm["X_pca"][:, :n_pcs]}): the kNN graph counting each cell as its own first neighbour, the distances
 * without the cell itself ({@code obsp["distances"]}, k - 1 entries per row) and UMAP's fuzzy-union
 * connectivities ({@code obsp["connectivities"]}).
 *
 * @param knn            the neighbours, the cell itself first
 * @param distances      {@code n x n} CSR, k - 1 entries per row
 * @param connectivities {@code n x n} CSR, symmetric, values in (0, 1]
 */
public record Neighbors(KnnGraph knn, CsrMatrix distances, CsrMatrix connectivities) {

    /** How the neighbours are found. */
    public enum Method {
        /** Exact below 4096 points, NN-descent from there on (scanpy's rule). */
        AUTO,
        /** Brute force ({@link ExactKnn}). */
        EXACT,
        /** Approximate ({@link NNDescent}). */
        NN_DESCENT
    }

    /** The points below which {@link Method#AUTO} is exact, as scanpy. */
    public static final int EXACT_BELOW = 4096;

    /** scanpy's default call with {@code n_neighbors} (15 in scanpy), the automatic method and seed 0. */
    public static Neighbors compute(Tensor representation, int nNeighbors) {
        return compute(representation, nNeighbors, Method.AUTO, 0L);
    }

    /**
     * The neighbourhood graph of the rows of {@code representation} ({@code [n, d]}).
     *
     * @param nNeighbors neighbours per cell, the cell included (2 .. n)
     * @param seed       seeds the approximate search (unused by the exact one)
     */
    public static Neighbors compute(Tensor representation, int nNeighbors, Method method, long seed) {
        if (representation.rank() != 2)
            throw new IllegalArgumentException("Neighbors: the representation must be [n, d], got "
                    + representation.shape());
        int n = representation.dim(0);
        if (nNeighbors < 2 || nNeighbors > n)
            throw new IllegalArgumentException("Neighbors: n_neighbors = " + nNeighbors + " must be in [2, n = " + n
                    + "]");
        SquaredDistances sd = new SquaredDistances(representation);
        boolean exact = method == Method.EXACT || (method == Method.AUTO && n < EXACT_BELOW);
        KnnGraph knn = exact ? ExactKnn.search(sd, nNeighbors)
                : NNDescent.search(sd, nNeighbors, NNDescent.defaults(n, nNeighbors).withSeed(seed));
        return new Neighbors(knn, knn.distanceMatrix(), FuzzySimplicialSet.connectivities(knn));
    }
}
