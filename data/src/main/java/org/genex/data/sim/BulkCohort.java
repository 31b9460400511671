package org.genex.data.sim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.genex.data.AnnData;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.Rng;
import org.genex.tensor.SpecialMath;
import org.genex.tensor.Tensor;

/**
 * A pan-cancer bulk RNA-seq cohort with cancer types and survival, for GexBERT (specs/gexbert.md: the synthetic
 * cohort of &sect;9, the inputs of &sect;2, the small configuration of &sect;3, and the three task protocols of &sect;5).
 * Each task has a ground truth: masking and restoration (genes are driven by shared programs, so a masked gene is
 * predictable from the others), cancer-type classification (type-specific programs and genes), survival prediction
 * (a Weibull proportional-hazards model on a few anchor genes per type, with known log hazard ratios) and
 * imputation under MCAR missingness ({@link #maskMcar}).
 *
 * <h2>Generative model</h2>
 * <ol>
 *   <li><b>Cancer types.</b> Proportions &pi; ~ Dirichlet(typeBalance &middot; 1<sub>T</sub>); each patient n draws
 *       a type t<sub>n</sub> ~ &pi;.</li>
 *   <li><b>Genes.</b> Baselines b<sub>g</sub> ~ N(0, baselineSd&sup2;) (log2 relative abundance); program loadings
 *       L<sub>kg</sub> ~ N(0, 1/K) for K = {@code programs}; for each type a random set of
 *       &lfloor;typeGeneFraction &middot; G&rceil; type-specific genes with effects &delta;<sub>tg</sub> ~ N(0,
 *       typeEffectSd&sup2;) (0 elsewhere); each type shifts the mean activity of every program by
 *       &mu;<sub>tk</sub> ~ N(0, typeProgramShiftSd&sup2;).</li>
 *   <li><b>Expression.</b> Program activities z<sub>n</sub> = &mu;<sub>t(n)</sub> + N(0, I<sub>K</sub>);
 *       log2 abundance a<sub>ng</sub> = b<sub>g</sub> + &delta;<sub>t(n),g</sub> + programSd &middot;
 *       z<sub>n</sub>&middot;L<sub>:g</sub> + noiseSd &middot; &epsilon; (log-normal noise); TPM<sub>ng</sub> =
 *       10<sup>6</sup> 2<sup>a<sub>ng</sub></sup> / (&Sigma;<sub>h</sub> 2<sup>a<sub>nh</sub></sup> &middot;
 *       transcriptomeGenes / G), as if the G genes were a sample of a whole transcriptome whose other genes hold
 *       the same share per gene (so the G genes' TPM sum to 10<sup>6</sup> G / transcriptomeGenes); values below
 *       {@code detectionLimit} TPM are undetected (0); {@code X} = log2(TPM + 1), the transform of gexbert.md
 *       &sect;2. With {@code anchorResponse} = {@value #THRESHOLD} every anchor gene (of any type; step 4 picks them
 *       first) responds to its program non-linearly, as a gene induced only above a threshold: its program term
 *       programSd &middot; z<sub>n</sub>&middot;L<sub>:g</sub> becomes programSd &middot; |L<sub>:g</sub>| &middot;
 *       (max(0, u &minus; &theta;) &minus; e(&theta;)) / s(&theta;), with u = z<sub>n</sub>&middot;L<sub>:g</sub> /
 *       |L<sub>:g</sub>| (sd 1 within a type), &theta; = {@code anchorThreshold} and e, s the mean and sd of
 *       max(0, U &minus; &theta;) for U ~ N(0, 1) (so the term keeps the linear term's within-type scale; &theta;
 *       &rarr; &minus;&infin; gives the linear model back). Every other gene stays linear, so no linear function
 *       of the other genes spans an anchor's program part: the best linear predictor of max(0, U &minus; 1) from U
 *       explains 37% of its variance (73% at &theta; = 0). The default {@value #LINEAR} is the linear model above,
 *       bit for bit. With {@value #INTERACTION} the anchor is co-regulated by two programs instead: its program
 *       term is programSd &middot; |L<sub>:g</sub>| &middot; u v with v = z<sub>n</sub>&middot;P<sub>:g</sub>, P a
 *       second set of unit-norm loading vectors (drawn from their own stream, only for this response): within a
 *       type where u and v have mean 0 no linear function of z carries any of u v (they are uncorrelated), only
 *       the type's mean activities make a part of it linear.</li>
 *   <li><b>Survival.</b> Each type t has {@code anchorsPerType} anchor genes, drawn among the genes with a baseline
 *       above the median (well expressed), with log hazard ratios &beta;<sub>tg</sub> of random sign and magnitude
 *       U(anchorLogHrMin, anchorLogHrMax) per within-type standard deviation of the gene. Risk &eta;<sub>n</sub> =
 *       &Sigma;<sub>g&isin;anchors(t)</sub> &beta;<sub>tg</sub> (x<sub>ng</sub> &minus; m<sub>tg</sub>) /
 *       s<sub>tg</sub> with m, s the within-type mean and sd of the simulated x. Event times follow a Weibull
 *       proportional-hazards model, hazard h(t) = (k/&lambda;<sub>t</sub>)(t/&lambda;<sub>t</sub>)<sup>k&minus;1</sup>
 *       e<sup>&eta;</sup> with shape k = {@code weibullShape} and &lambda;<sub>t</sub> set so that the median at
 *       &eta; = 0 is U(medianSurvivalMin, medianSurvivalMax) months: T = &lambda;<sub>t</sub> (E
 *       e<sup>&minus;&eta;</sup>)<sup>1/k</sup>, E ~ Exp(1). Censoring C = min(followUp, Exp(censoringRate));
 *       observed time min(T, C), event T &le; C (the spec's DSS time and event).</li>
 *   <li><b>Split.</b> Patients are split train / validation / test within each type (gexbert.md &sect;2: 70/10/20
 *       by default), so pre-training can be restricted to training patients.</li>
 * </ol>
 *
 * <h2>Output</h2>
 * <pre>
 *   X     (n, G) dense float32 log2(TPM + 1)
 *   obs   cancer_type (categorical), split (train, val, test), survival_time (months), event (bool),
 *         event_time (T, uncensored), censor_time (C), risk (&eta;)
 *   obsm  programs (n, K): z
 *   var   baseline (b), anchor (bool: an anchor of some type), anchor_types (type names joined by ';')
 *   varm  loadings (G, K): L^T;  type_effects (G, T): &delta;^T
 *         anchor_partner_loadings (G, K): P^T (only with anchorResponse {@value #INTERACTION})
 *   uns   anchors: {type: {genes: String[], log_hr: double[]}};  simulation: this simulator's name and config
 * </pre>
 */
public final class BulkCohort {
    private BulkCohort() {}

    /**
     * Values of {@link Config#anchorResponse}: anchors linear in their program (the default), thresholded, or driven
     * by the interaction of two programs.
     */
    public static final String LINEAR = "linear", THRESHOLD = "threshold", INTERACTION = "interaction";

    /** Split categories, in code order. */
    public static final String[] SPLITS = {"train", "val", "test"};

    /**
     * Every parameter, with its default ({@link #defaults()}: gexbert.md's small configuration, G = 1,000 genes and
     * 5,000 patients over 8 types).
     *
     * @param samples             patients, one sample each (5,000)
     * @param genes               G (1,000)
     * @param cancerTypes         T (8)
     * @param typeBalance         Dirichlet concentration of the type proportions; large = balanced (5.0)
     * @param programs            K, shared expression programs (12)
     * @param programSd           weight of the program term in log2 abundance (0.8)
     * @param typeProgramShiftSd  sd of the per-type mean program activities (1.0)
     * @param typeGeneFraction    fraction of genes with a type-specific effect, per type (0.1)
     * @param typeEffectSd        sd of the type-specific effects in log2 units (1.5)
     * @param baselineSd          sd of the gene baselines in log2 units (2.5)
     * @param noiseSd             sd of the log-normal noise in log2 units (0.4)
     * @param transcriptomeGenes  genes of the notional whole transcriptome the G genes are a sample of, &ge; G; sets
     *                            the TPM scale (20,000, so values have the scale of real log2 TPM)
     * @param detectionLimit      TPM below which a gene is undetected and reads 0 (1.0)
     * @param anchorsPerType      anchor genes per type (5)
     * @param anchorLogHrMin      smallest |log hazard ratio| per within-type sd of an anchor (0.4)
     * @param anchorLogHrMax      largest |log hazard ratio| (0.8)
     * @param weibullShape        Weibull shape k of the event times (1.3)
     * @param medianSurvivalMin   smallest baseline median survival of a type, months (24)
     * @param medianSurvivalMax   largest baseline median survival, months (96)
     * @param censoringRate       rate of random censoring per month (0.01)
     * @param followUp            administrative censoring time, months (120)
     * @param trainFraction       fraction of each type's patients in the training split (0.7)
     * @param validationFraction  fraction in the validation split (0.1); the rest is test
     * @param anchorResponse      how anchor genes respond to their program: {@value #LINEAR} (as every gene) or
     *                            {@value #THRESHOLD} (induced above {@code anchorThreshold}) or {@value #INTERACTION}
     *                            (the product of two programs' activities); see step 3 of the generative model
     *                            ({@value #LINEAR})
     * @param anchorThreshold     &theta;, the threshold of {@value #THRESHOLD} in within-type sds of the anchor's
     *                            program activity, in [-4, 4]; used only by {@value #THRESHOLD} (1.0)
     */
    public record Config(int samples, int genes, int cancerTypes, double typeBalance, int programs, double programSd,
                         double typeProgramShiftSd, double typeGeneFraction, double typeEffectSd, double baselineSd,
                         double noiseSd, int transcriptomeGenes, double detectionLimit, int anchorsPerType, double anchorLogHrMin,
                         double anchorLogHrMax, double weibullShape, double medianSurvivalMin,
                         double medianSurvivalMax, double censoringRate, double followUp, double trainFraction,
                         double validationFraction, String anchorResponse, double anchorThreshold) {
        private static final String S = "BulkCohort";

        /** The parameters before the anchor response option: the linear model ({@value #LINEAR}, threshold 1.0). */
        public Config(int samples, int genes, int cancerTypes, double typeBalance, int programs, double programSd,
                      double typeProgramShiftSd, double typeGeneFraction, double typeEffectSd, double baselineSd,
                      double noiseSd, int transcriptomeGenes, double detectionLimit, int anchorsPerType,
                      double anchorLogHrMin, double anchorLogHrMax, double weibullShape, double medianSurvivalMin,
                      double medianSurvivalMax, double censoringRate, double followUp, double trainFraction,
                      double validationFraction) {
            this(samples, genes, cancerTypes, typeBalance, programs, programSd, typeProgramShiftSd, typeGeneFraction,
                    typeEffectSd, baselineSd, noiseSd, transcriptomeGenes, detectionLimit, anchorsPerType,
                    anchorLogHrMin, anchorLogHrMax, weibullShape, medianSurvivalMin, medianSurvivalMax, censoringRate,
                    followUp, trainFraction, validationFraction, LINEAR, 1.0);
        }

        public Config {
            SimKit.positive(S, "samples", samples);
            SimKit.positive(S, "genes", genes);
            SimKit.positive(S, "cancerTypes", cancerTypes);
            SimKit.positive(S, "typeBalance", typeBalance);
            SimKit.positive(S, "programs", programs);
            SimKit.nonNegative(S, "programSd", programSd);
            SimKit.nonNegative(S, "typeProgramShiftSd", typeProgramShiftSd);
            SimKit.fraction(S, "typeGeneFraction", typeGeneFraction);
            SimKit.nonNegative(S, "typeEffectSd", typeEffectSd);
            SimKit.nonNegative(S, "baselineSd", baselineSd);
            SimKit.nonNegative(S, "noiseSd", noiseSd);
            if (transcriptomeGenes < genes)
                throw new IllegalArgumentException(S + ".Config: transcriptomeGenes (" + transcriptomeGenes
                        + ") must be >= genes (" + genes + ")");
            SimKit.nonNegative(S, "detectionLimit", detectionLimit);
            SimKit.nonNegative(S, "anchorsPerType", anchorsPerType);
            if (anchorsPerType > genes / 2)
                throw new IllegalArgumentException(S + ".Config: anchorsPerType (" + anchorsPerType + ") must be at "
                        + "most half the genes (" + genes + "), as anchors come from the better-expressed half");
            SimKit.nonNegative(S, "anchorLogHrMin", anchorLogHrMin);
            SimKit.nonNegative(S, "anchorLogHrMax", anchorLogHrMax);
            SimKit.ordered(S, "anchorLogHrMin", anchorLogHrMin, "anchorLogHrMax", anchorLogHrMax);
            SimKit.positive(S, "weibullShape", weibullShape);
            SimKit.positive(S, "medianSurvivalMin", medianSurvivalMin);
            SimKit.positive(S, "medianSurvivalMax", medianSurvivalMax);
            SimKit.ordered(S, "medianSurvivalMin", medianSurvivalMin, "medianSurvivalMax", medianSurvivalMax);
            SimKit.nonNegative(S, "censoringRate", censoringRate);
            SimKit.positive(S, "followUp", followUp);
            SimKit.fraction(S, "trainFraction", trainFraction);
            SimKit.fraction(S, "validationFraction", validationFraction);
            if (trainFraction + validationFraction > 1)
                throw new IllegalArgumentException(S + ".Config: trainFraction + validationFraction must be <= 1, got "
                        + (trainFraction + validationFraction));
            if (!LINEAR.equals(anchorResponse) && !THRESHOLD.equals(anchorResponse)
                    && !INTERACTION.equals(anchorResponse))
                throw new IllegalArgumentException(S + ".Config: anchorResponse must be '" + LINEAR + "', '"
                        + THRESHOLD + "' or '" + INTERACTION + "', got "
                        + (anchorResponse == null ? "null" : "'" + anchorResponse + "'"));
            if (!(anchorThreshold >= -4 && anchorThreshold <= 4))
                throw new IllegalArgumentException(S + ".Config: anchorThreshold must be in [-4, 4], got "
                        + anchorThreshold);
        }

        /** The defaults listed at {@link Config}. */
        public static Config defaults() {
            return new Config(5000, 1000, 8, 5.0, 12, 0.8, 1.0, 0.1, 1.5, 2.5, 0.4, 20000, 1.0, 5, 0.4, 0.8, 1.3, 24, 96,
                    0.01, 120, 0.7, 0.1);
        }

        /** This config with other sizes. */
        public Config withSizes(int samples, int genes, int cancerTypes) {
            return new Config(samples, genes, cancerTypes, typeBalance, programs, programSd, typeProgramShiftSd,
                    typeGeneFraction, typeEffectSd, baselineSd, noiseSd, Math.max(transcriptomeGenes, genes),
                    detectionLimit, anchorsPerType,
                    anchorLogHrMin, anchorLogHrMax, weibullShape, medianSurvivalMin, medianSurvivalMax, censoringRate,
                    followUp, trainFraction, validationFraction, anchorResponse, anchorThreshold);
        }

        /** This config with anchors of the given response ({@value #LINEAR} or {@value #THRESHOLD}) and threshold. */
        public Config withAnchorResponse(String response, double threshold) {
            return new Config(samples, genes, cancerTypes, typeBalance, programs, programSd, typeProgramShiftSd,
                    typeGeneFraction, typeEffectSd, baselineSd, noiseSd, transcriptomeGenes, detectionLimit,
                    anchorsPerType, anchorLogHrMin, anchorLogHrMax, weibullShape, medianSurvivalMin, medianSurvivalMax,
                    censoringRate, followUp, trainFraction, validationFraction, response, threshold);
        }
    }

    /**
     * The simulated cohort.
     *
     * @param adata       the AnnData described at {@link BulkCohort}
     * @param anchorGenes per type, its anchor genes (column indices)
     * @param anchorLogHr per type, the log hazard ratio of each anchor per within-type sd
     */
    public record Result(AnnData adata, int[][] anchorGenes, double[][] anchorLogHr) {}

    /** Simulates with a stream seeded by {@code seed}. */
    public static Result simulate(Config config, long seed) { return simulate(config, Rng.seeded(seed)); }

    /** Simulates from named sub-streams of {@code rng} (which is not advanced): a function of its key and the config. */
    public static Result simulate(Config c, Rng rng) {
        int n = c.samples(), g = c.genes(), k = c.programs(), nt = c.cancerTypes();
        Rng r = rng.fork("BulkCohort");

        // 1-2. Types and genes.
        Rng model = r.fork("model");
        double[] proportions = model.dirichlet(nt, c.typeBalance());
        double[] baseline = SimKit.gaussians(model, g, c.baselineSd());
        double[] loadings = SimKit.gaussians(model, k * g, 1 / Math.sqrt(k)); // (K, G)
        double[][] typeShift = new double[nt][];
        double[][] typeEffect = new double[nt][g];
        int typeGenes = (int) Math.round(c.typeGeneFraction() * g);
        for (int t = 0; t < nt; t++) {
            typeShift[t] = SimKit.gaussians(model, k, c.typeProgramShiftSd());
            for (int q : model.sampleWithoutReplacement(g, typeGenes)) typeEffect[t][q] = c.typeEffectSd() * model.gaussian();
        }

        // 4a. Anchors, hazard ratios and medians (drawn before the expression, which they shape when thresholded; the
        // survival stream is a named fork, so its draws do not depend on where they are made).
        Rng surv = r.fork("survival");
        int[] wellExpressed = upperHalf(baseline);
        int[][] anchors = new int[nt][];
        double[][] logHr = new double[nt][];
        double[] median = new double[nt];
        for (int t = 0; t < nt; t++) {
            int[] pick = surv.sampleWithoutReplacement(wellExpressed.length, c.anchorsPerType());
            anchors[t] = new int[pick.length];
            for (int q = 0; q < pick.length; q++) anchors[t][q] = wellExpressed[pick[q]];
            Arrays.sort(anchors[t]);
            logHr[t] = new double[pick.length];
            for (int q = 0; q < pick.length; q++)
                logHr[t][q] = (surv.nextBoolean() ? 1 : -1)
                        * (c.anchorLogHrMin() == c.anchorLogHrMax() ? c.anchorLogHrMin()
                        : surv.uniform(c.anchorLogHrMin(), c.anchorLogHrMax()));
            median[t] = c.medianSurvivalMin() == c.medianSurvivalMax() ? c.medianSurvivalMin()
                    : surv.uniform(c.medianSurvivalMin(), c.medianSurvivalMax());
        }
        boolean thresholded = THRESHOLD.equals(c.anchorResponse());
        boolean interaction = INTERACTION.equals(c.anchorResponse());
        double[] norm = new double[g];                    // |L_:g| of each non-linear anchor, 0 for linear genes
        double[] partner = null;                           // (K, G) the second loading vectors of INTERACTION
        double shift = 0, scale = 1;                       // e(theta), s(theta)
        if (thresholded || interaction) {
            for (int[] typeAnchors : anchors)
                for (int j : typeAnchors) {
                    double ss = 0;
                    for (int q = 0; q < k; q++) ss += loadings[q * g + j] * loadings[q * g + j];
                    norm[j] = Math.sqrt(ss);
                }
        }
        if (thresholded) {
            double[] moments = hingeMoments(c.anchorThreshold());
            shift = moments[0];
            scale = moments[1];
        }
        if (interaction) {
            partner = SimKit.gaussians(r.fork("anchorPartners"), k * g, 1 / Math.sqrt(k));
            for (int j = 0; j < g; j++) {
                double ss = 0;
                for (int q = 0; q < k; q++) ss += partner[q * g + j] * partner[q * g + j];
                for (int q = 0; q < k; q++) partner[q * g + j] /= Math.sqrt(ss);     // unit norm
            }
        }

        // 3. Expression.
        Rng sampling = r.fork("samples");
        int[] type = new int[n];
        float[] z = new float[n * k];
        float[] x = new float[n * g];
        double[] a = new double[g];
        for (int i = 0; i < n; i++) {
            int t = type[i] = sampling.categorical(proportions);
            for (int q = 0; q < k; q++) z[i * k + q] = (float) (typeShift[t][q] + sampling.gaussian());
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < g; j++) {
                double m = 0;
                for (int q = 0; q < k; q++) m += z[i * k + q] * loadings[q * g + j];
                if (norm[j] > 0 && thresholded)
                    m = norm[j] * (Math.max(0, m / norm[j] - c.anchorThreshold()) - shift) / scale;
                else if (norm[j] > 0 && interaction) {
                    double v = 0;
                    for (int q = 0; q < k; q++) v += z[i * k + q] * partner[q * g + j];
                    m *= v;                                        // |L| u v
                }
                a[j] = baseline[j] + typeEffect[t][j] + c.programSd() * m + c.noiseSd() * sampling.gaussian();
                max = Math.max(max, a[j]);
            }
            double total = 0;
            for (int j = 0; j < g; j++) total += (a[j] = Math.pow(2, a[j] - max));
            total *= (double) c.transcriptomeGenes() / g; // the unsimulated genes hold the same share per gene
            for (int j = 0; j < g; j++) {
                double tpm = 1e6 * a[j] / total;
                x[i * g + j] = tpm < c.detectionLimit() ? 0f : (float) (Math.log(tpm + 1) / Math.log(2));
            }
        }

        // 4. Survival.
        // 4b. Risks and times.
        double[] risk = risks(x, g, type, anchors, logHr);
        double[] time = new double[n], eventTime = new double[n], censorTime = new double[n];
        boolean[] event = new boolean[n];
        double shape = c.weibullShape();
        for (int i = 0; i < n; i++) {
            double lambda = median[type[i]] / Math.pow(Math.log(2), 1 / shape);
            eventTime[i] = lambda * Math.pow(surv.nextExponential() * Math.exp(-risk[i]), 1 / shape);
            double random = c.censoringRate() > 0 ? surv.exponential(c.censoringRate()) : Double.POSITIVE_INFINITY;
            censorTime[i] = Math.min(c.followUp(), random);
            event[i] = eventTime[i] <= censorTime[i];
            time[i] = Math.min(eventTime[i], censorTime[i]);
        }

        // 5. Split.
        int[] split = stratifiedSplit(type, nt, c.trainFraction(), c.validationFraction(), r.fork("split"));

        String[] typeNames = SimKit.names("C", nt), geneNames = SimKit.names("G", g);
        AnnData ad = new AnnData(Matrix.of(Tensor.wrap(x, n, g)), new DataFrame(SimKit.names("P", n)),
                new DataFrame(geneNames));
        ad.obs().put("cancer_type", SimKit.categorical(type, typeNames))
                .put("split", SimKit.categorical(split, SPLITS))
                .put("survival_time", time).put("event", event).put("event_time", eventTime)
                .put("censor_time", censorTime).put("risk", risk);
        ad.obsm().put("programs", Matrix.of(Tensor.wrap(z, n, k)));

        boolean[] isAnchor = new boolean[g];
        StringJoiner[] anchorTypes = new StringJoiner[g];
        Map<String, Object> anchorUns = new LinkedHashMap<>();
        for (int t = 0; t < nt; t++) {
            String[] names = new String[anchors[t].length];
            for (int q = 0; q < names.length; q++) {
                int j = anchors[t][q];
                names[q] = geneNames[j];
                isAnchor[j] = true;
                if (anchorTypes[j] == null) anchorTypes[j] = new StringJoiner(";");
                anchorTypes[j].add(typeNames[t]);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("genes", names);
            entry.put("log_hr", logHr[t].clone());
            entry.put("median_survival", median[t]);
            anchorUns.put(typeNames[t], entry);
        }
        String[] anchorTypeText = new String[g];
        for (int j = 0; j < g; j++) anchorTypeText[j] = anchorTypes[j] == null ? "" : anchorTypes[j].toString();
        ad.var().put("baseline", baseline).put("anchor", isAnchor).put("anchor_types", anchorTypeText);
        ad.varm().put("loadings", Matrix.of(transpose(loadings, k, g)));
        double[] effects = new double[nt * g];
        for (int t = 0; t < nt; t++) System.arraycopy(typeEffect[t], 0, effects, t * g, g);
        ad.varm().put("type_effects", Matrix.of(transpose(effects, nt, g)));
        if (interaction) ad.varm().put("anchor_partner_loadings", Matrix.of(transpose(partner, k, g)));
        ad.uns().put("anchors", anchorUns);
        ad.uns().put("simulation", SimKit.provenance("BulkCohort", c));
        return new Result(ad, anchors, logHr);
    }

    // ---------------------------------------------------------------- MCAR missingness

    /**
     * Values with entries missing completely at random, and where.
     *
     * @param values the input with {@code NaN} at every masked entry (a new tensor; the input is not modified)
     * @param mask   row-major (n, G): true where the entry was masked
     * @param hidden the true values of the masked entries, row by row in column order (the imputation targets)
     */
    public record Masked(Tensor values, boolean[] mask, float[] hidden) {}

    /**
     * Masks entries completely at random, as gexbert.md &sect;5.3 does: in every row exactly round(rate &middot; G) of
     * the G entries, chosen uniformly without replacement and independently per row. {@code x} is a 2-D CPU tensor
     * (n, G) (for example {@code adata.X().dense()} of a test split); it is not modified.
     */
    public static Masked maskMcar(Tensor x, double rate, Rng rng) {
        if (x.rank() != 2)
            throw new IllegalArgumentException("BulkCohort.maskMcar: x must be 2-D (n, G), got " + x.shape());
        if (!(rate >= 0 && rate <= 1))
            throw new IllegalArgumentException("BulkCohort.maskMcar: rate must be in [0, 1], got " + rate);
        int n = x.dim(0), g = x.dim(1);
        int per = (int) Math.round(rate * g);
        float[] out = x.toArray();
        boolean[] mask = new boolean[n * g];
        float[] hidden = new float[n * per];
        for (int i = 0; i < n; i++) {
            for (int j : rng.sampleWithoutReplacement(g, per)) mask[i * g + j] = true;
            int h = i * per;
            for (int j = 0; j < g; j++)
                if (mask[i * g + j]) {
                    hidden[h++] = out[i * g + j];
                    out[i * g + j] = Float.NaN;
                }
        }
        return new Masked(Tensor.wrap(out, n, g), mask, hidden);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The mean and sd of max(0, U &minus; &theta;) for U ~ N(0, 1): e = &phi;(&theta;) &minus; &theta;(1 &minus;
     * &Phi;(&theta;)), E[max(0, U &minus; &theta;)&sup2;] = (1 + &theta;&sup2;)(1 &minus; &Phi;(&theta;)) &minus;
     * &theta;&phi;(&theta;).
     */
    static double[] hingeMoments(double theta) {
        double tail = SpecialMath.normalCdf(-theta), density = Math.exp(-0.5 * theta * theta) / Math.sqrt(2 * Math.PI);
        double mean = density - theta * tail;
        double second = (1 + theta * theta) * tail - theta * density;
        double var = second - mean * mean;
        if (!(var > 0))
            throw new IllegalArgumentException("BulkCohort: anchorThreshold " + theta + " leaves no variance above it");
        return new double[]{mean, Math.sqrt(var)};
    }

    /** Genes whose baseline is above the median (the better-expressed half), in index order. */
    private static int[] upperHalf(double[] baseline) {
        double[] sorted = baseline.clone();
        Arrays.sort(sorted);
        double med = sorted[(sorted.length - 1) / 2];
        return java.util.stream.IntStream.range(0, baseline.length).filter(j -> baseline[j] > med).toArray();
    }

    /** Risk = sum over the type's anchors of log HR times the anchor's within-type standardised value. */
    private static double[] risks(float[] x, int g, int[] type, int[][] anchors, double[][] logHr) {
        int n = type.length, nt = anchors.length;
        double[] risk = new double[n];
        for (int t = 0; t < nt; t++) {
            for (int q = 0; q < anchors[t].length; q++) {
                int j = anchors[t][q];
                double sum = 0, sumSq = 0;
                int count = 0;
                for (int i = 0; i < n; i++)
                    if (type[i] == t) {
                        sum += x[i * g + j];
                        count++;
                    }
                if (count < 2) continue;
                double mean = sum / count;
                for (int i = 0; i < n; i++)
                    if (type[i] == t) sumSq += (x[i * g + j] - mean) * (x[i * g + j] - mean);
                double sd = Math.sqrt(sumSq / (count - 1));
                if (sd == 0) continue;
                for (int i = 0; i < n; i++)
                    if (type[i] == t) risk[i] += logHr[t][q] * (x[i * g + j] - mean) / sd;
            }
        }
        return risk;
    }

    /** Codes 0 (train), 1 (val), 2 (test), assigned within each type after a shuffle. */
    private static int[] stratifiedSplit(int[] type, int nt, double train, double val, Rng rng) {
        int[] split = new int[type.length];
        for (int t = 0; t < nt; t++) {
            final int tt = t;
            int[] members = java.util.stream.IntStream.range(0, type.length).filter(i -> type[i] == tt).toArray();
            rng.shuffle(members);
            int nTrain = (int) Math.round(train * members.length);
            int nVal = Math.min(members.length - nTrain, (int) Math.round(val * members.length));
            for (int q = 0; q < members.length; q++) split[members[q]] = q < nTrain ? 0 : q < nTrain + nVal ? 1 : 2;
        }
        return split;
    }

    /** The (rows, cols) row-major array transposed, as a float tensor (cols, rows). */
    private static Tensor transpose(double[] a, int rows, int cols) {
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) out[c * rows + r] = (float) a[r * cols + c];
        return Tensor.wrap(out, cols, rows);
    }
}
