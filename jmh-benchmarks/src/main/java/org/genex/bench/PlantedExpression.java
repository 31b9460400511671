package org.genex.bench;

import java.util.Arrays;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;

/**
 * A large sparse count matrix with planted modules, made directly in CSR form for the walk benchmarks (the data
 * module's {@code PlantedHypergraph} builds a dense genes x cells array, 800 MB at 100,000 x 2,000). Cell v belongs
 * to module {@code v mod modules}; each module owns a contiguous block of genes. A cell has {@code nnzPerCell}
 * expressed genes: 30% drawn from its module's block (counts uniform in 5..35), the rest from all genes (counts
 * uniform in 1..15), without repeats. Generated in parallel in fixed blocks of cells, each from its own stream, so
 * the matrix depends only on the arguments.
 */
public final class PlantedExpression {
    private PlantedExpression() {}

    private static final int BLOCK = 4096;

    /** A cells x genes count matrix (canonical CSR). */
    public static CsrMatrix counts(int cells, int genes, int modules, int nnzPerCell, long seed) {
        if (nnzPerCell > genes) throw new IllegalArgumentException("nnzPerCell " + nnzPerCell + " > genes " + genes);
        long nnz = (long) cells * nnzPerCell;
        if (nnz > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("too many non-zeros: " + nnz);
        int[] indptr = new int[cells + 1];
        for (int v = 0; v <= cells; v++) indptr[v] = v * nnzPerCell;
        int[] indices = new int[(int) nnz];
        float[] values = new float[(int) nnz];
        int blockGenes = Math.max(1, genes / modules);
        int fromModule = Math.min(blockGenes, (int) (0.3 * nnzPerCell));
        Rng root = Rng.seeded(seed);
        Parallel.forRange(cells, BLOCK, (a, b) -> {
            Rng rng = root.fork(a / BLOCK);
            int[] mark = new int[genes];
            Arrays.fill(mark, -1);
            long[] row = new long[nnzPerCell];
            for (int v = a; v < b; v++) {
                int m = v % modules, start = Math.min(genes - blockGenes, m * blockGenes), k = 0;
                while (k < fromModule) {
                    int g = start + rng.nextInt(blockGenes);
                    if (mark[g] == v) continue;
                    mark[g] = v;
                    row[k++] = ((long) g << 32) | (5 + rng.nextInt(31));
                }
                while (k < nnzPerCell) {
                    int g = rng.nextInt(genes);
                    if (mark[g] == v) continue;
                    mark[g] = v;
                    row[k++] = ((long) g << 32) | (1 + rng.nextInt(15));
                }
                Arrays.sort(row);
                for (int i = 0; i < nnzPerCell; i++) {
                    indices[indptr[v] + i] = (int) (row[i] >>> 32);
                    values[indptr[v] + i] = (int) row[i];
                }
            }
        });
        return new CsrMatrix(cells, genes, indptr, indices, values);
    }
}
