package org.genex.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.genex.autodiff.Var;
import org.genex.nn.models.tron.MaskedDenseLinear;
import org.genex.nn.models.tron.SparseMaskedLinear;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;
import org.openjdk.jmh.annotations.*;

/**
 * TRON's species-conversion layer, forward + backward (weight and bias gradients; the input is data), at the small
 * configuration of specs/tron.md &sect;4: n_t = 2,200 target genes &rarr; n_s = 2,000 source genes, an ortholog graph
 * of 2,600 edges (80% of source genes 1:1, 15% 1:2, 5% merged 2:1, plus many-to-many orthogroup edges), batch 256.
 * <ul>
 *   <li><b>sparse</b>: {@link SparseMaskedLinear} (SpMM forward, SDDMM weight gradient over the edges only);</li>
 *   <li><b>dense</b>: {@link MaskedDenseLinear}, {@code x (W (.) B)^T + b} with a dense GEMM forward and a dense
 *       GEMM weight gradient over all n_s n_t = 4.4 M entries.</li>
 * </ul>
 * The dense form does n_s n_t / |E| = 1,690 times the multiply-adds of the sparse one; the sparse layer
 * additionally transposes x and the gradient (O(batch (n_s + n_t)) copies).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar jmh-benchmarks/target/benchmarks.jar TronLayerBench
 * -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class TronLayerBench {
    public static final int NS = 2000, NT = 2200, BATCH = 256, EDGES = 2600;

    private SparseMaskedLinear sparse;
    private MaskedDenseLinear dense;
    private Tensor x, seed;

    @Setup
    public void setup() {
        CsrMatrix g = graph(NS, NT, Rng.seeded(7));
        sparse = new SparseMaskedLinear(g, SparseMaskedLinear.WeightInit.NORMAL, Rng.seeded(8));
        dense = MaskedDenseLinear.of(sparse);
        Rng r = Rng.seeded(9);
        x = r.normal(org.genex.tensor.Shape.of(BATCH, NT), 0f, 1f);
        seed = r.normal(org.genex.tensor.Shape.of(BATCH, NS), 0f, 1f);
    }

    /**
     * An ortholog graph of {@link #EDGES} edges: source genes 80% 1:1, 15% 1:2, 5% merged in pairs 2:1 (about 2,300
     * edges), then random many-to-many orthogroup edges among the genes already linked.
     */
    public static CsrMatrix graph(int ns, int nt, Rng rng) {
        List<int[]> e = new ArrayList<>();
        int[] perm = rng.permutation(nt);
        int next = 0;
        for (int i = 0; i < ns && next < nt; i++) {
            double u = rng.uniform(0, 1);
            if (u < 0.80) e.add(new int[] {i, perm[next++]});
            else if (u < 0.95 && next + 1 < nt) {
                e.add(new int[] {i, perm[next++]});
                e.add(new int[] {i, perm[next++]});
            } else if (i + 1 < ns) {                 // i and i + 1 merge into one target gene
                e.add(new int[] {i, perm[next]});
                e.add(new int[] {++i, perm[next++]});
            }
        }
        // many-to-many orthogroup edges between genes already in the graph, up to about 1.3 edges per source gene
        java.util.Set<Long> have = new java.util.HashSet<>();
        for (int[] p : e) have.add((long) p[0] * nt + p[1]);
        while (e.size() < EDGES) {
            int i = rng.nextInt(ns), j = perm[rng.nextInt(next)];
            if (have.add((long) i * nt + j)) e.add(new int[] {i, j});
        }
        int[] r = new int[e.size()], c = new int[e.size()];
        float[] v = new float[e.size()];
        for (int k = 0; k < r.length; k++) {
            r[k] = e.get(k)[0];
            c[k] = e.get(k)[1];
            v[k] = 1f;
        }
        return CsrMatrix.fromCoo(ns, nt, r, c, v);
    }

    @Benchmark
    public float sparse() {
        sparse.zeroGrad();
        sparse.forward(Var.of(x)).backward(seed);
        return sparse.weight().grad().array()[0];
    }

    @Benchmark
    public float dense() {
        dense.zeroGrad();
        dense.forward(Var.of(x)).backward(seed);
        return dense.weight().grad().array()[0];
    }

    /** Edges of the benchmark graph (for the report). */
    public static void main(String[] args) {
        System.out.println("edges: " + graph(NS, NT, Rng.seeded(7)).nnz());
    }
}
