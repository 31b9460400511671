package org.genex.data.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.sim.PlantedHypergraph.Config;
import org.genex.data.sim.PlantedHypergraph.Module;
import org.genex.data.sim.PlantedHypergraph.Planted;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The structure hypergraph-walks.md §7 states, checked on the planted matrix and on the final AnnData. */
class PlantedHypergraphTest {

    @Test
    void presetsAreThePapersExperiments() {
        Config g = Config.ngenes(20);
        assertEquals(3000, g.nGenes());
        assertEquals(1000, g.nCells());
        assertEquals(30, g.nModules());
        assertEquals(20, g.avgGenesPerModule());
        assertEquals(38, g.avgCellsPerModule());
        assertEquals(0.03, g.targetDensity());
        assertEquals(0.3, g.moduleDensity());
        assertEquals(0.1, g.interModuleDensity());
        assertEquals(0.6, g.interModuleConnectionProbability());
        assertEquals(10, g.lambdaBackground());
        assertEquals(20, g.lambdaModule());
        assertEquals(10, g.lambdaInter());
        Config m = Config.nmodules(7);
        assertEquals(50, m.avgGenesPerModule());
        assertEquals(1000 / 7 + 3, m.avgCellsPerModule());
        Config s = Config.small(10);
        assertEquals(600, s.nGenes());
        assertEquals(300, s.nCells());
        assertEquals(10, s.nModules());
        assertEquals(33, s.avgCellsPerModule());
    }

    @Test
    void modulesAreTruncatedPoissonBlocksOnTheLinspaceSegments() {
        assertArrayEquals(new int[] {0, 428, 857, 1285, 1714, 2142, 2571, 3000},
                PlantedHypergraph.linspaceInt(3000, 7)); // numpy.linspace(0, 3000, 8, dtype=int)
        Rng rng = Rng.seeded(1);
        double rowsTotal = 0, colsTotal = 0;
        int n = 0;
        for (int trial = 0; trial < 20; trial++) {
            List<Module> mods = PlantedHypergraph.simulateInputModules(3000, 1000, 30, 20, 38, rng);
            assertEquals(30, mods.size());
            for (int i = 0; i < 30; i++) {
                Module m = mods.get(i);
                assertEquals(100 * i, m.rowStart());
                assertEquals(1000 * i / 30, m.colStart());
                assertTrue(m.rowEnd() <= 100 * (i + 1) && m.rowEnd() >= m.rowStart());
                assertTrue(m.colEnd() <= 1000 * (i + 1) / 30 && m.colEnd() >= m.colStart());
                rowsTotal += m.rows();
                colsTotal += m.cols();
                n++;
            }
        }
        assertEquals(20, rowsTotal / n, 0.5); // Poisson(20), untruncated: segments of 100 rows
        // Poisson(38) truncated at 33 or 34 columns: the mean is well below 38
        assertTrue(colsTotal / n < 34 && colsTotal / n > 31, "mean module columns " + colsTotal / n);
        // truncation: with g_avg far above the segment, every module fills its segment
        for (Module m : PlantedHypergraph.simulateInputModules(600, 300, 10, 1000, 1000, rng)) {
            assertEquals(60, m.rows());
            assertEquals(30, m.cols());
        }
    }

    @Test
    void moduleAndBackgroundDensitiesWithoutInterModuleBlocks() {
        Config c = Config.small(20).withInterModuleConnectionProbability(0);
        Planted p = PlantedHypergraph.plant(c, Rng.seeded(2));
        long total = (long) c.nGenes() * c.nCells(), moduleElements = 0;
        double moduleValues = 0, moduleCount = 0;
        for (Module m : p.modules()) {
            moduleElements += m.size();
            int nnz = 0;
            for (int g = m.rowStart(); g < m.rowEnd(); g++)
                for (int j = m.colStart(); j < m.colEnd(); j++)
                    if (p.get(g, j) != 0) {
                        nnz++;
                        moduleValues += p.get(g, j);
                        moduleCount++;
                    }
            int k = (int) (m.size() * 0.3);
            // k Poisson(20) entries (zero with probability 2e-9) plus background that landed on the block's zeros
            assertTrue(nnz >= k && nnz <= k + 0.15 * (m.size() - k) + 5, "module block nnz " + nnz + ", k " + k);
        }
        int nnz = 0;
        for (int v : p.counts()) if (v != 0) nnz++;
        // the background tops the matrix up to int(0.03 * (total - module elements)) non-zeros, less Poisson zeros
        long target = (long) ((total - moduleElements) * 0.03);
        assertTrue(nnz <= target && nnz >= target - 5, "nnz " + nnz + ", target " + target);
        assertEquals(20, moduleValues / moduleCount, 1.0); // module entries mostly Poisson(20)
        double bgValues = 0, bgCount = 0;
        int[] geneModule = labels(p, true), cellModule = labels(p, false);
        for (int g = 0; g < p.nGenes(); g++)
            for (int j = 0; j < p.nCells(); j++)
                if (p.get(g, j) != 0 && (geneModule[g] < 0 || geneModule[g] != cellModule[j])) {
                    bgValues += p.get(g, j);
                    bgCount++;
                }
        assertEquals(10, bgValues / bgCount, 0.3); // background Poisson(10)
    }

    @Test
    void interModuleBlocksAreOverwritten() {
        // probability 1: every off-diagonal block rows(i) x cols(j) is rewritten at density 0.1 (background erased)
        Config all = Config.small(40).withInterModuleConnectionProbability(1);
        Planted p = PlantedHypergraph.plant(all, Rng.seeded(3));
        for (int i = 0; i < 10; i++)
            for (int j = 0; j < 10; j++) {
                if (i == j) continue;
                Module a = p.modules().get(i), b = p.modules().get(j);
                int nnz = 0;
                for (int g = a.rowStart(); g < a.rowEnd(); g++)
                    for (int cell = b.colStart(); cell < b.colEnd(); cell++) if (p.get(g, cell) != 0) nnz++;
                int k = (int) ((long) a.rows() * b.cols() * 0.1);
                assertTrue(nnz <= k && nnz >= k - 2, "block " + i + "," + j + ": nnz " + nnz + ", k " + k);
            }
        // probability 0.6, two passes: about 60% of the off-diagonal blocks are dense (0.1) rather than background
        Config paper = Config.ngenes(60);
        int dense = 0, blocks = 0;
        for (long seed = 4; seed < 6; seed++) {
            Planted q = PlantedHypergraph.plant(paper, Rng.seeded(seed));
            for (int i = 0; i < 30; i++)
                for (int j = 0; j < 30; j++) {
                    Module a = q.modules().get(i), b = q.modules().get(j);
                    long size = (long) a.rows() * b.cols();
                    if (i == j || size < 1000) continue;
                    int nnz = 0;
                    for (int g = a.rowStart(); g < a.rowEnd(); g++)
                        for (int cell = b.colStart(); cell < b.colEnd(); cell++) if (q.get(g, cell) != 0) nnz++;
                    blocks++;
                    if (nnz > 0.065 * size) dense++; // 0.1 when written, about 0.03 otherwise
                }
        }
        assertEquals(0.6, dense / (double) blocks, 0.05, dense + " / " + blocks);
    }

    @Test
    void annDataIsTheShuffledFilteredMatrixWithLabels() {
        Config c = Config.small(10);
        Planted p = PlantedHypergraph.plant(c, Rng.seeded(7));
        AnnData a = PlantedHypergraph.simulate(c, Rng.seeded(7));
        long[] cellIndex = ((Column.Ints) a.obs().get("cell_index")).values();
        long[] geneIndex = ((Column.Ints) a.var().get("gene_index")).values();
        CsrMatrix x = a.x().csr();
        assertTrue(x.canonical());
        // X[i, k] is the planted count of gene geneIndex[k] in cell cellIndex[i]
        float[] dense = x.toDense().toArray();
        for (int i = 0; i < a.nObs(); i++)
            for (int k = 0; k < a.nVars(); k++)
                assertEquals(p.get((int) geneIndex[k], (int) cellIndex[i]), dense[i * a.nVars() + k]);
        // dropped genes and cells are exactly the all-zero ones
        int zeroGenes = 0, zeroCells = 0;
        for (int g = 0; g < p.nGenes(); g++) {
            boolean any = false;
            for (int j = 0; j < p.nCells(); j++) any |= p.get(g, j) != 0;
            if (!any) zeroGenes++;
        }
        for (int j = 0; j < p.nCells(); j++) {
            boolean any = false;
            for (int g = 0; g < p.nGenes(); g++) any |= p.get(g, j) != 0;
            if (!any) zeroCells++;
        }
        assertEquals(p.nGenes() - zeroGenes, a.nVars());
        assertEquals(p.nCells() - zeroCells, a.nObs());
        assertTrue(Arrays.stream(x.rowSums()).allMatch(s -> s > 0));
        assertTrue(Arrays.stream(x.columnSums()).allMatch(s -> s > 0));
        // the cells are shuffled, the genes are not
        assertFalse(isSorted(cellIndex));
        assertTrue(isSorted(geneIndex));
        assertEquals("cell" + cellIndex[0], a.obsNames()[0]);
        assertEquals("gene" + geneIndex[0], a.varNames()[0]);

        // labels: module index of the covering block, "NA" outside every block
        Column.Categorical cells = (Column.Categorical) a.obs().get("module");
        Column.Categorical genes = (Column.Categorical) a.var().get("module");
        assertEquals("NA", cells.categories()[10]);
        int[] cellModule = labels(p, false), geneModule = labels(p, true);
        int na = 0;
        for (int i = 0; i < a.nObs(); i++) {
            int expected = cellModule[(int) cellIndex[i]];
            assertEquals(expected < 0 ? "NA" : Integer.toString(expected), cells.label(i));
            if (expected < 0) na++;
        }
        assertTrue(na > 0, "cells outside every module are labelled NA");
        for (int k = 0; k < a.nVars(); k++) {
            int expected = geneModule[(int) geneIndex[k]];
            assertEquals(expected < 0 ? "NA" : Integer.toString(expected), genes.label(k));
        }

        // log2(CPM + 1) with the same sparsity
        CsrMatrix l = a.layers().get("log2cpm").csr();
        assertArrayEquals(x.indptr(), l.indptr());
        double[] sums = x.rowSums();
        for (int i = 0; i < a.nObs(); i++)
            for (int e = x.indptr()[i]; e < x.indptr()[i + 1]; e++)
                assertEquals(Math.log(1e6 * x.values()[e] / sums[i] + 1) / Math.log(2), l.values()[e], 1e-5);

        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) a.uns().get("planted_hypergraph");
        assertEquals(10L, info.get("k"));
        assertEquals((long) zeroCells, info.get("cells_dropped"));
        @SuppressWarnings("unchecked")
        Map<String, Object> modules = (Map<String, Object>) info.get("modules");
        assertEquals(p.modules().get(3).colEnd(), ((long[]) modules.get("col_end"))[3]);
    }

    @Test
    void deterministicForASeed() {
        Config c = Config.small(20);
        AnnData a = PlantedHypergraph.simulate(c, 11), b = PlantedHypergraph.simulate(c, 11);
        assertArrayEquals(a.x().csr().values(), b.x().csr().values());
        assertArrayEquals(a.obsNames(), b.obsNames());
        AnnData d = PlantedHypergraph.simulate(c, 12);
        assertFalse(Arrays.equals(a.obsNames(), d.obsNames()));
        Rng rng = Rng.seeded(11);
        assertFalse(Arrays.equals(PlantedHypergraph.simulate(c, rng).obsNames(),
                PlantedHypergraph.simulate(c, rng).obsNames()), "the Rng advances, so two calls differ");
    }

    @Test
    void paperSizedDensity() {
        AnnData a = PlantedHypergraph.simulate(Config.ngenes(10), 13);
        // a little under the 3% target plus the denser module and inter-module blocks
        double density = a.x().nnz() / ((double) a.nObs() * a.nVars());
        assertTrue(density > 0.03 && density < 0.08, "density " + density);
        assertTrue(a.nObs() > 950 && a.nVars() > 2900);
    }

    @Test
    void badConfigurations() {
        assertThrows(IllegalArgumentException.class, () -> new Config(0, 10, 5));
        assertThrows(IllegalArgumentException.class, () -> Config.small(10).withInterModuleConnectionProbability(2));
        assertThrows(IllegalArgumentException.class, () -> Config.nmodules(0));
        assertThrows(IllegalArgumentException.class, () -> Config.small(-1));
    }

    /** Per row (genes) or column (cells) of the planted matrix: the module covering it, or -1. */
    private static int[] labels(Planted p, boolean rows) {
        int[] out = new int[rows ? p.nGenes() : p.nCells()];
        Arrays.fill(out, -1);
        for (int i = 0; i < p.modules().size(); i++) {
            Module m = p.modules().get(i);
            for (int x = rows ? m.rowStart() : m.colStart(); x < (rows ? m.rowEnd() : m.colEnd()); x++) out[x] = i;
        }
        return out;
    }

    private static boolean isSorted(long[] v) {
        for (int i = 1; i < v.length; i++) if (v[i] < v[i - 1]) return false;
        return true;
    }
}
