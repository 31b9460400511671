package org.genex.data.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Rng;

/**
 * The planted-module simulator of the hypergraph-walk clustering paper (He et al., DIPHW / CoMem-DIPHW;
 * {@code specs/hypergraph-walks.md} &sect;7), as its code {@code Simulation_functions.py} and the
 * {@code ClusteringOnSimulatedData_*} scripts define it: sparse genes &times; cells counts with non-overlapping
 * diagonal blocks (modules) of denser, stronger expression, background noise and random inter-module blocks.
 *
 * <h2>Generative model</h2>
 * With G genes (rows), C cells (columns), M modules:
 * <ol>
 *   <li><b>Modules</b> ({@code simulate_input_modules}): row segments {@code r_i = int(i * G / M)} and column
 *       segments {@code c_i = int(i * C / M)}, i = 0..M (numpy's {@code linspace(..., dtype=int)}). Module i occupies
 *       rows {@code [r_i, min(r_i + Poisson(g_avg), r_{i+1}))} and columns
 *       {@code [c_i, min(c_i + Poisson(c_avg), c_{i+1}))} (a Poisson draw for the rows, then one for the columns,
 *       module by module): non-overlapping diagonal blocks.</li>
 *   <li><b>Module blocks</b>: in each block of size n = rows &times; cols, {@code int(n * moduleDensity)} positions
 *       chosen uniformly without replacement get {@code Poisson(lambdaModule)} values; the rest of the block is 0.</li>
 *   <li><b>Background</b>: {@code k = int(targetDensity * (G*C - sum of block sizes)) - nnz} (nnz counted after
 *       step 2); if k &gt; 0, k of the zero positions of the whole matrix (module blocks included), chosen uniformly
 *       without replacement, get {@code Poisson(lambdaBackground)} values.</li>
 *   <li><b>Inter-module blocks</b>: for every module pair i &lt; j (in {@code itertools.combinations} order), with
 *       probability {@code interModuleConnectionProbability} the block rows(i) &times; cols(j) is
 *       <em>overwritten</em> by a fresh block with {@code int(n * interModuleDensity)} {@code Poisson(lambdaInter)}
 *       entries at uniformly chosen positions; then a second, independent pass over the pairs does the same for the
 *       blocks rows(j) &times; cols(i).</li>
 *   <li><b>Labels</b> ({@code modules_to_community_dict}): a cell in the columns of module i is labelled
 *       {@code "i"} (0-based), any other cell {@code "NA"}; genes likewise by rows (the reference code labels only
 *       cells; gene labels are added here as ground truth). "NA" is a class for the metrics, but k-means uses
 *       k = M.</li>
 *   <li><b>After</b> (the scripts): the cell columns are shuffled (a uniform permutation), genes and then cells
 *       whose counts sum to 0 are dropped, and the values are normalised to counts per million per cell and
 *       transformed by {@code log2(x + 1)}.</li>
 * </ol>
 * Poisson draws can be 0, so the realised densities are slightly below the targets.
 *
 * <h2>Output</h2>
 * An {@link AnnData} with cells as rows: X = the counts (CSR float32) after shuffling and filtering, layer
 * {@code log2cpm} = log2(CPM + 1) (the matrix the walks use, transposed); obs {@code module} (categorical,
 * categories "0".."M-1" then "NA") and {@code cell_index} (the cell's column before shuffling); var {@code module}
 * and {@code gene_index}; cells are named {@code cell<cell_index>}, genes {@code gene<gene_index>};
 * {@code uns["planted_hypergraph"]} holds the module coordinates (before shuffling and filtering), the parameters
 * and what was dropped.
 */
public final class PlantedHypergraph {
    private PlantedHypergraph() {}

    /** The label of cells and genes outside every module. */
    public static final String NA = "NA";

    /**
     * The simulator's parameters; the defaults are the paper's (3000 genes &times; 1000 cells and the densities and
     * Poisson means of its scripts).
     *
     * @param nGenes                          rows of the matrix (3000)
     * @param nCells                          columns of the matrix (1000)
     * @param nModules                        M, the number of planted modules (30 in the "ngenes" experiment)
     * @param avgGenesPerModule               g_avg, mean of the Poisson number of genes per module
     * @param avgCellsPerModule               c_avg, mean of the Poisson number of cells per module
     * @param targetDensity                   overall density the background tops the matrix up to (0.03)
     * @param moduleDensity                   density inside module blocks (0.3)
     * @param interModuleDensity              density of an inter-module block (0.1)
     * @param interModuleConnectionProbability probability that an inter-module block is written, per pass (0.6)
     * @param lambdaBackground                Poisson mean of background values (10)
     * @param lambdaModule                    Poisson mean of module values (20)
     * @param lambdaInter                     Poisson mean of inter-module values (10)
     */
    public record Config(int nGenes, int nCells, int nModules, double avgGenesPerModule, double avgCellsPerModule,
                         double targetDensity, double moduleDensity, double interModuleDensity,
                         double interModuleConnectionProbability, double lambdaBackground, double lambdaModule,
                         double lambdaInter) {
        public Config {
            if (nGenes < 1 || nCells < 1) throw bad("nGenes and nCells must be >= 1, got " + nGenes + ", " + nCells);
            if ((long) nGenes * nCells > Integer.MAX_VALUE - 8)
                throw bad("nGenes x nCells = " + (long) nGenes * nCells + " does not fit one array");
            if (nModules < 1) throw bad("nModules must be >= 1, got " + nModules);
            if (!(avgGenesPerModule >= 0) || !(avgCellsPerModule >= 0) || avgGenesPerModule > 1e9
                    || avgCellsPerModule > 1e9)
                throw bad("average module sizes must be in [0, 1e9], got " + avgGenesPerModule + ", "
                        + avgCellsPerModule);
            for (double d : new double[] {targetDensity, moduleDensity, interModuleDensity,
                    interModuleConnectionProbability})
                if (!(d >= 0 && d <= 1)) throw bad("densities and the connection probability must be in [0, 1], got "
                        + d);
            for (double l : new double[] {lambdaBackground, lambdaModule, lambdaInter})
                if (!(l >= 0 && l <= 1e6)) throw bad("Poisson means must be in [0, 1e6], got " + l);
        }

        /** The paper's matrix and densities with these module settings. */
        public Config(int nModules, double avgGenesPerModule, double avgCellsPerModule) {
            this(3000, 1000, nModules, avgGenesPerModule, avgCellsPerModule, 0.03, 0.3, 0.1, 0.6, 10, 20, 10);
        }

        /** The "ngenes" experiment (&sect;7.4 i): M = 30, c_avg = 38, g_avg varied over 10, 20, ..., 100. */
        public static Config ngenes(double avgGenesPerModule) { return new Config(30, avgGenesPerModule, 38); }

        /** The "nmodules" experiment (&sect;7.4 ii): g_avg = 50, c_avg = floor(1000 / M) + 3, M varied. */
        public static Config nmodules(int nModules) {
            if (nModules < 1) throw bad("nModules must be >= 1, got " + nModules);
            return new Config(nModules, 50, 1000 / nModules + 3);
        }

        /** The small CPU configuration of &sect;9: 600 genes, 300 cells, M = 10, c_avg = 33, same densities. */
        public static Config small(double avgGenesPerModule) {
            return new Config(600, 300, 10, avgGenesPerModule, 33, 0.03, 0.3, 0.1, 0.6, 10, 20, 10);
        }

        /** This configuration with another number of genes and cells. */
        public Config withSize(int genes, int cells) {
            return new Config(genes, cells, nModules, avgGenesPerModule, avgCellsPerModule, targetDensity,
                    moduleDensity, interModuleDensity, interModuleConnectionProbability, lambdaBackground,
                    lambdaModule, lambdaInter);
        }

        /** This configuration with another inter-module connection probability. */
        public Config withInterModuleConnectionProbability(double p) {
            return new Config(nGenes, nCells, nModules, avgGenesPerModule, avgCellsPerModule, targetDensity,
                    moduleDensity, interModuleDensity, p, lambdaBackground, lambdaModule, lambdaInter);
        }
    }

    /** A planted module: rows {@code [rowStart, rowEnd)} (genes) and columns {@code [colStart, colEnd)} (cells). */
    public record Module(int rowStart, int rowEnd, int colStart, int colEnd) {
        public int rows() { return rowEnd - rowStart; }
        public int cols() { return colEnd - colStart; }
        public long size() { return (long) rows() * cols(); }
    }

    /** The planted matrix before shuffling: counts genes &times; cells, row-major, and the modules. */
    public record Planted(int nGenes, int nCells, int[] counts, List<Module> modules) {
        /** Count (gene, cell). */
        public int get(int gene, int cell) { return counts[gene * nCells + cell]; }
    }

    /** {@link #simulate(Config, Rng)} with {@code Rng.seeded(seed)}. */
    public static AnnData simulate(Config config, long seed) { return simulate(config, Rng.seeded(seed)); }

    /**
     * Simulates the planted hypergraph and what the scripts do after (shuffle, filter, log2 CPM).
     *
     * @param rng the source of randomness; advanced by one draw ({@code rng.split()})
     */
    public static AnnData simulate(Config config, Rng rng) {
        Rng base = rng.split();
        Planted p = plantFrom(config, base);
        return finish(config, p, base.fork("shuffle"));
    }

    /**
     * Steps 1&ndash;4: the modules and the counts matrix before shuffling, from {@code rng.split()} (so
     * {@code plant(c, Rng.seeded(s))} is the matrix that {@code simulate(c, Rng.seeded(s))} shuffles and filters).
     */
    public static Planted plant(Config config, Rng rng) { return plantFrom(config, rng.split()); }

    private static Planted plantFrom(Config c, Rng base) {
        List<Module> modules = simulateInputModules(c.nGenes(), c.nCells(), c.nModules(), c.avgGenesPerModule(),
                c.avgCellsPerModule(), base.fork("modules"));
        Rng r = base.fork("matrix");
        int rows = c.nGenes(), cols = c.nCells();
        int[] m = new int[rows * cols];

        // Step 2: module blocks.
        long moduleElements = 0;
        for (Module mod : modules) {
            fillBlock(m, cols, mod.rowStart(), mod.rows(), mod.colStart(), mod.cols(), c.moduleDensity(),
                    c.lambdaModule(), r);
            moduleElements += mod.size();
        }

        // Step 3: background on zero positions anywhere.
        long total = (long) rows * cols;
        int nnz = 0;
        for (int v : m) if (v != 0) nnz++;
        long k = (long) ((total - moduleElements) * c.targetDensity()) - nnz;
        if (k > 0) {
            int[] values = new int[(int) k];
            for (int i = 0; i < k; i++) values[i] = r.poisson(c.lambdaBackground());
            int[] zeros = new int[(int) (total - nnz)];
            for (int i = 0, z = 0; i < m.length; i++) if (m[i] == 0) zeros[z++] = i;
            if (k > zeros.length)
                throw new IllegalArgumentException("PlantedHypergraph: the background needs " + k
                        + " zero positions but the matrix has " + zeros.length);
            int[] chosen = r.sampleWithoutReplacement(zeros.length, (int) k);
            for (int i = 0; i < k; i++) m[zeros[chosen[i]]] = values[i];
        }

        // Step 4: inter-module blocks, rows(i) x cols(j) for i < j, then rows(j) x cols(i).
        for (int pass = 0; pass < 2; pass++)
            for (int i = 0; i < modules.size(); i++)
                for (int j = i + 1; j < modules.size(); j++) {
                    if (!(r.nextDouble() < c.interModuleConnectionProbability())) continue;
                    Module a = modules.get(pass == 0 ? i : j), b = modules.get(pass == 0 ? j : i);
                    fillBlock(m, cols, a.rowStart(), a.rows(), b.colStart(), b.cols(), c.interModuleDensity(),
                            c.lambdaInter(), r);
                }
        return new Planted(rows, cols, m, List.copyOf(modules));
    }

    /**
     * {@code simulate_input_modules}: the non-overlapping diagonal blocks of step 1.
     *
     * @param rng draws, per module, Poisson(avgGenes) then Poisson(avgCells)
     */
    public static List<Module> simulateInputModules(int rows, int cols, int nModules, double avgGenes,
                                                    double avgCells, Rng rng) {
        int[] rowSeg = linspaceInt(rows, nModules), colSeg = linspaceInt(cols, nModules);
        List<Module> out = new ArrayList<>(nModules);
        for (int i = 0; i < nModules; i++) {
            int g = rng.poisson(avgGenes), cc = rng.poisson(avgCells);
            int rowEnd = (int) Math.min((long) rowSeg[i] + g, rowSeg[i + 1]);
            int colEnd = (int) Math.min((long) colSeg[i] + cc, colSeg[i + 1]);
            out.add(new Module(rowSeg[i], rowEnd, colSeg[i], colEnd));
        }
        return out;
    }

    /** numpy's {@code linspace(0, n, num=m+1, dtype=int)}: {@code int(i * (n / m))}, the last exactly n. */
    static int[] linspaceInt(int n, int m) {
        int[] out = new int[m + 1];
        double step = (double) n / m;
        for (int i = 0; i < m; i++) out[i] = (int) (i * step);
        out[m] = n;
        return out;
    }

    /**
     * Overwrites the block at (row0, col0) of size rows x cols: {@code int(size * density)} uniformly chosen
     * positions (row-major within the block) get Poisson(lambda) values, every other entry becomes 0. The values
     * are drawn before the positions, as the reference does.
     */
    private static void fillBlock(int[] m, int cols, int row0, int rows, int col0, int blockCols, double density,
                                  double lambda, Rng r) {
        long size = (long) rows * blockCols;
        int k = (int) (size * density);
        int[] values = new int[k];
        for (int i = 0; i < k; i++) values[i] = r.poisson(lambda);
        int[] chosen = r.sampleWithoutReplacement((int) size, k);
        for (int i = 0; i < rows; i++) {
            int from = (row0 + i) * cols + col0;
            Arrays.fill(m, from, from + blockCols, 0);
        }
        for (int i = 0; i < k; i++) {
            int p = chosen[i];
            m[(row0 + p / blockCols) * cols + col0 + p % blockCols] = values[i];
        }
    }

    // ------------------------------------------------------------------------------------------------ step 6

    private static AnnData finish(Config c, Planted p, Rng shuffle) {
        int rows = p.nGenes(), cols = p.nCells();
        int[] m = p.counts();
        int[] geneLabel = labels(rows, p.modules(), true), cellLabel = labels(cols, p.modules(), false);
        int[] order = shuffle.permutation(cols); // shuffled position -> original cell

        boolean[] keepGene = new boolean[rows];
        long[] cellSum = new long[cols];
        for (int g = 0; g < rows; g++)
            for (int j = 0; j < cols; j++) {
                int v = m[g * cols + j];
                if (v != 0) {
                    keepGene[g] = true;
                    cellSum[j] += v;
                }
            }
        int[] genes = positions(keepGene);
        int[] newCol = new int[rows];
        Arrays.fill(newCol, -1);
        for (int i = 0; i < genes.length; i++) newCol[genes[i]] = i;
        List<Integer> cellsKept = new ArrayList<>();
        for (int j : order) if (cellSum[j] > 0) cellsKept.add(j);
        int nCells = cellsKept.size(), nGenes = genes.length;

        int[] indptr = new int[nCells + 1];
        int nnz = 0;
        for (int i = 0; i < nCells; i++) {
            int j = cellsKept.get(i);
            for (int g : genes) if (m[g * cols + j] != 0) nnz++;
            indptr[i + 1] = nnz;
        }
        int[] indices = new int[nnz];
        float[] counts = new float[nnz], logCpm = new float[nnz];
        for (int i = 0, k = 0; i < nCells; i++) {
            int j = cellsKept.get(i);
            double scale = 1e6 / cellSum[j];
            for (int g : genes) {
                int v = m[g * cols + j];
                if (v == 0) continue;
                indices[k] = newCol[g];
                counts[k] = v;
                logCpm[k++] = (float) (Math.log1p(v * scale) / Math.log(2));
            }
        }
        String[] categories = new String[c.nModules() + 1];
        for (int i = 0; i < c.nModules(); i++) categories[i] = Integer.toString(i);
        categories[c.nModules()] = NA;

        String[] cellNames = new String[nCells];
        int[] cellCodes = new int[nCells];
        long[] cellIndex = new long[nCells];
        for (int i = 0; i < nCells; i++) {
            int j = cellsKept.get(i);
            cellNames[i] = "cell" + j;
            cellCodes[i] = cellLabel[j];
            cellIndex[i] = j;
        }
        String[] geneNames = new String[nGenes];
        int[] geneCodes = new int[nGenes];
        long[] geneIndex = new long[nGenes];
        for (int i = 0; i < nGenes; i++) {
            geneNames[i] = "gene" + genes[i];
            geneCodes[i] = geneLabel[genes[i]];
            geneIndex[i] = genes[i];
        }
        DataFrame obs = new DataFrame(cellNames), var = new DataFrame(geneNames);
        obs.put("module", new Column.Categorical(cellCodes, categories, false));
        obs.put("cell_index", new Column.Ints(cellIndex));
        var.put("module", new Column.Categorical(geneCodes, categories.clone(), false));
        var.put("gene_index", new Column.Ints(geneIndex));
        AnnData a = new AnnData(Matrix.of(new CsrMatrix(nCells, nGenes, indptr, indices, counts)), obs, var);
        a.layers().put("log2cpm", Matrix.of(new CsrMatrix(nCells, nGenes, indptr.clone(), indices.clone(), logCpm)));
        a.uns().put("planted_hypergraph", info(c, p, rows - nGenes, cols - nCells));
        return a;
    }

    /** Per row (or column): the module index of the block that covers it, or M for "NA". */
    private static int[] labels(int n, List<Module> modules, boolean rows) {
        int[] out = new int[n];
        Arrays.fill(out, modules.size());
        for (int i = 0; i < modules.size(); i++) {
            Module mod = modules.get(i);
            int from = rows ? mod.rowStart() : mod.colStart(), to = rows ? mod.rowEnd() : mod.colEnd();
            for (int x = from; x < to; x++) out[x] = i;
        }
        return out;
    }

    private static int[] positions(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) if (b) n++;
        int[] out = new int[n];
        for (int i = 0, k = 0; i < mask.length; i++) if (mask[i]) out[k++] = i;
        return out;
    }

    private static Map<String, Object> info(Config c, Planted p, int genesDropped, int cellsDropped) {
        int m = p.modules().size();
        long[] rs = new long[m], re = new long[m], cs = new long[m], ce = new long[m];
        for (int i = 0; i < m; i++) {
            Module mod = p.modules().get(i);
            rs[i] = mod.rowStart();
            re[i] = mod.rowEnd();
            cs[i] = mod.colStart();
            ce[i] = mod.colEnd();
        }
        Map<String, Object> modules = new LinkedHashMap<>();
        modules.put("row_start", rs);
        modules.put("row_end", re);
        modules.put("col_start", cs);
        modules.put("col_end", ce);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("n_genes", (long) c.nGenes());
        params.put("n_cells", (long) c.nCells());
        params.put("n_modules", (long) c.nModules());
        params.put("avg_genes_per_module", c.avgGenesPerModule());
        params.put("avg_cells_per_module", c.avgCellsPerModule());
        params.put("target_density", c.targetDensity());
        params.put("module_density", c.moduleDensity());
        params.put("inter_module_density", c.interModuleDensity());
        params.put("inter_module_connection_probability", c.interModuleConnectionProbability());
        params.put("lambda_background", c.lambdaBackground());
        params.put("lambda_module", c.lambdaModule());
        params.put("inter_module_lambda", c.lambdaInter());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("modules", modules);
        out.put("params", params);
        out.put("k", (long) c.nModules());
        out.put("genes_dropped", (long) genesDropped);
        out.put("cells_dropped", (long) cellsDropped);
        return out;
    }

    private static IllegalArgumentException bad(String message) {
        return new IllegalArgumentException("PlantedHypergraph.Config: " + message);
    }
}
