package org.genex.data.sim;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.AliasTable;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;

/**
 * The Splat simulation of single-cell RNA-seq counts (Zappia, Phipson &amp; Oshlack, "Splatter: simulation of
 * single-cell RNA sequencing data", Genome Biology 2017; splatter's {@code splatSimulate}), with ground truth.
 *
 * <h2>Generative model</h2>
 * For G genes and C cells (rows of X are cells, columns genes):
 * <ol>
 *   <li><b>Library sizes.</b> {@code L_c ~ LogNormal(lib.loc, lib.scale)} (or, with {@code libNorm},
 *       {@code Normal(lib.loc, lib.scale)} with values &le; 0 set to half the smallest positive one). obs
 *       {@code ExpLibSize}.</li>
 *   <li><b>Gene means.</b> {@code b_g ~ Gamma(mean.shape, rate = mean.rate)} (var {@code BaseGeneMean}). Expression
 *       outliers: factors {@code o_g} from the log-normal factor scheme below with selection probability
 *       {@code out.prob}, down probability 0, {@code LogNormal(out.facLoc, out.facScale)} (var {@code OutlierFactor});
 *       an outlier gene's mean is {@code median(b) * o_g}, the others keep {@code b_g} (var {@code GeneMean}).</li>
 *   <li><b>Log-normal factors</b> (splatter's {@code getLNormFactors(n, sel, down, loc, scale)}): each gene is
 *       selected with probability {@code sel}; a selected gene draws {@code f ~ LogNormal(loc, scale)} and a
 *       direction d = &minus;1 with probability {@code down}, else +1; where f &lt; 1 the direction is flipped; the
 *       factor is {@code f^d}; unselected genes get 1. So a selected factor is below 1 exactly when d was
 *       &minus;1.</li>
 *   <li><b>Batches.</b> Cells are split into consecutive batches of {@code batchCells} cells (obs {@code Batch}).
 *       With more than one batch, each batch draws factors with selection 1, down 0.5,
 *       {@code LogNormal(batch.facLoc, batch.facScale)} (var {@code BatchFacBatch<k>}; all 1 with
 *       {@code batchRmEffect}).</li>
 *   <li><b>Groups</b> ({@link Method#GROUPS}): each cell joins group k with probability {@code group.prob[k]} (obs
 *       {@code Group}); group k draws DE factors with {@code de.prob[k]}, {@code de.downProb[k]},
 *       {@code LogNormal(de.facLoc[k], de.facScale[k])} (var {@code DEFacGroup<k>}).</li>
 *   <li><b>Paths</b> ({@link Method#PATHS}): path k starts at the end of path {@code path.from[k]} (0 = the origin,
 *       factors 1) and draws DE factors {@code D_k} as groups do (var {@code DEFacPath<k>}); its end point is
 *       start &times; D_k. Genes follow a straight line from start to end over {@code path.nSteps[k]} steps, except
 *       that with probability {@code path.nonlinearProb[k]} a gene gets {@code SigmaFacPath<k> = path.sigmaFac[k]}
 *       and follows a smoothed Brownian bridge ({@link Bridges#bridge}). A cell of path k takes step s
 *       (1-based, obs {@code Step}) with probability proportional to {@code seq(skew, 1 - skew, length = nSteps)}.</li>
 *   <li><b>Cell means.</b> {@code m_cg = GeneMean_g * BatchFac_{batch(c), g} * F_{c,g}} with F the cell's group
 *       DE factor, path step factor, or 1; proportions {@code p_cg = m_cg / sum_g m_cg}; base means
 *       {@code mu_cg = p_cg * L_c}.</li>
 *   <li><b>BCV.</b> Per gene {@code X_g ~ ChiSquared(bcv.df)}; {@code bcv_cg = (bcv.common + 1 / sqrt(mu_cg)) *
 *       sqrt(bcv.df / X_g)} (no chi-squared factor when bcv.df is infinite); the cell mean is
 *       {@code lambda_cg ~ Gamma(shape = 1 / bcv^2, scale = mu_cg * bcv^2)} (mean mu, coefficient of variation
 *       bcv).</li>
 *   <li><b>Counts.</b> {@code y_cg ~ Poisson(lambda_cg)}.</li>
 *   <li><b>Dropout</b> (off by default): {@code pi_cg = 1 / (1 + exp(-shape * (log(lambda_cg) - mid)))} with the
 *       dropout {@code mid}/{@code shape} of the experiment, the cell's batch, group, or the cell; a count is set to 0
 *       with probability pi. The counts before dropout are kept as layer {@code TrueCounts}.</li>
 *   <li><b>Doublets</b> (a genex addition; splatter's Splat model has none, its Kersplat model does): a fraction
 *       {@code doubletFraction} of the cells (round(fraction &times; C), chosen uniformly) are doublets. Each gets a
 *       partner cell simulated by steps 1&ndash;10 in the same batch (its own group, path step and library size),
 *       and the doublet's counts are the sum of both cells' counts (obs {@code Doublet}; {@code DoubletGroup} is
 *       the partner's group; {@code ExpLibSize} is the sum of both).</li>
 * </ol>
 *
 * <p>Defaults are splatter's {@code SplatParams} defaults (splatter {@code R/AllClasses.R}): mean.shape 0.6,
 * mean.rate 0.3, lib.loc 11, lib.scale 0.2, out.prob 0.05, out.facLoc 4, out.facScale 0.5, de.prob 0.1,
 * de.downProb 0.5, de.facLoc 0.1, de.facScale 0.4, bcv.common 0.1, bcv.df 60, dropout type "none" with mid 0 and
 * shape &minus;1, batch.facLoc 0.1, batch.facScale 0.1, path.nSteps 100, path.skew 0.5, path.nonlinearProb 0.1,
 * path.sigmaFac 0.8, 10,000 genes and 100 cells. As in splatter, {@code GROUPS} with a single group simulates a
 * single population.
 *
 * <h2>Output</h2>
 * An {@link AnnData} with X = counts (CSR float32, cells &times; genes), cells named {@code Cell1..}, genes
 * {@code Gene1..}; obs and var hold the ground truth named above (splatter's column names), and
 * {@code uns["splatter"]} the parameters. The randomness of each part comes from its own stream derived from the
 * given {@link Rng} (one {@code split()} of it), and each cell's counts from a stream of its own, so the result is
 * the same for every thread count, and turning doublets on does not change the other cells' attributes.
 */
public final class Splatter {
    private Splatter() {}

    /** Which structure the cells have. */
    public enum Method {
        /** One population. */
        SINGLE,
        /** Discrete groups with DE factors (cell types). */
        GROUPS,
        /** Continuous paths between end points (differentiation trajectories). */
        PATHS
    }

    /** Whose dropout parameters a cell uses; the arrays {@code dropoutMid}/{@code dropoutShape} have that length. */
    public enum Dropout {
        /** No dropout (splatter's default). */
        NONE,
        /** One mid and shape for every cell. */
        EXPERIMENT,
        /** One per batch. */
        BATCH,
        /** One per group or path. */
        GROUP,
        /** One per cell. */
        CELL
    }

    /**
     * Every parameter of the simulation, with splatter's defaults ({@link #defaults()}); build variations with
     * {@link #toBuilder()}. Arrays marked "per group" (or per batch, per path) have length 1 (used for all) or the
     * number of groups (batches, paths).
     *
     * @param nGenes           number of genes (10,000)
     * @param batchCells       cells per batch, in order; the number of cells is their sum ({100})
     * @param batchFacLoc      per batch: log-normal location of the batch factors (0.1)
     * @param batchFacScale    per batch: log-normal scale of the batch factors (0.1)
     * @param batchRmEffect    draw batch factors but use 1 instead (splatter's batch.rmEffect; false)
     * @param meanShape        shape of the gamma distribution of gene means (0.6)
     * @param meanRate         rate of the gamma distribution of gene means (0.3)
     * @param libLoc           location (log scale) of the library sizes (11)
     * @param libScale         scale (log scale) of the library sizes (0.2)
     * @param libNorm          library sizes from a normal instead of a log-normal distribution (false)
     * @param outProb          probability that a gene is an expression outlier (0.05)
     * @param outFacLoc        log-normal location of outlier factors (4)
     * @param outFacScale      log-normal scale of outlier factors (0.5)
     * @param method           single population, groups or paths (SINGLE)
     * @param groupProb        probability of each group or path; its length is the number of groups ({1}); rescaled
     *                         to sum 1
     * @param deProb           per group: probability that a gene is DE (0.1)
     * @param deDownProb       per group: probability that a DE gene is down-regulated (0.5)
     * @param deFacLoc         per group: log-normal location of DE factors (0.1)
     * @param deFacScale       per group: log-normal scale of DE factors (0.4)
     * @param bcvCommon        common biological coefficient of variation (0.1)
     * @param bcvDf            degrees of freedom of the BCV's chi-squared factor; infinity for none (60)
     * @param dropoutType      whose dropout parameters apply (NONE)
     * @param dropoutMid       midpoint of the dropout logistic on log mean ({0})
     * @param dropoutShape     shape (slope) of the dropout logistic; negative: more dropout at low means ({-1})
     * @param pathFrom         per path: the path it starts from, 1-based, 0 for the origin ({0})
     * @param pathNSteps       per path: number of steps (100)
     * @param pathSkew         per path: 0.5 spreads cells evenly, towards 1 puts more at the start, towards 0 more
     *                         at the end (0.5)
     * @param pathNonlinearProb per path: probability that a gene follows a non-linear bridge (0.1)
     * @param pathSigmaFac     per path: how far non-linear genes wander (0.8)
     * @param doubletFraction  fraction of cells that are doublets of two simulated cells (0; a genex addition)
     */
    public record Config(int nGenes, int[] batchCells, double[] batchFacLoc, double[] batchFacScale,
                         boolean batchRmEffect, double meanShape, double meanRate, double libLoc, double libScale,
                         boolean libNorm, double outProb, double outFacLoc, double outFacScale, Method method,
                         double[] groupProb, double[] deProb, double[] deDownProb, double[] deFacLoc,
                         double[] deFacScale, double bcvCommon, double bcvDf, Dropout dropoutType,
                         double[] dropoutMid, double[] dropoutShape, int[] pathFrom, int[] pathNSteps,
                         double[] pathSkew, double[] pathNonlinearProb, double[] pathSigmaFac,
                         double doubletFraction) {

        public Config {
            batchCells = batchCells.clone();
            batchFacLoc = batchFacLoc.clone();
            batchFacScale = batchFacScale.clone();
            groupProb = groupProb.clone();
            deProb = deProb.clone();
            deDownProb = deDownProb.clone();
            deFacLoc = deFacLoc.clone();
            deFacScale = deFacScale.clone();
            dropoutMid = dropoutMid.clone();
            dropoutShape = dropoutShape.clone();
            pathFrom = pathFrom.clone();
            pathNSteps = pathNSteps.clone();
            pathSkew = pathSkew.clone();
            pathNonlinearProb = pathNonlinearProb.clone();
            pathSigmaFac = pathSigmaFac.clone();
            validate(nGenes, batchCells, batchFacLoc, batchFacScale, meanShape, meanRate, libLoc, libScale, outProb,
                    outFacLoc, outFacScale, method, groupProb, deProb, deDownProb, deFacLoc, deFacScale, bcvCommon,
                    bcvDf, dropoutType, dropoutMid, dropoutShape, pathFrom, pathNSteps, pathSkew, pathNonlinearProb,
                    pathSigmaFac, doubletFraction);
        }

        /** splatter's defaults: 10,000 genes, 100 cells, one population. */
        public static Config defaults() { return new Builder().build(); }

        /** A builder starting from splatter's defaults. */
        public static Builder builder() { return new Builder(); }

        /** A builder starting from this configuration. */
        public Builder toBuilder() { return new Builder(this); }

        /** The number of cells: the sum of {@code batchCells}. */
        public int nCells() { return Arrays.stream(batchCells).sum(); }

        /** The number of batches. */
        public int nBatches() { return batchCells.length; }

        /** The number of groups or paths. */
        public int nGroups() { return groupProb.length; }

        /** The method actually simulated: GROUPS with one group is SINGLE, as in splatter. */
        public Method effectiveMethod() { return method == Method.GROUPS && nGroups() == 1 ? Method.SINGLE : method; }

        /** The number of doublets: round(doubletFraction &times; nCells). */
        public int nDoublets() { return (int) Math.round(doubletFraction * nCells()); }
    }

    /** A mutable builder of {@link Config}, starting from splatter's defaults. */
    public static final class Builder {
        private int nGenes = 10_000;
        private int[] batchCells = {100};
        private double[] batchFacLoc = {0.1}, batchFacScale = {0.1};
        private boolean batchRmEffect;
        private double meanShape = 0.6, meanRate = 0.3;
        private double libLoc = 11, libScale = 0.2;
        private boolean libNorm;
        private double outProb = 0.05, outFacLoc = 4, outFacScale = 0.5;
        private Method method = Method.SINGLE;
        private double[] groupProb = {1};
        private double[] deProb = {0.1}, deDownProb = {0.5}, deFacLoc = {0.1}, deFacScale = {0.4};
        private double bcvCommon = 0.1, bcvDf = 60;
        private Dropout dropoutType = Dropout.NONE;
        private double[] dropoutMid = {0}, dropoutShape = {-1};
        private int[] pathFrom = {0}, pathNSteps = {100};
        private double[] pathSkew = {0.5}, pathNonlinearProb = {0.1}, pathSigmaFac = {0.8};
        private double doubletFraction;

        Builder() {}

        Builder(Config c) {
            nGenes = c.nGenes; batchCells = c.batchCells; batchFacLoc = c.batchFacLoc; batchFacScale = c.batchFacScale;
            batchRmEffect = c.batchRmEffect; meanShape = c.meanShape; meanRate = c.meanRate; libLoc = c.libLoc;
            libScale = c.libScale; libNorm = c.libNorm; outProb = c.outProb; outFacLoc = c.outFacLoc;
            outFacScale = c.outFacScale; method = c.method; groupProb = c.groupProb; deProb = c.deProb;
            deDownProb = c.deDownProb; deFacLoc = c.deFacLoc; deFacScale = c.deFacScale; bcvCommon = c.bcvCommon;
            bcvDf = c.bcvDf; dropoutType = c.dropoutType; dropoutMid = c.dropoutMid; dropoutShape = c.dropoutShape;
            pathFrom = c.pathFrom; pathNSteps = c.pathNSteps; pathSkew = c.pathSkew;
            pathNonlinearProb = c.pathNonlinearProb; pathSigmaFac = c.pathSigmaFac;
            doubletFraction = c.doubletFraction;
        }

        public Builder genes(int n) { nGenes = n; return this; }
        /** One batch of n cells. */
        public Builder cells(int n) { batchCells = new int[] {n}; return this; }
        /** Cells per batch (several batches). */
        public Builder batchCells(int... cells) { batchCells = cells.clone(); return this; }
        public Builder batchFactors(double loc, double scale) {
            batchFacLoc = new double[] {loc}; batchFacScale = new double[] {scale}; return this;
        }
        public Builder batchFactors(double[] loc, double[] scale) {
            batchFacLoc = loc.clone(); batchFacScale = scale.clone(); return this;
        }
        public Builder batchRmEffect(boolean remove) { batchRmEffect = remove; return this; }
        public Builder means(double shape, double rate) { meanShape = shape; meanRate = rate; return this; }
        public Builder library(double loc, double scale) { libLoc = loc; libScale = scale; return this; }
        public Builder libNorm(boolean normal) { libNorm = normal; return this; }
        public Builder outliers(double prob, double facLoc, double facScale) {
            outProb = prob; outFacLoc = facLoc; outFacScale = facScale; return this;
        }
        public Builder method(Method m) { method = m; return this; }
        /** Groups with these probabilities (method GROUPS). */
        public Builder groups(double... prob) { method = Method.GROUPS; groupProb = prob.clone(); return this; }
        /** Paths with these probabilities (method PATHS); all start at the origin unless {@link #pathFrom} says. */
        public Builder paths(double... prob) {
            method = Method.PATHS; groupProb = prob.clone(); pathFrom = new int[] {0}; return this;
        }
        /** The same DE parameters for every group. */
        public Builder de(double prob, double downProb, double facLoc, double facScale) {
            deProb = new double[] {prob}; deDownProb = new double[] {downProb};
            deFacLoc = new double[] {facLoc}; deFacScale = new double[] {facScale}; return this;
        }
        public Builder deProb(double... p) { deProb = p.clone(); return this; }
        public Builder deDownProb(double... p) { deDownProb = p.clone(); return this; }
        public Builder deFacLoc(double... v) { deFacLoc = v.clone(); return this; }
        public Builder deFacScale(double... v) { deFacScale = v.clone(); return this; }
        public Builder bcv(double common, double df) { bcvCommon = common; bcvDf = df; return this; }
        /** Dropout for the whole experiment. */
        public Builder dropout(double mid, double shape) {
            return dropout(Dropout.EXPERIMENT, new double[] {mid}, new double[] {shape});
        }
        public Builder dropout(Dropout type, double[] mid, double[] shape) {
            dropoutType = type; dropoutMid = mid.clone(); dropoutShape = shape.clone(); return this;
        }
        public Builder pathFrom(int... from) { pathFrom = from.clone(); return this; }
        public Builder pathNSteps(int... steps) { pathNSteps = steps.clone(); return this; }
        public Builder pathSkew(double... skew) { pathSkew = skew.clone(); return this; }
        public Builder pathNonlinearProb(double... p) { pathNonlinearProb = p.clone(); return this; }
        public Builder pathSigmaFac(double... s) { pathSigmaFac = s.clone(); return this; }
        public Builder doublets(double fraction) { doubletFraction = fraction; return this; }

        public Config build() {
            return new Config(nGenes, batchCells, batchFacLoc, batchFacScale, batchRmEffect, meanShape, meanRate,
                    libLoc, libScale, libNorm, outProb, outFacLoc, outFacScale, method, groupProb, deProb, deDownProb,
                    deFacLoc, deFacScale, bcvCommon, bcvDf, dropoutType, dropoutMid, dropoutShape, pathFrom,
                    pathNSteps, pathSkew, pathNonlinearProb, pathSigmaFac, doubletFraction);
        }
    }

    // ------------------------------------------------------------------------------------------------ validation

    private static void validate(int nGenes, int[] batchCells, double[] batchFacLoc, double[] batchFacScale,
                                 double meanShape, double meanRate, double libLoc, double libScale, double outProb,
                                 double outFacLoc, double outFacScale, Method method, double[] groupProb,
                                 double[] deProb, double[] deDownProb, double[] deFacLoc, double[] deFacScale,
                                 double bcvCommon, double bcvDf, Dropout dropoutType, double[] dropoutMid,
                                 double[] dropoutShape, int[] pathFrom, int[] pathNSteps, double[] pathSkew,
                                 double[] pathNonlinearProb, double[] pathSigmaFac, double doubletFraction) {
        if (nGenes < 1) throw bad("nGenes must be >= 1, got " + nGenes);
        if (batchCells.length == 0) throw bad("batchCells needs at least one batch");
        long cells = 0;
        for (int b : batchCells) {
            if (b < 0) throw bad("batchCells must be >= 0, got " + Arrays.toString(batchCells));
            cells += b;
        }
        if (cells < 1 || cells > Integer.MAX_VALUE) throw bad("the number of cells must be in [1, 2^31), got " + cells);
        if ((long) nGenes * cells > 2_000_000_000L / 4)
            throw bad("nGenes x nCells = " + (long) nGenes * cells + " is too large for one matrix");
        int nb = batchCells.length, ng = groupProb.length;
        perAxis("batchFacLoc", batchFacLoc, nb, "batches", false);
        perAxis("batchFacScale", batchFacScale, nb, "batches", true);
        positive("meanShape", meanShape);
        positive("meanRate", meanRate);
        finite("libLoc", libLoc);
        positive("libScale", libScale);
        probability("outProb", outProb);
        finite("outFacLoc", outFacLoc);
        nonNegative("outFacScale", outFacScale);
        if (method == null) throw bad("method is null");
        if (ng == 0) throw bad("groupProb needs at least one group");
        double sum = 0;
        for (double p : groupProb) {
            if (!(p >= 0 && p < Double.POSITIVE_INFINITY)) throw bad("groupProb entries must be >= 0, got "
                    + Arrays.toString(groupProb));
            sum += p;
        }
        if (!(sum > 0)) throw bad("groupProb must have a positive sum, got " + Arrays.toString(groupProb));
        for (double p : perAxis("deProb", deProb, ng, "groups", false)) probability("deProb", p);
        for (double p : perAxis("deDownProb", deDownProb, ng, "groups", false)) probability("deDownProb", p);
        perAxis("deFacLoc", deFacLoc, ng, "groups", false);
        perAxis("deFacScale", deFacScale, ng, "groups", true);
        nonNegative("bcvCommon", bcvCommon);
        if (!(bcvDf > 0)) throw bad("bcvDf must be positive (infinity for no chi-squared factor), got " + bcvDf);
        if (dropoutType == null) throw bad("dropoutType is null");
        int dropoutLength = switch (dropoutType) {
            case NONE, EXPERIMENT -> 1;
            case BATCH -> nb;
            case GROUP -> ng;
            case CELL -> (int) cells;
        };
        if (dropoutType == Dropout.GROUP && method == Method.SINGLE)
            throw bad("dropoutType GROUP needs groups or paths");
        if (dropoutMid.length != dropoutLength || dropoutShape.length != dropoutLength)
            throw bad("dropoutType " + dropoutType + " needs dropoutMid and dropoutShape of length " + dropoutLength
                    + ", got " + dropoutMid.length + " and " + dropoutShape.length);
        for (double v : dropoutMid) finite("dropoutMid", v);
        for (double v : dropoutShape) finite("dropoutShape", v);
        if (pathFrom.length != 1 && pathFrom.length != ng)
            throw bad("pathFrom needs 1 or " + ng + " (paths) entries, got " + pathFrom.length);
        if (method == Method.PATHS) pathOrder(expand(pathFrom, ng));
        if (pathNSteps.length != 1 && pathNSteps.length != ng)
            throw bad("pathNSteps needs 1 or " + ng + " (paths) entries, got " + pathNSteps.length);
        for (int s : pathNSteps) if (s < 1) throw bad("pathNSteps must be >= 1, got " + Arrays.toString(pathNSteps));
        for (double v : perAxis("pathSkew", pathSkew, ng, "paths", false)) probability("pathSkew", v);
        for (double v : perAxis("pathNonlinearProb", pathNonlinearProb, ng, "paths", false))
            probability("pathNonlinearProb", v);
        for (double v : perAxis("pathSigmaFac", pathSigmaFac, ng, "paths", true)) finite("pathSigmaFac", v);
        if (!(doubletFraction >= 0 && doubletFraction <= 1))
            throw bad("doubletFraction must be in [0, 1], got " + doubletFraction);
    }

    private static double[] perAxis(String name, double[] v, int n, String what, boolean nonNegative) {
        if (v.length != 1 && v.length != n)
            throw bad(name + " needs 1 or " + n + " (" + what + ") entries, got " + v.length);
        for (double x : v) {
            finite(name, x);
            if (nonNegative && x < 0) throw bad(name + " must be >= 0, got " + Arrays.toString(v));
        }
        return v;
    }

    private static void finite(String name, double v) {
        if (!Double.isFinite(v)) throw bad(name + " must be finite, got " + v);
    }

    private static void positive(String name, double v) {
        if (!(v > 0 && v < Double.POSITIVE_INFINITY)) throw bad(name + " must be positive and finite, got " + v);
    }

    private static void nonNegative(String name, double v) {
        if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) throw bad(name + " must be >= 0 and finite, got " + v);
    }

    private static void probability(String name, double p) {
        if (!(p >= 0 && p <= 1)) throw bad(name + " must be in [0, 1], got " + p);
    }

    private static IllegalArgumentException bad(String message) {
        return new IllegalArgumentException("Splatter.Config: " + message);
    }

    private static double[] expand(double[] v, int n) {
        if (v.length == n) return v;
        double[] out = new double[n];
        Arrays.fill(out, v[0]);
        return out;
    }

    private static int[] expand(int[] v, int n) {
        if (v.length == n) return v;
        int[] out = new int[n];
        Arrays.fill(out, v[0]);
        return out;
    }

    /**
     * The order in which paths can be built (each after the path it starts from), as splatter's
     * {@code getPathOrder}; an exception for an out-of-range origin or a cycle.
     */
    static int[] pathOrder(int[] from) {
        int n = from.length;
        for (int p = 0; p < n; p++)
            if (from[p] < 0 || from[p] > n || from[p] == p + 1)
                throw bad("pathFrom[" + p + "] = " + from[p] + " must be 0 (the origin) or another path's number in 1.."
                        + n);
        int[] order = new int[n];
        boolean[] done = new boolean[n + 1];
        done[0] = true;
        Deque<Integer> queue = new ArrayDeque<>();
        for (int p = 0; p < n; p++) queue.add(p);
        int k = 0, stalls = 0;
        while (!queue.isEmpty()) {
            int p = queue.poll();
            if (done[from[p]]) {
                done[p + 1] = true;
                order[k++] = p;
                stalls = 0;
            } else {
                queue.add(p);
                if (++stalls > queue.size()) throw bad("pathFrom " + Arrays.toString(from) + " has a cycle");
            }
        }
        return order;
    }

    // ------------------------------------------------------------------------------------------------ simulation

    /** {@link #simulate(Config, Rng)} with {@code Rng.seeded(seed)}. */
    public static AnnData simulate(Config config, long seed) { return simulate(config, Rng.seeded(seed)); }

    /**
     * Simulates counts as the class comment describes.
     *
     * @param rng the source of randomness; advanced by one draw (the simulation runs on {@code rng.split()})
     */
    public static AnnData simulate(Config config, Rng rng) {
        return new Run(config, rng.split()).run();
    }

    /** One simulation: the per-gene and per-cell ground truth, then the counts cell by cell. */
    private static final class Run {
        final Config c;
        final Rng base;
        final Method method;
        final int nGenes, nCells, nBatches, nGroups, nDoublets, nUnits;
        // per unit (cells 0..nCells-1, then the doublet partners)
        final int[] batch, group, step;
        final double[] libSize;
        final int[] partner; // per cell: its partner unit, or -1
        final int[] owner; // per unit: the cell whose row it ends up in
        // per gene
        double[] baseMean, outlierFactor, geneMean, bcvGene;
        double[][] batchFactor, deFactor, sigmaFactor;
        double[][][] pathFactor; // [path][step][gene]

        Run(Config c, Rng base) {
            this.c = c;
            this.base = base;
            method = c.effectiveMethod();
            nGenes = c.nGenes();
            nCells = c.nCells();
            nBatches = c.nBatches();
            nGroups = c.nGroups();
            nDoublets = c.nDoublets();
            nUnits = nCells + nDoublets;
            batch = new int[nUnits];
            group = new int[nUnits];
            step = new int[nUnits];
            libSize = new double[nUnits];
            partner = new int[nCells];
            owner = new int[nUnits];
        }

        AnnData run() {
            assignCells();
            simulateGenes();
            if (method == Method.GROUPS) simulateGroupDE();
            if (method == Method.PATHS) simulatePaths();
            simulateBcv();
            int[][] counts = new int[nUnits][], indices = new int[nUnits][], trueCounts = new int[nUnits][];
            boolean dropout = c.dropoutType() != Dropout.NONE;
            Rng cellStreams = base.fork("cells"), dropoutStreams = base.fork("dropout");
            Parallel.forRange(nUnits, Math.max(1, 32_768 / nGenes), (start, end) -> {
                double[] scratch = new double[nGenes];
                for (int u = start; u < end; u++)
                    simulateCell(u, cellStreams.fork(u), dropout ? dropoutStreams.fork(u) : null, scratch, indices,
                            counts, dropout ? trueCounts : null);
            });
            return assemble(indices, counts, dropout ? trueCounts : null);
        }

        /** Batches, doublets and partners, groups, library sizes, path steps. */
        void assignCells() {
            int u = 0;
            for (int b = 0; b < nBatches; b++) for (int i = 0; i < c.batchCells()[b]; i++) batch[u++] = b;
            Arrays.fill(partner, -1);
            for (int i = 0; i < nCells; i++) owner[i] = i;
            if (nDoublets > 0) {
                int[] doublets = base.fork("doublets").sampleWithoutReplacement(nCells, nDoublets);
                Arrays.sort(doublets);
                for (int k = 0; k < nDoublets; k++) {
                    partner[doublets[k]] = nCells + k;
                    batch[nCells + k] = batch[doublets[k]];
                    owner[nCells + k] = doublets[k];
                }
            }
            if (method != Method.SINGLE) {
                Rng r = base.fork("groups");
                AliasTable table = r.alias(c.groupProb());
                for (int i = 0; i < nUnits; i++) group[i] = table.sample();
            }
            Rng r = base.fork("library");
            for (int i = 0; i < nUnits; i++)
                libSize[i] = c.libNorm() ? r.gaussian(c.libLoc(), c.libScale())
                        : Math.exp(r.gaussian(c.libLoc(), c.libScale()));
            if (c.libNorm()) {
                double minPositive = Double.POSITIVE_INFINITY;
                for (double l : libSize) if (l > 0) minPositive = Math.min(minPositive, l);
                if (minPositive == Double.POSITIVE_INFINITY)
                    throw new IllegalArgumentException("Splatter: every normal library size is <= 0 (libLoc "
                            + c.libLoc() + ", libScale " + c.libScale() + ")");
                for (int i = 0; i < nUnits; i++) if (libSize[i] <= 0) libSize[i] = minPositive / 2;
            }
            if (method == Method.PATHS) {
                int[] nSteps = expand(c.pathNSteps(), nGroups);
                double[] skew = expand(c.pathSkew(), nGroups);
                AliasTable[] tables = new AliasTable[nGroups];
                Rng rs = base.fork("steps");
                for (int p = 0; p < nGroups; p++) {
                    double[] w = new double[nSteps[p]];
                    for (int s = 0; s < w.length; s++)
                        w[s] = w.length == 1 ? 1 : skew[p] + (1 - 2 * skew[p]) * s / (w.length - 1);
                    tables[p] = rs.alias(w);
                }
                for (int i = 0; i < nUnits; i++) step[i] = tables[group[i]].sample() + 1;
            }
        }

        /** Base means, outliers, batch factors, BCV chi-squared factors. */
        void simulateGenes() {
            Rng r = base.fork("means");
            baseMean = new double[nGenes];
            for (int g = 0; g < nGenes; g++) baseMean[g] = r.gamma(c.meanShape(), 1 / c.meanRate());
            outlierFactor = lnormFactors(base.fork("outliers"), nGenes, c.outProb(), 0, c.outFacLoc(), c.outFacScale());
            double median = median(baseMean);
            geneMean = new double[nGenes];
            for (int g = 0; g < nGenes; g++)
                geneMean[g] = outlierFactor[g] != 1 ? median * outlierFactor[g] : baseMean[g];
            batchFactor = new double[nBatches][];
            double[] loc = expand(c.batchFacLoc(), nBatches), scale = expand(c.batchFacScale(), nBatches);
            for (int b = 0; b < nBatches; b++) {
                if (nBatches == 1) {
                    batchFactor[b] = ones(nGenes);
                    continue;
                }
                batchFactor[b] = lnormFactors(base.fork("batch").fork(b), nGenes, 1, 0.5, loc[b], scale[b]);
                if (c.batchRmEffect()) batchFactor[b] = ones(nGenes);
            }
        }

        void simulateGroupDE() {
            double[] prob = expand(c.deProb(), nGroups), down = expand(c.deDownProb(), nGroups);
            double[] loc = expand(c.deFacLoc(), nGroups), scale = expand(c.deFacScale(), nGroups);
            deFactor = new double[nGroups][];
            for (int k = 0; k < nGroups; k++)
                deFactor[k] = lnormFactors(base.fork("de").fork(k), nGenes, prob[k], down[k], loc[k], scale[k]);
        }

        /** DE factors per path, non-linear genes, and the factor of every gene at every step. */
        void simulatePaths() {
            simulateGroupDE();
            int[] from = expand(c.pathFrom(), nGroups), nSteps = expand(c.pathNSteps(), nGroups);
            double[] nonlinear = expand(c.pathNonlinearProb(), nGroups), sigma = expand(c.pathSigmaFac(), nGroups);
            sigmaFactor = new double[nGroups][nGenes];
            pathFactor = new double[nGroups][][];
            double[][] end = new double[nGroups][];
            for (int p : pathOrder(from)) {
                Rng r = base.fork("paths").fork(p);
                double[] start = from[p] == 0 ? ones(nGenes) : end[from[p] - 1];
                end[p] = new double[nGenes];
                pathFactor[p] = new double[nSteps[p]][nGenes];
                for (int g = 0; g < nGenes; g++) {
                    end[p][g] = start[g] * deFactor[p][g];
                    sigmaFactor[p][g] = r.nextDouble() < nonlinear[p] ? sigma[p] : 0;
                    double[] b = Bridges.bridge(start[g], end[p][g], nSteps[p], sigmaFactor[p][g], r);
                    for (int s = 0; s < nSteps[p]; s++) pathFactor[p][s][g] = b[s];
                }
            }
        }

        void simulateBcv() {
            bcvGene = new double[nGenes];
            Rng r = base.fork("bcv");
            boolean finiteDf = c.bcvDf() < Double.POSITIVE_INFINITY;
            for (int g = 0; g < nGenes; g++)
                bcvGene[g] = finiteDf ? Math.sqrt(c.bcvDf() / r.gamma(c.bcvDf() / 2, 2)) : 1; // chi2 = Gamma(df/2, 2)
        }

        /**
         * Cell means, BCV, counts and dropout of one unit; its non-zero counts go to indices[u], counts[u]. Dropout
         * draws from its own stream, so the true counts do not depend on whether dropout is on.
         */
        void simulateCell(int u, Rng r, Rng rDrop, double[] m, int[][] indices, int[][] counts, int[][] trueCounts) {
            double[] bf = batchFactor[batch[u]];
            double[] f = switch (method) {
                case SINGLE -> null;
                case GROUPS -> deFactor[group[u]];
                case PATHS -> pathFactor[group[u]][step[u] - 1];
            };
            double sum = 0;
            for (int g = 0; g < nGenes; g++) {
                m[g] = geneMean[g] * bf[g] * (f == null ? 1 : f[g]);
                sum += m[g];
            }
            double scale = libSize[u] / sum;
            double mid = 0, shape = 0;
            boolean dropout = trueCounts != null;
            if (dropout) {
                int k = switch (c.dropoutType()) {
                    case NONE, EXPERIMENT -> 0;
                    case BATCH -> batch[u];
                    case GROUP -> group[u];
                    case CELL -> owner[u];
                };
                mid = c.dropoutMid()[k];
                shape = c.dropoutShape()[k];
            }
            int[] idx = new int[16], cnt = new int[16], tru = dropout ? new int[16] : null;
            int n = 0;
            for (int g = 0; g < nGenes; g++) {
                double mu = m[g] * scale;
                if (!(mu > 0)) continue;
                double bcv = (c.bcvCommon() + 1 / Math.sqrt(mu)) * bcvGene[g];
                double v = bcv * bcv;
                double lambda = r.gamma(1 / v, mu * v);
                int y = r.poisson(Math.min(lambda, 2e9));
                if (y == 0) continue;
                int observed = y;
                if (dropout) {
                    double pi = 1 / (1 + Math.exp(-shape * (Math.log(lambda) - mid)));
                    if (rDrop.nextDouble() < pi) observed = 0;
                    if (observed == 0 && tru == null) continue;
                }
                if (n == idx.length) {
                    idx = Arrays.copyOf(idx, 2 * n);
                    cnt = Arrays.copyOf(cnt, 2 * n);
                    if (tru != null) tru = Arrays.copyOf(tru, 2 * n);
                }
                idx[n] = g;
                cnt[n] = observed;
                if (tru != null) tru[n] = y;
                n++;
            }
            indices[u] = Arrays.copyOf(idx, n);
            counts[u] = Arrays.copyOf(cnt, n);
            if (tru != null) trueCounts[u] = Arrays.copyOf(tru, n);
        }

        AnnData assemble(int[][] indices, int[][] counts, int[][] trueCounts) {
            int[][] rowIdx = new int[nCells][];
            float[][] rowVal = new float[nCells][], rowTrue = trueCounts == null ? null : new float[nCells][];
            for (int i = 0; i < nCells; i++) {
                int p = partner[i];
                int[][] merged = p < 0 ? new int[][] {indices[i], counts[i], trueCounts == null ? null : trueCounts[i]}
                        : merge(indices[i], counts[i], trueCounts == null ? null : trueCounts[i],
                                indices[p], counts[p], trueCounts == null ? null : trueCounts[p]);
                rowIdx[i] = merged[0];
                rowVal[i] = toFloat(merged[1]);
                if (rowTrue != null) rowTrue[i] = toFloat(merged[2]);
            }
            CsrMatrix x = csr(nGenes, rowIdx, rowVal, true);
            DataFrame obs = new DataFrame(names("Cell", nCells));
            DataFrame var = new DataFrame(names("Gene", nGenes));
            AnnData a = new AnnData(Matrix.of(x), obs, var);
            if (rowTrue != null) a.layers().put("TrueCounts", Matrix.of(csr(nGenes, rowIdx, rowTrue, false)));

            obs.put("Batch", new Column.Categorical(Arrays.copyOf(batch, nCells), names("Batch", nBatches), false));
            String[] groupNames = names(method == Method.PATHS ? "Path" : "Group", nGroups);
            if (method != Method.SINGLE)
                obs.put("Group", new Column.Categorical(Arrays.copyOf(group, nCells), groupNames, false));
            double[] exp = new double[nCells];
            boolean[] isDoublet = new boolean[nCells];
            int[] partnerGroup = new int[nCells];
            for (int i = 0; i < nCells; i++) {
                exp[i] = libSize[i] + (partner[i] >= 0 ? libSize[partner[i]] : 0);
                isDoublet[i] = partner[i] >= 0;
                partnerGroup[i] = partner[i] >= 0 ? group[partner[i]] : -1;
            }
            obs.put("ExpLibSize", exp);
            if (method == Method.PATHS) {
                long[] steps = new long[nCells];
                for (int i = 0; i < nCells; i++) steps[i] = step[i];
                obs.put("Step", new Column.Ints(steps));
            }
            obs.put("Doublet", isDoublet);
            if (nDoublets > 0 && method != Method.SINGLE)
                obs.put("DoubletGroup", new Column.Categorical(partnerGroup, groupNames, false));

            var.put("BaseGeneMean", baseMean);
            var.put("OutlierFactor", outlierFactor);
            var.put("GeneMean", geneMean);
            if (nBatches > 1)
                for (int b = 0; b < nBatches; b++) var.put("BatchFacBatch" + (b + 1), batchFactor[b]);
            if (method != Method.SINGLE)
                for (int k = 0; k < nGroups; k++) var.put("DEFac" + groupNames[k], deFactor[k]);
            if (method == Method.PATHS)
                for (int k = 0; k < nGroups; k++) var.put("SigmaFac" + groupNames[k], sigmaFactor[k]);
            a.uns().put("splatter", parameters());
            return a;
        }

        Map<String, Object> parameters() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("method", method.name().toLowerCase(Locale.ROOT));
            p.put("nGenes", (long) nGenes);
            p.put("nCells", (long) nCells);
            p.put("batchCells", c.batchCells());
            p.put("batch.facLoc", expand(c.batchFacLoc(), nBatches));
            p.put("batch.facScale", expand(c.batchFacScale(), nBatches));
            p.put("batch.rmEffect", c.batchRmEffect());
            p.put("mean.shape", c.meanShape());
            p.put("mean.rate", c.meanRate());
            p.put("lib.loc", c.libLoc());
            p.put("lib.scale", c.libScale());
            p.put("lib.norm", c.libNorm());
            p.put("out.prob", c.outProb());
            p.put("out.facLoc", c.outFacLoc());
            p.put("out.facScale", c.outFacScale());
            p.put("group.prob", c.groupProb());
            p.put("de.prob", expand(c.deProb(), nGroups));
            p.put("de.downProb", expand(c.deDownProb(), nGroups));
            p.put("de.facLoc", expand(c.deFacLoc(), nGroups));
            p.put("de.facScale", expand(c.deFacScale(), nGroups));
            p.put("bcv.common", c.bcvCommon());
            p.put("bcv.df", c.bcvDf());
            p.put("dropout.type", c.dropoutType().name().toLowerCase(Locale.ROOT));
            p.put("dropout.mid", c.dropoutMid());
            p.put("dropout.shape", c.dropoutShape());
            if (method == Method.PATHS) {
                p.put("path.from", expand(c.pathFrom(), nGroups));
                p.put("path.nSteps", expand(c.pathNSteps(), nGroups));
                p.put("path.skew", expand(c.pathSkew(), nGroups));
                p.put("path.nonlinearProb", expand(c.pathNonlinearProb(), nGroups));
                p.put("path.sigmaFac", expand(c.pathSigmaFac(), nGroups));
            }
            p.put("doubletFraction", c.doubletFraction());
            p.put("nDoublets", (long) nDoublets);
            return p;
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * splatter's {@code getLNormFactors}: each of n factors is selected with probability {@code selProb}; a
     * selected one is {@code f^d} with {@code f ~ LogNormal(loc, scale)} and d = -1 with probability
     * {@code downProb} (else +1), d flipped where f &lt; 1; unselected factors are 1.
     */
    static double[] lnormFactors(Rng r, int n, double selProb, double downProb, double loc, double scale) {
        double[] out = new double[n];
        for (int g = 0; g < n; g++) {
            if (!(r.nextDouble() < selProb)) {
                out[g] = 1;
                continue;
            }
            boolean down = r.nextDouble() < downProb;
            double f = Math.exp(loc + scale * r.gaussian());
            if (f < 1) down = !down;
            out[g] = down ? 1 / f : f;
        }
        return out;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static double[] ones(int n) {
        double[] o = new double[n];
        Arrays.fill(o, 1);
        return o;
    }

    static String[] names(String prefix, int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) out[i] = prefix + (i + 1);
        return out;
    }

    private static float[] toFloat(int[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    /** Sums two sparse rows (sorted indices): {indices, counts, trueCounts}. */
    private static int[][] merge(int[] ia, int[] ca, int[] ta, int[] ib, int[] cb, int[] tb) {
        int[] idx = new int[ia.length + ib.length], cnt = new int[idx.length];
        int[] tru = ta == null ? null : new int[idx.length];
        int i = 0, j = 0, n = 0;
        while (i < ia.length || j < ib.length) {
            if (j >= ib.length || (i < ia.length && ia[i] < ib[j])) {
                idx[n] = ia[i]; cnt[n] = ca[i]; if (tru != null) tru[n] = ta[i]; i++;
            } else if (i >= ia.length || ib[j] < ia[i]) {
                idx[n] = ib[j]; cnt[n] = cb[j]; if (tru != null) tru[n] = tb[j]; j++;
            } else {
                idx[n] = ia[i]; cnt[n] = ca[i] + cb[j]; if (tru != null) tru[n] = ta[i] + tb[j]; i++; j++;
            }
            n++;
        }
        return new int[][] {Arrays.copyOf(idx, n), Arrays.copyOf(cnt, n), tru == null ? null : Arrays.copyOf(tru, n)};
    }

    /** A CSR matrix of these rows; with {@code dropZeros} zero values (dropped counts) are left out. */
    private static CsrMatrix csr(int cols, int[][] rowIdx, float[][] rowVal, boolean dropZeros) {
        int rows = rowIdx.length, nnz = 0;
        for (int i = 0; i < rows; i++)
            for (float v : rowVal[i]) if (!dropZeros || v != 0) nnz++;
        int[] indptr = new int[rows + 1], indices = new int[nnz];
        float[] values = new float[nnz];
        int k = 0;
        for (int i = 0; i < rows; i++) {
            for (int e = 0; e < rowIdx[i].length; e++) {
                if (dropZeros && rowVal[i][e] == 0) continue;
                indices[k] = rowIdx[i][e];
                values[k++] = rowVal[i][e];
            }
            indptr[i + 1] = k;
        }
        return new CsrMatrix(rows, cols, indptr, indices, values);
    }
}
