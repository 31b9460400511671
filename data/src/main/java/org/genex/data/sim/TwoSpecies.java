package org.genex.data.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import org.genex.data.AnnData;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;

/**
 * Two species' bulk RNA-seq counts that share latent states and are linked by a known ortholog graph: the synthetic
 * ground-truth benchmark of TRON (specs/tron.md &sect;6.1, sized by default for the small CPU configuration of
 * &sect;4, with the inputs of &sect;3). A source network trained on the source species and a conversion layer masked by
 * the ortholog graph have known answers: the true edge set, which paralog carries the signal, each edge's scale,
 * the target samples' profiles expressed in source gene space, and a phenotype that is the same function of the
 * shared state in both species.
 *
 * <h2>Generative model</h2>
 * <ol>
 *   <li><b>Shared latent state.</b> {@code states} state centroids &mu;<sub>t</sub> ~ N(0, stateSeparation&sup2;
 *       I<sub>K</sub>) in a space of K = {@code programs} expression programs. Every sample n of either species
 *       draws a state c<sub>n</sub> uniformly and program activities z<sub>n</sub> = &mu;<sub>c(n)</sub> +
 *       withinStateSd &middot; N(0, I<sub>K</sub>): {@code obs["state"]} and {@code obsm["Z_true"]}.</li>
 *   <li><b>Source genes.</b> Loadings A<sub>ki</sub> ~ N(0, 1/K) and the functional signal of source gene i,
 *       u<sub>ni</sub> = z<sub>n</sub>&middot;A<sub>:i</sub>. Baselines b<sub>i</sub> ~ N(0, baselineSd&sup2;).
 *       Log-abundance &eta;<sup>s</sup><sub>ni</sub> = b<sub>i</sub> + programSd &middot; u<sub>ni</sub> +
 *       noiseSd &middot; &epsilon;.</li>
 *   <li><b>Ortholog graph.</b> Source genes are split at random: a fraction {@code oneToOneFraction} gets one target
 *       ortholog; {@code oneToManyFraction} gets {@code paralogs} target copies of which exactly one (at random) is
 *       <em>functional</em> and the others are decoys; {@code manyToOneFraction} are merged in pairs into one target
 *       gene; the rest have no ortholog. {@code targetOnlyGenes} target genes have no source ortholog. Target genes
 *       are then put in random order. The functional edge set E* holds the 1:1 edges, the functional paralog of
 *       each 1:many group and both edges of each many:1 merge.</li>
 *   <li><b>Target genes.</b> Each target gene j gets a shift &beta;<sub>j</sub> ~ N(0, shiftSd&sup2;), a loading
 *       &gamma;<sub>j</sub> ~ N(0, speciesEffectSd&sup2;) on a target-only factor s<sub>n</sub> ~ N(0, 1) (a
 *       species-specific effect that no source gene shows), and log-abundance &eta;<sup>t</sup><sub>nj</sub> =
 *       b&prime;<sub>j</sub> + programSd &middot; m<sub>nj</sub> + &gamma;<sub>j</sub> s<sub>n</sub> + noiseSd
 *       &middot; &epsilon; where
 *       <ul>
 *         <li>a 1:1 ortholog or functional paralog of i has scale &alpha;<sub>j</sub> ~ U(scaleMin, scaleMax),
 *             m<sub>nj</sub> = &alpha;<sub>j</sub> u<sub>ni</sub> and b&prime;<sub>j</sub> = b<sub>i</sub> +
 *             &beta;<sub>j</sub>;</li>
 *         <li>a many:1 merge of i1, i2 has m<sub>nj</sub> = &alpha;<sub>j</sub>
 *             (u<sub>n,i1</sub> + u<sub>n,i2</sub>) / &radic;2 and b&prime;<sub>j</sub> =
 *             log(exp b<sub>i1</sub> + exp b<sub>i2</sub>) +
 *             &beta;<sub>j</sub>;</li>
 *         <li>a decoy paralog or target-only gene has its own loadings A&prime;<sub>:j</sub> ~ N(0, I/K):
 *             m<sub>nj</sub> = z<sub>n</sub>&middot;A&prime;<sub>:j</sub>, b&prime;<sub>j</sub> = b<sub>i</sub> +
 *             &beta;<sub>j</sub> (its source's baseline) or N(0, baselineSd&sup2;); it follows the shared state but
 *             says nothing about its source gene (a decoy paralog's term is scaled by {@code decoyStateWeight}:
 *             0 makes it a pure-noise decoy).</li>
 *       </ul></li>
 *   <li><b>Counts.</b> Library sizes L<sub>n</sub> = librarySize &middot; exp(librarySizeSd z &minus;
 *       librarySizeSd&sup2;/2); proportions p<sub>n</sub> = softmax(&eta;<sub>n</sub>); counts ~
 *       NB(L<sub>n</sub> p<sub>ng</sub>, dispersion) (variance &mu; + dispersion &middot; &mu;&sup2;).</li>
 *   <li><b>Phenotype.</b> A set P of {@code phenotypeGenes} source genes, each with a 1:1 or 1:many ortholog, and
 *       weights v<sub>p</sub> ~ N(0, 1) rescaled to a mean square of 1: y<sup>clean</sup><sub>n</sub> = &Sigma;<sub>p&isin;P</sub> v<sub>p</sub>
 *       tanh((u<sub>np</sub> &minus; m<sub>p</sub>) / s<sub>p</sub>) / &radic;|P|, with m<sub>p</sub>,
 *       s<sub>p</sub> the mean and sd of u<sub>p</sub> under the latent model (so that no tanh saturates),
 *       computed from the shared state in both species;
 *       {@code obs["phenotype"]} = y<sup>clean</sup> + phenotypeNoiseSd &middot; &epsilon; (continuous),
 *       {@code obs["phenotype_class"]} = y<sup>clean</sup> &gt; the median of y<sup>clean</sup> under the latent
 *       model (estimated from 4,001 draws; {@code uns["phenotype_threshold"]}), a balanced binary phenotype with
 *       the same threshold in both species, and {@code obs["state"]} serves as a
 *       multiclass phenotype.</li>
 * </ol>
 *
 * <h2>Output</h2>
 * {@link Result}: the two AnnData (X = dense float32 counts, samples by genes), the ortholog biadjacency and the
 * functional edge set as CSR matrices of source genes by target genes (values 1; the spec's mask B is its
 * transpose, and a CSR over source genes is the layout its &sect;9 asks for), and the latent activities Z. Ground
 * truth in the AnnData:
 * <pre>
 *   both     obs   state (categorical), phenotype, phenotype_clean, phenotype_class, library_size
 *            obsm  Z_true (n, K)
 *   source   var   ortholog_type (1:1, 1:many, many:1, none), phenotype_gene, phenotype_weight, baseline, orthologs
 *   target   obs   species_factor (s_n)
 *            obsm  X_source_equivalent (n_t, n_s): log1p(CPM) of the noise-free source profile of each target
 *                  sample's latent state, log1p(1e6 softmax(b + programSd u_n)): the answer to species conversion
 *            var   ortholog_type, functional, alpha (NaN unless functional), shift, species_loading, baseline,
 *                  orthologs (source gene names joined by ';')
 *   both     uns   phenotype_threshold, simulation (this simulator's name and config)
 * </pre>
 * TRON's preprocessing (log-CPM, per-species z-score) is left to the caller, as the spec applies it.
 */
public final class TwoSpecies {
    private TwoSpecies() {}

    /** Ortholog type categories, in code order. */
    public static final String[] ORTHOLOG_TYPES = {"1:1", "1:many", "many:1", "none"};
    private static final int ONE_TO_ONE = 0, ONE_TO_MANY = 1, MANY_TO_ONE = 2, NONE = 3;

    /**
     * Every parameter of the simulation, with its default ({@link #defaults()}: the small configuration of
     * tron.md &sect;4 with n_s = 2,000, n_t = 2,200, |E| = 2,200, 4,000 source and 500 target samples).
     *
     * @param sourceGenes       n_s, source-species genes (2,000)
     * @param oneToOneFraction  fraction of source genes with exactly one target ortholog (0.75)
     * @param oneToManyFraction fraction of source genes with {@code paralogs} target copies, one functional (0.15)
     * @param paralogs          target copies per 1:many source gene, &ge; 2 (2)
     * @param manyToOneFraction fraction of source genes merged in pairs into one target gene (0.05); the count is
     *                          rounded to an even number
     * @param targetOnlyGenes   target genes without a source ortholog (50)
     * @param programs          K, latent expression programs (10)
     * @param states            T, shared latent states / cell types (4)
     * @param stateSeparation   sd of the state centroids in program space (1.0)
     * @param withinStateSd     sd of program activities around their state's centroid (0.5)
     * @param programSd         weight of the program term in log-abundance (0.8)
     * @param baselineSd        sd of the gene baselines in natural-log units (1.0)
     * @param scaleMin          smallest ortholog scale &alpha; (0.5)
     * @param scaleMax          largest ortholog scale &alpha; (2.0)
     * @param shiftSd           sd of the target genes' baseline shifts &beta; (0.5)
     * @param speciesEffectSd   sd of the target genes' loadings on the target-only factor (0.3)
     * @param noiseSd           sd of the per-entry log-normal noise (0.2)
     * @param sourceSamples     source-species samples (4,000)
     * @param targetSamples     target-species samples (500)
     * @param librarySize       mean library size in reads (2e6)
     * @param librarySizeSd     log-sd of library sizes (0.3)
     * @param dispersion        negative-binomial dispersion &phi; (0.05, bulk-like)
     * @param phenotypeGenes    |P|, source genes the phenotype depends on (20)
     * @param phenotypeNoiseSd  sd of the noise added to the continuous phenotype (0.1)
     * @param decoyStateWeight  weight of a decoy paralog's own program term z&middot;A&prime;<sub>:j</sub> (1.0: a
     *                          decoy follows the shared state like any gene; 0: a decoy is baseline, species factor
     *                          and noise only, the "noise decoy" of tron.md &sect;6.1); target-only genes keep 1
     */
    public record Config(int sourceGenes, double oneToOneFraction, double oneToManyFraction, int paralogs,
                         double manyToOneFraction, int targetOnlyGenes, int programs, int states,
                         double stateSeparation, double withinStateSd, double programSd, double baselineSd,
                         double scaleMin, double scaleMax, double shiftSd, double speciesEffectSd, double noiseSd,
                         int sourceSamples, int targetSamples, double librarySize, double librarySizeSd,
                         double dispersion, int phenotypeGenes, double phenotypeNoiseSd, double decoyStateWeight) {
        private static final String S = "TwoSpecies";

        /** The config with decoys that follow the shared state ({@code decoyStateWeight} 1). */
        public Config(int sourceGenes, double oneToOneFraction, double oneToManyFraction, int paralogs,
                      double manyToOneFraction, int targetOnlyGenes, int programs, int states,
                      double stateSeparation, double withinStateSd, double programSd, double baselineSd,
                      double scaleMin, double scaleMax, double shiftSd, double speciesEffectSd, double noiseSd,
                      int sourceSamples, int targetSamples, double librarySize, double librarySizeSd,
                      double dispersion, int phenotypeGenes, double phenotypeNoiseSd) {
            this(sourceGenes, oneToOneFraction, oneToManyFraction, paralogs, manyToOneFraction, targetOnlyGenes,
                    programs, states, stateSeparation, withinStateSd, programSd, baselineSd, scaleMin, scaleMax,
                    shiftSd, speciesEffectSd, noiseSd, sourceSamples, targetSamples, librarySize, librarySizeSd,
                    dispersion, phenotypeGenes, phenotypeNoiseSd, 1.0);
        }

        public Config {
            SimKit.positive(S, "sourceGenes", sourceGenes);
            SimKit.fraction(S, "oneToOneFraction", oneToOneFraction);
            SimKit.fraction(S, "oneToManyFraction", oneToManyFraction);
            SimKit.fraction(S, "manyToOneFraction", manyToOneFraction);
            if (paralogs < 2) throw new IllegalArgumentException(S + ".Config: paralogs must be >= 2, got " + paralogs);
            SimKit.nonNegative(S, "targetOnlyGenes", targetOnlyGenes);
            SimKit.positive(S, "programs", programs);
            SimKit.positive(S, "states", states);
            SimKit.nonNegative(S, "stateSeparation", stateSeparation);
            SimKit.nonNegative(S, "withinStateSd", withinStateSd);
            SimKit.nonNegative(S, "programSd", programSd);
            SimKit.nonNegative(S, "baselineSd", baselineSd);
            SimKit.positive(S, "scaleMin", scaleMin);
            SimKit.positive(S, "scaleMax", scaleMax);
            SimKit.ordered(S, "scaleMin", scaleMin, "scaleMax", scaleMax);
            SimKit.nonNegative(S, "shiftSd", shiftSd);
            SimKit.nonNegative(S, "speciesEffectSd", speciesEffectSd);
            SimKit.nonNegative(S, "noiseSd", noiseSd);
            SimKit.positive(S, "sourceSamples", sourceSamples);
            SimKit.positive(S, "targetSamples", targetSamples);
            SimKit.positive(S, "librarySize", librarySize);
            SimKit.nonNegative(S, "librarySizeSd", librarySizeSd);
            SimKit.nonNegative(S, "dispersion", dispersion);
            SimKit.nonNegative(S, "phenotypeGenes", phenotypeGenes);
            SimKit.nonNegative(S, "phenotypeNoiseSd", phenotypeNoiseSd);
            SimKit.nonNegative(S, "decoyStateWeight", decoyStateWeight);
            int[] n = counts(sourceGenes, oneToOneFraction, oneToManyFraction, manyToOneFraction);
            if (n[NONE] < 0)
                throw new IllegalArgumentException(S + ".Config: oneToOneFraction + oneToManyFraction + "
                        + "manyToOneFraction must be <= 1, got " + (oneToOneFraction + oneToManyFraction
                        + manyToOneFraction) + " (" + (sourceGenes - n[NONE]) + " of " + sourceGenes + " genes)");
            if (phenotypeGenes > n[ONE_TO_ONE] + n[ONE_TO_MANY])
                throw new IllegalArgumentException(S + ".Config: phenotypeGenes (" + phenotypeGenes + ") exceeds the "
                        + (n[ONE_TO_ONE] + n[ONE_TO_MANY]) + " source genes with a 1:1 or 1:many ortholog");
        }

        /** The defaults listed at {@link Config}. */
        public static Config defaults() {
            return new Config(2000, 0.75, 0.15, 2, 0.05, 50, 10, 4, 1.0, 0.5, 0.8, 1.0, 0.5, 2.0, 0.5, 0.3, 0.2,
                    4000, 500, 2e6, 0.3, 0.05, 20, 0.1);
        }

        /** This config with other sizes (genes scale the target-only genes and phenotype genes along). */
        public Config withSizes(int sourceGenes, int sourceSamples, int targetSamples) {
            double f = (double) sourceGenes / this.sourceGenes;
            return new Config(sourceGenes, oneToOneFraction, oneToManyFraction, paralogs, manyToOneFraction,
                    (int) Math.round(targetOnlyGenes * f), programs, states, stateSeparation, withinStateSd,
                    programSd, baselineSd, scaleMin, scaleMax, shiftSd, speciesEffectSd, noiseSd, sourceSamples,
                    targetSamples, librarySize, librarySizeSd, dispersion,
                    Math.max(1, Math.min(phenotypeGenes, (int) Math.round(phenotypeGenes * Math.min(1, f)))),
                    phenotypeNoiseSd, decoyStateWeight);
        }

        /** This config with decoy paralogs weighted {@code w} on their own program term (0: noise decoys). */
        public Config withDecoyStateWeight(double w) {
            return new Config(sourceGenes, oneToOneFraction, oneToManyFraction, paralogs, manyToOneFraction,
                    targetOnlyGenes, programs, states, stateSeparation, withinStateSd, programSd, baselineSd,
                    scaleMin, scaleMax, shiftSd, speciesEffectSd, noiseSd, sourceSamples, targetSamples, librarySize,
                    librarySizeSd, dispersion, phenotypeGenes, phenotypeNoiseSd, w);
        }

        /** Source genes of each ortholog type, in {@link #ORTHOLOG_TYPES} order. */
        public int[] sourceGenesPerType() {
            return counts(sourceGenes, oneToOneFraction, oneToManyFraction, manyToOneFraction);
        }

        /** n_t: 1:1 + paralogs &middot; 1:many + many:1 / 2 + target-only. */
        public int targetGenes() {
            int[] n = sourceGenesPerType();
            return n[ONE_TO_ONE] + paralogs * n[ONE_TO_MANY] + n[MANY_TO_ONE] / 2 + targetOnlyGenes;
        }

        /** |E|: 1:1 + paralogs &middot; 1:many + many:1. */
        public int edges() {
            int[] n = sourceGenesPerType();
            return n[ONE_TO_ONE] + paralogs * n[ONE_TO_MANY] + n[MANY_TO_ONE];
        }

        private static int[] counts(int genes, double f11, double f1m, double fm1) {
            int n11 = (int) Math.round(f11 * genes), n1m = (int) Math.round(f1m * genes);
            int nm1 = 2 * (int) Math.round(fm1 * genes / 2);
            return new int[] {n11, n1m, nm1, genes - n11 - n1m - nm1};
        }
    }

    /**
     * The simulated pair.
     *
     * @param source       source-species AnnData (n_s genes)
     * @param target       target-species AnnData (n_t genes)
     * @param orthologs    the ortholog biadjacency, source genes by target genes, value 1 per edge
     * @param functional   the functional edges E* (a subset of {@code orthologs}), value 1 per edge
     * @param sourceLatent Z of the source samples (n_source, K), the same tensor as {@code obsm["Z_true"]}
     * @param targetLatent Z of the target samples (n_target, K)
     */
    public record Result(AnnData source, AnnData target, CsrMatrix orthologs, CsrMatrix functional,
                         Tensor sourceLatent, Tensor targetLatent) {}

    /** Simulates with a stream seeded by {@code seed}. */
    public static Result simulate(Config config, long seed) { return simulate(config, Rng.seeded(seed)); }

    /**
     * Simulates from named sub-streams of {@code rng} ({@link Rng#fork(String)}): the result depends only on the
     * stream's key and the config, and {@code rng} itself is not advanced.
     */
    public static Result simulate(Config c, Rng rng) {
        int ns = c.sourceGenes(), k = c.programs();
        Rng r = rng.fork("TwoSpecies");

        // 1-2. Shared program space and source genes.
        Rng model = r.fork("model");
        double[][] centroids = new double[c.states()][];
        for (int t = 0; t < c.states(); t++) centroids[t] = SimKit.gaussians(model, k, c.stateSeparation());
        double[] loadings = SimKit.gaussians(model, k * ns, 1 / Math.sqrt(k)); // A (K, n_s), row-major
        double[] baseline = SimKit.gaussians(model, ns, c.baselineSd());

        // 3-4. Ortholog graph and target genes.
        Graph g = Graph.build(c, baseline, r.fork("orthology"));

        // 6. Phenotype genes and weights.
        Rng ph = r.fork("phenotype");
        int[] candidates = g.phenotypeCandidates();
        int[] pick = ph.sampleWithoutReplacement(candidates.length, c.phenotypeGenes());
        int[] pGenes = new int[pick.length];
        for (int i = 0; i < pick.length; i++) pGenes[i] = candidates[pick[i]];
        Arrays.sort(pGenes);
        double[] pWeights = SimKit.gaussians(ph, pGenes.length, 1);
        double rms = Math.sqrt(Arrays.stream(pWeights).map(v -> v * v).average().orElse(1));
        for (int p = 0; p < pWeights.length; p++) pWeights[p] /= rms; // unit mean square: y keeps its scale
        Phenotype phenotype = Phenotype.of(c, pGenes, pWeights, centroids, loadings, r.fork("phenotype.median"));

        // 1, 5. Samples of each species, and their counts; the target's noise-free source-space profiles.
        Species src = Species.sample(c, c.sourceSamples(), centroids, r.fork("source"));
        Species tgt = Species.sample(c, c.targetSamples(), centroids, r.fork("target"));

        float[] xs = new float[c.sourceSamples() * ns];
        Rng noise = r.fork("source.counts");
        double[] eta = new double[ns], u = new double[ns];
        for (int n = 0; n < src.n; n++) {
            src.u(n, loadings, u);
            for (int i = 0; i < ns; i++)
                eta[i] = baseline[i] + c.programSd() * u[i] + c.noiseSd() * noise.gaussian();
            countsRow(eta, src.library[n], c.dispersion(), noise, xs, n * ns);
        }

        int nt = g.targets;
        float[] xt = new float[c.targetSamples() * nt];
        float[] equivalent = new float[c.targetSamples() * ns];
        noise = r.fork("target.counts");
        eta = new double[nt];
        double[] clean = new double[ns];
        for (int n = 0; n < tgt.n; n++) {
            int row = n * ns;
            tgt.u(n, loadings, u);
            for (int j = 0; j < nt; j++) {
                int[] s = g.sources[j];
                double m = !g.functional[j] ? (g.type[j] == ONE_TO_MANY ? c.decoyStateWeight() : 1)
                        * own(g, j, tgt, n)                         // decoy paralog or target-only gene
                        : s.length == 1 ? g.alpha[j] * u[s[0]]
                        : g.alpha[j] * (u[s[0]] + u[s[1]]) / Math.sqrt(2);
                eta[j] = g.baseline[j] + c.programSd() * m + g.speciesLoading[j] * tgt.speciesFactor[n]
                        + c.noiseSd() * noise.gaussian();
            }
            countsRow(eta, tgt.library[n], c.dispersion(), noise, xt, n * nt);
            for (int i = 0; i < ns; i++) clean[i] = baseline[i] + c.programSd() * u[i];
            SimKit.softmax(clean);
            for (int i = 0; i < ns; i++) equivalent[row + i] = (float) Math.log1p(1e6 * clean[i]);
        }

        String[] sourceNames = SimKit.names("S", ns), targetNames = SimKit.names("T", nt);
        String[] states = SimKit.names("state", c.states());
        AnnData source = annData(c, xs, src, phenotype, states, SimKit.names("src", src.n), sourceNames,
                r.fork("source.phenotype"));
        AnnData target = annData(c, xt, tgt, phenotype, states, SimKit.names("tgt", tgt.n), targetNames,
                r.fork("target.phenotype"));
        target.obs().put("species_factor", tgt.speciesFactor);
        target.obsm().put("X_source_equivalent", Matrix.of(Tensor.wrap(equivalent, tgt.n, ns)));

        DataFrame sv = source.var();
        sv.put("ortholog_type", SimKit.categorical(g.sourceType, ORTHOLOG_TYPES));
        boolean[] isP = new boolean[ns];
        double[] pw = new double[ns];
        for (int p = 0; p < pGenes.length; p++) {
            isP[pGenes[p]] = true;
            pw[pGenes[p]] = pWeights[p];
        }
        sv.put("phenotype_gene", isP).put("phenotype_weight", pw).put("baseline", baseline);
        sv.put("orthologs", joinNames(g.edges, targetNames));

        DataFrame tv = target.var();
        tv.put("ortholog_type", SimKit.categorical(g.type, ORTHOLOG_TYPES)).put("functional", g.functional)
                .put("alpha", g.alpha).put("shift", g.shift).put("species_loading", g.speciesLoading)
                .put("baseline", g.baseline);
        tv.put("orthologs", joinNames(g.edges.transpose(), sourceNames));
        return new Result(source, target, g.edges, g.functionalEdges, src.z, tgt.z);
    }

    /** The program term of a gene with its own loadings (decoy paralog or target-only gene). */
    private static double own(Graph g, int j, Species s, int n) {
        double[] a = g.ownLoadings[j];
        float[] z = s.z.array();
        int k = a.length, o = n * k;
        double m = 0;
        for (int q = 0; q < k; q++) m += z[o + q] * a[q];
        return m;
    }

    /** Negative-binomial counts of one sample: mean library * softmax(eta). */
    private static void countsRow(double[] eta, double library, double dispersion, Rng rng, float[] out, int off) {
        double[] p = SimKit.softmax(eta);
        for (int g = 0; g < p.length; g++) out[off + g] = rng.negativeBinomial(library * p[g], dispersion);
    }

    /** For each row of {@code m}, the names of its columns joined by ';' (empty when none). */
    private static String[] joinNames(CsrMatrix m, String[] names) {
        String[] out = new String[m.rows()];
        for (int r = 0; r < m.rows(); r++) {
            StringJoiner j = new StringJoiner(";");
            for (int e = m.indptr()[r]; e < m.indptr()[r + 1]; e++) j.add(names[m.indices()[e]]);
            out[r] = j.toString();
        }
        return out;
    }

    private static AnnData annData(Config c, float[] x, Species s, Phenotype ph, String[] states, String[] obsNames,
                                   String[] varNames, Rng noise) {
        AnnData a = new AnnData(Matrix.of(Tensor.wrap(x, s.n, varNames.length)), new DataFrame(obsNames),
                new DataFrame(varNames));
        double[] clean = ph.clean(s), noisy = new double[s.n];
        boolean[] cls = new boolean[s.n];
        for (int n = 0; n < s.n; n++) {
            noisy[n] = clean[n] + ph.noiseSd * noise.gaussian();
            cls[n] = clean[n] > ph.threshold;
        }
        a.obs().put("state", SimKit.categorical(s.state, states)).put("phenotype", noisy)
                .put("phenotype_clean", clean).put("phenotype_class", cls).put("library_size", s.library);
        a.obsm().put("Z_true", Matrix.of(s.z));
        a.uns().put("phenotype_threshold", ph.threshold);
        a.uns().put("simulation", SimKit.provenance("TwoSpecies", c));
        return a;
    }

    /**
     * The phenotype function y = sum_p v_p tanh((u_p - m_p) / s_p) / sqrt(|P|), with m_p and s_p the mean and sd of
     * u_p under the latent model (so no tanh saturates), and the class threshold.
     */
    private record Phenotype(int[] genes, double[] weights, double[] mean, double[] sd, int k, int ns,
                             double[] loadings, double noiseSd, double threshold) {
        static Phenotype of(Config c, int[] genes, double[] weights, double[][] centroids, double[] loadings,
                            Rng rng) {
            int k = c.programs(), ns = c.sourceGenes(), nt = centroids.length;
            double[] mean = new double[genes.length], sd = new double[genes.length];
            for (int p = 0; p < genes.length; p++) { // u_p = z . a: a mixture of the states' normals
                double norm2 = 0, m = 0, between = 0;
                double[] proj = new double[nt];
                for (int q = 0; q < k; q++) {
                    double a = loadings[q * ns + genes[p]];
                    norm2 += a * a;
                    for (int t = 0; t < nt; t++) proj[t] += centroids[t][q] * a;
                }
                for (double v : proj) m += v / nt;
                for (double v : proj) between += (v - m) * (v - m) / nt;
                mean[p] = m;
                sd[p] = Math.max(1e-12, Math.sqrt(c.withinStateSd() * c.withinStateSd() * norm2 + between));
            }
            Phenotype ph = new Phenotype(genes, weights, mean, sd, k, ns, loadings, c.phenotypeNoiseSd(), 0);
            // The median of y over 4,001 draws of the latent state: one class threshold for both species.
            int draws = 4001;
            double[] y = new double[draws], z = new double[k];
            for (int d = 0; d < draws; d++) {
                int state = rng.nextInt(nt);
                for (int q = 0; q < k; q++) z[q] = centroids[state][q] + c.withinStateSd() * rng.gaussian();
                y[d] = ph.value(z);
            }
            Arrays.sort(y);
            return new Phenotype(genes, weights, mean, sd, k, ns, loadings, c.phenotypeNoiseSd(), y[draws / 2]);
        }

        /** y of one latent state z (K). */
        double value(double[] z) {
            double v = 0;
            for (int p = 0; p < genes.length; p++) {
                double u = 0;
                for (int q = 0; q < k; q++) u += z[q] * loadings[q * ns + genes[p]];
                v += weights[p] * Math.tanh((u - mean[p]) / sd[p]);
            }
            return v / Math.sqrt(Math.max(1, genes.length));
        }

        /** y of every sample of a species. */
        double[] clean(Species s) {
            double[] y = new double[s.n], z = new double[k];
            float[] zz = s.z.array();
            for (int n = 0; n < s.n; n++) {
                for (int q = 0; q < k; q++) z[q] = zz[n * k + q];
                y[n] = value(z);
            }
            return y;
        }
    }

    /** The samples of one species: states, program activities Z, library sizes, target-only factor. */
    private record Species(int n, int[] state, Tensor z, double[] library, double[] speciesFactor) {
        /** Row i of the source-space signal u = Z A (A is (K, n_s) row-major), into {@code out} (n_s). */
        void u(int i, double[] loadings, double[] out) {
            int k = z.dim(1), ns = out.length;
            float[] zz = z.array();
            java.util.Arrays.fill(out, 0);
            for (int q = 0; q < k; q++) {
                double zq = zz[i * k + q];
                for (int g = 0; g < ns; g++) out[g] += zq * loadings[q * ns + g];
            }
        }

        static Species sample(Config c, int n, double[][] centroids, Rng rng) {
            int k = c.programs();
            int[] state = new int[n];
            float[] z = new float[n * k];
            double[] library = new double[n], factor = new double[n];
            for (int i = 0; i < n; i++) {
                state[i] = rng.nextInt(c.states());
                for (int q = 0; q < k; q++)
                    z[i * k + q] = (float) (centroids[state[i]][q] + c.withinStateSd() * rng.gaussian());
                library[i] = c.librarySize() * SimKit.logNormalUnitMean(rng, c.librarySizeSd());
                factor[i] = rng.gaussian();
            }
            return new Species(n, state, Tensor.wrap(z, n, k), library, factor);
        }
    }

    /** The ortholog graph and the per-target-gene parameters. */
    private static final class Graph {
        int targets;
        int[] sourceType;             // per source gene
        int[] type;                   // per target gene
        int[][] sources;              // per target gene: its source genes (empty for target-only)
        boolean[] functional;         // per target gene: carries its source's signal
        double[] alpha, shift, baseline, speciesLoading;
        double[][] ownLoadings;       // decoys and target-only genes, else null
        CsrMatrix edges, functionalEdges;

        int[] phenotypeCandidates() {
            return java.util.stream.IntStream.range(0, sourceType.length)
                    .filter(i -> sourceType[i] == ONE_TO_ONE || sourceType[i] == ONE_TO_MANY).toArray();
        }

        static Graph build(Config c, double[] sourceBaseline, Rng rng) {
            int ns = c.sourceGenes(), k = c.programs();
            int[] count = c.sourceGenesPerType();
            int[] perm = rng.permutation(ns);
            Graph g = new Graph();
            g.sourceType = new int[ns];
            // Target genes in construction order, then permuted.
            List<int[]> src = new ArrayList<>();
            List<Integer> type = new ArrayList<>();
            List<Boolean> func = new ArrayList<>();
            int at = 0;
            for (int q = 0; q < count[ONE_TO_ONE]; q++, at++) {
                g.sourceType[perm[at]] = ONE_TO_ONE;
                src.add(new int[] {perm[at]});
                type.add(ONE_TO_ONE);
                func.add(true);
            }
            for (int q = 0; q < count[ONE_TO_MANY]; q++, at++) {
                g.sourceType[perm[at]] = ONE_TO_MANY;
                int which = rng.nextInt(c.paralogs());
                for (int p = 0; p < c.paralogs(); p++) {
                    src.add(new int[] {perm[at]});
                    type.add(ONE_TO_MANY);
                    func.add(p == which);
                }
            }
            for (int q = 0; q < count[MANY_TO_ONE] / 2; q++, at += 2) {
                g.sourceType[perm[at]] = MANY_TO_ONE;
                g.sourceType[perm[at + 1]] = MANY_TO_ONE;
                int a = Math.min(perm[at], perm[at + 1]), b = Math.max(perm[at], perm[at + 1]);
                src.add(new int[] {a, b});
                type.add(MANY_TO_ONE);
                func.add(true);
            }
            for (; at < ns; at++) g.sourceType[perm[at]] = NONE;
            for (int q = 0; q < c.targetOnlyGenes(); q++) {
                src.add(new int[0]);
                type.add(NONE);
                func.add(false);
            }

            int nt = src.size();
            g.targets = nt;
            int[] order = rng.permutation(nt); // construction index q becomes target gene order[q]
            g.type = new int[nt];
            g.sources = new int[nt][];
            g.functional = new boolean[nt];
            g.alpha = new double[nt];
            g.shift = new double[nt];
            g.baseline = new double[nt];
            g.speciesLoading = new double[nt];
            g.ownLoadings = new double[nt][];
            for (int q = 0; q < nt; q++) {
                int j = order[q];
                g.type[j] = type.get(q);
                g.sources[j] = src.get(q);
                g.functional[j] = func.get(q);
            }
            int edges = 0, fEdges = 0;
            for (int j = 0; j < nt; j++) {
                edges += g.sources[j].length;
                if (g.functional[j]) fEdges += g.sources[j].length;
            }
            int[] er = new int[edges], ec = new int[edges], fr = new int[fEdges], fc = new int[fEdges];
            int e = 0, f = 0;
            for (int j = 0; j < nt; j++) { // per-gene draws in target order
                int[] s = g.sources[j];
                g.shift[j] = c.shiftSd() * rng.gaussian();
                g.speciesLoading[j] = c.speciesEffectSd() * rng.gaussian();
                g.alpha[j] = g.functional[j] ? rng.uniform(c.scaleMin(), Math.nextUp(c.scaleMax())) : Double.NaN;
                if (!g.functional[j]) g.ownLoadings[j] = SimKit.gaussians(rng, k, 1 / Math.sqrt(k));
                double b = s.length == 0 ? c.baselineSd() * rng.gaussian()
                        : s.length == 1 ? sourceBaseline[s[0]]
                        : Math.log(Math.exp(sourceBaseline[s[0]]) + Math.exp(sourceBaseline[s[1]]));
                g.baseline[j] = b + g.shift[j];
                for (int i : s) {
                    er[e] = i;
                    ec[e++] = j;
                    if (g.functional[j]) {
                        fr[f] = i;
                        fc[f++] = j;
                    }
                }
            }
            float[] ones = new float[edges], fOnes = new float[fEdges];
            Arrays.fill(ones, 1f);
            Arrays.fill(fOnes, 1f);
            g.edges = CsrMatrix.fromCoo(ns, nt, er, ec, ones);
            g.functionalEdges = CsrMatrix.fromCoo(ns, nt, fr, fc, fOnes);
            return g;
        }
    }
}
