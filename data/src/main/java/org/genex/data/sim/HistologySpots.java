package org.genex.data.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;

/**
 * Visium-like spatial transcriptomics sections with a synthetic H&amp;E patch per spot, for the histology model
 * (CMRCNet / BLEEP, specs/st-histology.md: the HEST-1k inputs of &sect;2, its small configuration of &sect;3 and the
 * end-to-end test suggested in &sect;8). Expression and image share known causes, so image-to-expression prediction and
 * contrastive alignment have a signal to find: spatial domains set both a spot's expression profile and its tissue
 * look, and three continuous image factors each drive one feature of the patch and a few "image marker" genes.
 *
 * <h2>Generative model</h2>
 * <ol>
 *   <li><b>Sections and spots.</b> {@code samples} sections, each a Visium hexagonal grid of {@code gridRows} array
 *       rows by {@code gridCols} spots per row: spot (r, q) has array_row r and array_col c = 2q + (r mod 2), centre
 *       (c &middot; spacing / 2, r &middot; spacing &middot; &radic;3 / 2) &mu;m, so the six neighbours of a spot are
 *       {@code spotSpacingUm} away. Only spots inside a tissue outline are kept: an ellipse of semi-axes
 *       {@code tissueFill} times the grid's half extents, its radius modulated by 1 + 0.1 (sin(3&theta; + a) +
 *       sin(5&theta; + b)) / 2.</li>
 *   <li><b>Domains.</b> D = {@code domains} domains shared by all sections. In each section D seed spots are chosen
 *       by k-means++ seeding (each next seed with probability &prop; squared distance to the nearest seed); a spot's
 *       warped distance to seed k is d<sub>k</sub> = |x &minus; s<sub>k</sub>| exp(domainWarp &middot;
 *       w<sub>k</sub>(x)), w<sub>k</sub> a smooth random field; its domain is argmin d<sub>k</sub> and its domain
 *       composition is &pi; = softmax(&minus;d / boundaryWidthUm) (pure inside a domain, mixed at
 *       boundaries).</li>
 *   <li><b>Image factors.</b> Three smooth Gaussian-process-like fields per section f<sub>0</sub>, f<sub>1</sub>,
 *       f<sub>2</sub> (64 random Fourier features of length scale {@code imageFactorLengthScaleUm}, unit variance):
 *       nuclear density, eosin intensity, nuclear size ({@link #IMAGE_FACTORS}).</li>
 *   <li><b>Expression.</b> Gene baselines b<sub>g</sub> ~ N(0, baselineSd&sup2;); every domain has
 *       {@code markersPerDomain} marker genes (disjoint, and outside the top 10% of baselines so that no marker
 *       takes over its domain's libraries) with log fold changes U(markerLogFcMin, markerLogFcMax),
 *       plus N(0, domainNoiseSd&sup2;) on every gene; {@code genesPerImageFactor} further genes per image factor
 *       (disjoint from the markers) follow it: log-mean + imageFactorLogFc &middot; f<sub>k</sub>. A spot's
 *       proportions are &nu; &prop; &Sigma;<sub>d</sub> &pi;<sub>d</sub> softmax(b + &delta;<sub>d</sub>) &times;
 *       exp(image-factor terms), its library size L = librarySize &middot; exp(librarySizeSd z &minus;
 *       librarySizeSd&sup2;/2), and its counts NB(L &nu;<sub>g</sub>, dispersion).</li>
 *   <li><b>Patches.</b> Each domain has a look, drawn once: nuclear density in (5, 40) per 10<sup>4</sup>
 *       &mu;m&sup2;, nuclear radius in (2.5, 5) &mu;m, eosin intensity in (0.3, 0.9) and fibre amplitude in (0, 0.5),
 *       each stratified (the D domains take the D equal slices of the range in random order, at a uniform point of
 *       the middle half of the slice, so domains differ in all four); hematoxylin colour (0.30, 0.20, 0.50) and
 *       eosin colour (0.90, 0.45, 0.70) each + N(0, 0.05&sup2;) per channel; fibre period U(6, 20) &mu;m. A spot's look mixes its domains' looks by &pi; (the intensity on the
 *       logit scale) and applies its image factors with s = {@code imageFactorStrength}: density &times;
 *       e<sup>s f<sub>0</sub></sup>, intensity logit + s f<sub>1</sub>, radius &times; e<sup>s f<sub>2</sub> /
 *       2</sup>. A patch of {@code patchSize}&sup2; pixels covers {@code patchMicrons} &mu;m around the spot
 *       (HEST: 224 px at 0.5 &mu;m/px): background = mix of white and eosin by the intensity modulated by
 *       1 + amplitude &middot; sin(2&pi; (position along a random direction) / period + phase) (stroma fibres);
 *       then Poisson(density &middot; area) nuclei at uniform positions, radii &times; e<sup>0.15 z</sup>, painted
 *       as anti-aliased discs of the hematoxylin colour (shade U(0.8, 1.1), opacity 0.9); then pixel noise
 *       N(0, pixelNoiseSd&sup2;), clipped to [0, 1]. Each patch is drawn on its own, from a stream named by its spot,
 *       so neighbouring patches are not pixel-consistent where they overlap.</li>
 * </ol>
 *
 * <h2>Output</h2>
 * {@link Result}: the AnnData and the patches as a tensor (n, 3, P, P), RGB in [0, 1], channel first, not yet
 * ImageNet-normalised (the model's transform, st-histology.md &sect;2, is the caller's). The same values are in
 * {@code obsm["patches"]} as (n, 3 P P) (a view of the same storage: obsm holds 2-D matrices).
 * <pre>
 *   X     (n, G) CSR float32 raw counts, spots by genes; all sections in one AnnData (HEST keeps one per sample)
 *   obs   sample (categorical: the unit of the spec's K-fold split), array_row, array_col, domain (argmax &pi;),
 *         library_size, nuclear_density_factor, eosin_factor, nuclear_size_factor (f_0..f_2), nuclei_density
 *         (per 1e4 um^2), nucleus_radius_um, eosin_intensity (the spot's rendered look)
 *   obsm  spatial (n, 2): spot centre (x, y) in micrometres; domain_proportions (n, D): &pi;; patches (n, 3 P P)
 *   var   baseline, domain_marker (domain name, missing if none), marker_log_fc, image_factor (factor name,
 *         missing if none)
 *   uns   image_factors (names), domain_looks ({domain: {parameter: value}}), spatial_unit ("um"), patch_microns,
 *         simulation
 * </pre>
 */
public final class HistologySpots {
    private HistologySpots() {}

    /** The image factors, in index order. */
    public static final String[] IMAGE_FACTORS = {"nuclear_density", "eosin_intensity", "nuclear_size"};

    /**
     * Every parameter, with its default ({@link #defaults()}: st-histology.md's small configuration, three sections
     * of about 700 spots, 64 &times; 64 patches, 300 genes from which 100&ndash;200 HVGs can be chosen).
     *
     * @param samples                  sections (3)
     * @param gridRows                 array rows per section (32)
     * @param gridCols                 spots per array row (32)
     * @param spotSpacingUm            centre-to-centre spot distance, &mu;m (100, as Visium)
     * @param tissueFill               tissue ellipse semi-axes as a fraction of the grid's half extents (0.9)
     * @param domains                  spatial domains D (5)
     * @param boundaryWidthUm          softness of domain boundaries, &mu;m (60)
     * @param domainWarp               amplitude of the smooth warp of domain shapes (0.25)
     * @param genes                    genes G (300)
     * @param baselineSd               sd of the gene baselines, natural log (1.5)
     * @param markersPerDomain         marker genes per domain (12)
     * @param markerLogFcMin           smallest marker log fold change (1.0)
     * @param markerLogFcMax           largest marker log fold change (2.5)
     * @param domainNoiseSd            sd of the non-marker domain differences (0.2)
     * @param librarySize              mean counts per spot (3,000)
     * @param librarySizeSd            log-sd of the library sizes (0.4)
     * @param dispersion               negative-binomial dispersion (0.1)
     * @param genesPerImageFactor      image marker genes per image factor (2)
     * @param imageFactorLogFc         log-mean change of an image marker gene per unit of its factor (0.8)
     * @param imageFactorLengthScaleUm length scale of the image-factor fields, &mu;m (200)
     * @param imageFactorStrength      effect of a unit of image factor on the patch (0.3; small enough that the domain
     *                                 still sets a spot's look)
     * @param patchSize                patch side P in pixels (64)
     * @param patchMicrons             tissue width a patch covers, &mu;m (112)
     * @param pixelNoiseSd             sd of the per-pixel noise (0.03)
     */
    public record Config(int samples, int gridRows, int gridCols, double spotSpacingUm, double tissueFill, int domains,
                         double boundaryWidthUm, double domainWarp, int genes, double baselineSd, int markersPerDomain,
                         double markerLogFcMin, double markerLogFcMax, double domainNoiseSd, double librarySize,
                         double librarySizeSd, double dispersion, int genesPerImageFactor, double imageFactorLogFc,
                         double imageFactorLengthScaleUm, double imageFactorStrength, int patchSize,
                         double patchMicrons, double pixelNoiseSd) {
        private static final String S = "HistologySpots";

        public Config {
            SimKit.positive(S, "samples", samples);
            SimKit.positive(S, "gridRows", gridRows);
            SimKit.positive(S, "gridCols", gridCols);
            SimKit.positive(S, "spotSpacingUm", spotSpacingUm);
            SimKit.positive(S, "tissueFill", tissueFill);
            if (tissueFill > 1)
                throw new IllegalArgumentException(S + ".Config: tissueFill must be in (0, 1], got " + tissueFill);
            SimKit.positive(S, "domains", domains);
            SimKit.positive(S, "boundaryWidthUm", boundaryWidthUm);
            SimKit.nonNegative(S, "domainWarp", domainWarp);
            SimKit.positive(S, "genes", genes);
            SimKit.nonNegative(S, "baselineSd", baselineSd);
            SimKit.nonNegative(S, "markersPerDomain", markersPerDomain);
            SimKit.nonNegative(S, "markerLogFcMin", markerLogFcMin);
            SimKit.nonNegative(S, "markerLogFcMax", markerLogFcMax);
            SimKit.ordered(S, "markerLogFcMin", markerLogFcMin, "markerLogFcMax", markerLogFcMax);
            SimKit.nonNegative(S, "domainNoiseSd", domainNoiseSd);
            SimKit.positive(S, "librarySize", librarySize);
            SimKit.nonNegative(S, "librarySizeSd", librarySizeSd);
            SimKit.nonNegative(S, "dispersion", dispersion);
            SimKit.nonNegative(S, "genesPerImageFactor", genesPerImageFactor);
            SimKit.finite(S, "imageFactorLogFc", imageFactorLogFc);
            SimKit.positive(S, "imageFactorLengthScaleUm", imageFactorLengthScaleUm);
            SimKit.nonNegative(S, "imageFactorStrength", imageFactorStrength);
            SimKit.positive(S, "patchSize", patchSize);
            SimKit.positive(S, "patchMicrons", patchMicrons);
            SimKit.nonNegative(S, "pixelNoiseSd", pixelNoiseSd);
            if ((long) domains * markersPerDomain + 3L * genesPerImageFactor > genes)
                throw new IllegalArgumentException(S + ".Config: " + domains + " domains x " + markersPerDomain
                        + " markers + 3 x " + genesPerImageFactor + " image marker genes exceed the " + genes + " genes");
        }

        /** The defaults listed at {@link Config}. */
        public static Config defaults() {
            return new Config(3, 32, 32, 100, 0.9, 5, 60, 0.25, 300, 1.5, 12, 1.0, 2.5, 0.2, 3000, 0.4, 0.1, 2, 0.8,
                    200, 0.3, 64, 112, 0.03);
        }

        /** This config with other sizes. */
        public Config withSizes(int samples, int gridRows, int gridCols, int genes, int patchSize) {
            return new Config(samples, gridRows, gridCols, spotSpacingUm, tissueFill, domains, boundaryWidthUm,
                    domainWarp, genes, baselineSd, markersPerDomain, markerLogFcMin, markerLogFcMax, domainNoiseSd,
                    librarySize, librarySizeSd, dispersion, genesPerImageFactor, imageFactorLogFc,
                    imageFactorLengthScaleUm, imageFactorStrength, patchSize, patchMicrons, pixelNoiseSd);
        }

        /** This config with another number of domains and markers per domain. */
        public Config withDomains(int domains, int markersPerDomain) {
            return new Config(samples, gridRows, gridCols, spotSpacingUm, tissueFill, domains, boundaryWidthUm,
                    domainWarp, genes, baselineSd, markersPerDomain, markerLogFcMin, markerLogFcMax, domainNoiseSd,
                    librarySize, librarySizeSd, dispersion, genesPerImageFactor, imageFactorLogFc,
                    imageFactorLengthScaleUm, imageFactorStrength, patchSize, patchMicrons, pixelNoiseSd);
        }
    }

    /**
     * The simulated spots.
     *
     * @param adata   the AnnData described at {@link HistologySpots}
     * @param patches (n, 3, P, P) RGB patches in [0, 1], channel first; shares storage with {@code obsm["patches"]}
     */
    public record Result(AnnData adata, Tensor patches) {}

    /** Simulates with a stream seeded by {@code seed}. */
    public static Result simulate(Config config, long seed) { return simulate(config, Rng.seeded(seed)); }

    /** Simulates from named sub-streams of {@code rng} (which is not advanced): a function of its key and the config. */
    public static Result simulate(Config c, Rng rng) {
        Rng r = rng.fork("HistologySpots");
        int nd = c.domains(), g = c.genes();

        // Genes: baselines, domain markers, image markers.
        Rng model = r.fork("genes");
        double[] baseline = SimKit.gaussians(model, g, c.baselineSd());
        int[] perm = markersFirst(baseline, model.permutation(g), c.domains() * c.markersPerDomain());
        int[] markerOf = new int[g], factorOf = new int[g];
        double[] markerFc = new double[g];
        java.util.Arrays.fill(markerOf, -1);
        java.util.Arrays.fill(factorOf, -1);
        double[][] logProfile = new double[nd][g];
        int at = 0;
        for (int d = 0; d < nd; d++) {
            for (int j = 0; j < g; j++) logProfile[d][j] = baseline[j] + c.domainNoiseSd() * model.gaussian();
            for (int q = 0; q < c.markersPerDomain(); q++, at++) {
                int j = perm[at];
                markerOf[j] = d;
                markerFc[j] = c.markerLogFcMin() == c.markerLogFcMax() ? c.markerLogFcMin()
                        : model.uniform(c.markerLogFcMin(), c.markerLogFcMax());
            }
        }
        for (int k = 0; k < 3; k++)
            for (int q = 0; q < c.genesPerImageFactor(); q++, at++) factorOf[perm[at]] = k;
        double[][] profile = new double[nd][];
        for (int d = 0; d < nd; d++) {
            for (int j = 0; j < g; j++) if (markerOf[j] == d) logProfile[d][j] += markerFc[j];
            profile[d] = SimKit.softmax(logProfile[d].clone());
        }
        Look[] looks = Look.draw(r.fork("looks"), nd);

        // Spots, section by section.
        Spots spots = new Spots();
        for (int s = 0; s < c.samples(); s++) spots.addSection(c, s, r.fork("section").fork(s));
        int n = spots.n;

        // Expression.
        Rng counts = r.fork("counts");
        int[] indptr = new int[n + 1];
        int[] indices = new int[n * g];
        float[] values = new float[n * g];
        double[] library = new double[n];
        double[] nu = new double[g];
        int nnz = 0;
        for (int i = 0; i < n; i++) {
            double total = 0;
            for (int j = 0; j < g; j++) {
                double v = 0;
                for (int d = 0; d < nd; d++) v += spots.pi[i * nd + d] * profile[d][j];
                if (factorOf[j] >= 0) v *= Math.exp(c.imageFactorLogFc() * spots.factor[i * 3 + factorOf[j]]);
                total += (nu[j] = v);
            }
            library[i] = c.librarySize() * SimKit.logNormalUnitMean(counts, c.librarySizeSd());
            for (int j = 0; j < g; j++) {
                int count = counts.negativeBinomial(library[i] * nu[j] / total, c.dispersion());
                if (count == 0) continue;
                indices[nnz] = j;
                values[nnz++] = count;
            }
            indptr[i + 1] = nnz;
        }
        CsrMatrix x = new CsrMatrix(n, g, indptr, java.util.Arrays.copyOf(indices, nnz),
                java.util.Arrays.copyOf(values, nnz));

        // Patches.
        int p = c.patchSize();
        float[] pixels = new float[n * 3 * p * p];
        double[] density = new double[n], radius = new double[n], intensity = new double[n];
        Rng patchRng = r.fork("patches");
        Look[] spotLooks = new Look[n];
        for (int i = 0; i < n; i++) {
            spotLooks[i] = Look.mix(looks, spots.pi, i * nd, spots.factor, i * 3, c.imageFactorStrength());
            density[i] = spotLooks[i].density;
            radius[i] = spotLooks[i].radius;
            intensity[i] = spotLooks[i].intensity;
        }
        Parallel.forRange(n, 8, (start, end) -> {
            for (int i = start; i < end; i++)
                render(spotLooks[i], c, patchRng.fork(i), pixels, i * 3 * p * p);
        });
        Tensor patches = Tensor.wrap(pixels, n, 3, p, p);

        // AnnData.
        String[] domainNames = SimKit.names("D", nd);
        AnnData ad = new AnnData(Matrix.of(x), new DataFrame(spots.names()), new DataFrame(SimKit.names("G", g)));
        double[][] f = new double[3][n];
        for (int i = 0; i < n; i++) for (int k = 0; k < 3; k++) f[k][i] = spots.factor[i * 3 + k];
        ad.obs().put("sample", SimKit.categorical(spots.sample, SimKit.names("S", c.samples())))
                .put("array_row", new Column.Ints(spots.row)).put("array_col", new Column.Ints(spots.col))
                .put("domain", SimKit.categorical(spots.domain, domainNames)).put("library_size", library)
                .put("nuclear_density_factor", f[0]).put("eosin_factor", f[1]).put("nuclear_size_factor", f[2])
                .put("nuclei_density", density).put("nucleus_radius_um", radius).put("eosin_intensity", intensity);
        ad.obsm().put("spatial", Matrix.of(Tensor.wrap(spots.xy, n, 2)));
        float[] pi = new float[n * nd];
        for (int q = 0; q < pi.length; q++) pi[q] = (float) spots.pi[q];
        ad.obsm().put("domain_proportions", Matrix.of(Tensor.wrap(pi, n, nd)));
        ad.obsm().put("patches", Matrix.of(patches.reshape(n, 3 * p * p)));
        ad.var().put("baseline", baseline).put("domain_marker", SimKit.categorical(markerOf, domainNames))
                .put("marker_log_fc", markerFc).put("image_factor", SimKit.categorical(factorOf, IMAGE_FACTORS.clone()));
        Map<String, Object> lookUns = new LinkedHashMap<>();
        for (int d = 0; d < nd; d++) lookUns.put(domainNames[d], looks[d].describe());
        ad.uns().put("image_factors", IMAGE_FACTORS.clone());
        ad.uns().put("domain_looks", lookUns);
        ad.uns().put("spatial_unit", "um");
        ad.uns().put("patch_microns", c.patchMicrons());
        ad.uns().put("simulation", SimKit.provenance("HistologySpots", c));
        return new Result(ad, patches);
    }

    /**
     * The permutation reordered so that its first {@code markers} entries avoid the top 10% of baselines (where
     * possible): a marker of a highly expressed gene would take over its domain's libraries.
     */
    private static int[] markersFirst(double[] baseline, int[] perm, int markers) {
        double[] sorted = baseline.clone();
        java.util.Arrays.sort(sorted);
        double top = sorted[(int) Math.floor(0.9 * (sorted.length - 1))];
        int[] out = new int[perm.length];
        int a = 0;
        for (int j : perm) if (baseline[j] < top) out[a++] = j;
        if (a < markers) return perm;
        for (int j : perm) if (baseline[j] >= top) out[a++] = j;
        return out;
    }

    // ---------------------------------------------------------------- spots and domains

    /** The spots of all sections, appended section by section. */
    private static final class Spots {
        int n;
        int[] sample = new int[0], domain = new int[0];
        long[] row = new long[0], col = new long[0];
        float[] xy = new float[0];
        double[] pi = new double[0], factor = new double[0];

        void addSection(Config c, int s, Rng rng) {
            int nd = c.domains();
            double half = c.spotSpacingUm() / 2, rowStep = c.spotSpacingUm() * Math.sqrt(3) / 2;
            double width = (2 * (c.gridCols() - 1) + 1) * half, height = (c.gridRows() - 1) * rowStep;
            double cx = width / 2, cy = height / 2;
            double ax = Math.max(c.tissueFill() * width / 2, half), ay = Math.max(c.tissueFill() * height / 2, half);
            double a = rng.uniform(0, 2 * Math.PI), b = rng.uniform(0, 2 * Math.PI);
            // Spots inside the wobbly ellipse.
            int max = c.gridRows() * c.gridCols();
            double[] px = new double[max], py = new double[max];
            long[] rr = new long[max], cc = new long[max];
            int m = 0;
            for (int r = 0; r < c.gridRows(); r++)
                for (int q = 0; q < c.gridCols(); q++) {
                    int col = 2 * q + (r % 2);
                    double x = col * half, y = r * rowStep;
                    double u = (x - cx) / ax, v = (y - cy) / ay, theta = Math.atan2(v, u);
                    double limit = 1 + 0.05 * (Math.sin(3 * theta + a) + Math.sin(5 * theta + b));
                    if (Math.sqrt(u * u + v * v) > limit) continue;
                    px[m] = x;
                    py[m] = y;
                    rr[m] = r;
                    cc[m++] = col;
                }
            if (m == 0) { // a tiny grid: keep the centre spot
                px[0] = cx; py[0] = cy; rr[0] = 0; cc[0] = 0; m = 1;
            }
            // Domain seeds by k-means++ seeding.
            int[] seeds = new int[nd];
            double[] nearest = new double[m];
            java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
            for (int k = 0; k < nd; k++) {
                if (k == 0) seeds[k] = rng.nextInt(m);
                else {
                    double total = 0;
                    for (double d : nearest) total += d;
                    seeds[k] = total > 0 ? rng.categorical(nearest) : rng.nextInt(m);
                }
                for (int i = 0; i < m; i++) {
                    double dx = px[i] - px[seeds[k]], dy = py[i] - py[seeds[k]];
                    nearest[i] = Math.min(nearest[i], dx * dx + dy * dy);
                }
            }
            SmoothField[] warp = new SmoothField[nd];
            for (int k = 0; k < nd; k++) warp[k] = new SmoothField(rng, 16, 8 * c.spotSpacingUm());
            SmoothField[] factors = new SmoothField[3];
            for (int k = 0; k < 3; k++) factors[k] = new SmoothField(rng, 64, c.imageFactorLengthScaleUm());

            int base = n;
            grow(m, nd);
            double[] d = new double[nd];
            for (int i = 0; i < m; i++) {
                int o = base + i;
                sample[o] = s;
                row[o] = rr[i];
                col[o] = cc[i];
                xy[2 * o] = (float) px[i];
                xy[2 * o + 1] = (float) py[i];
                int best = 0;
                for (int k = 0; k < nd; k++) {
                    double dx = px[i] - px[seeds[k]], dy = py[i] - py[seeds[k]];
                    d[k] = Math.sqrt(dx * dx + dy * dy) * Math.exp(c.domainWarp() * warp[k].at(px[i], py[i]));
                    if (d[k] < d[best]) best = k;
                }
                domain[o] = best;
                double[] w = new double[nd];
                for (int k = 0; k < nd; k++) w[k] = -d[k] / c.boundaryWidthUm();
                SimKit.softmax(w);
                System.arraycopy(w, 0, pi, o * nd, nd);
                for (int k = 0; k < 3; k++) factor[o * 3 + k] = factors[k].at(px[i], py[i]);
            }
        }

        private void grow(int m, int nd) {
            n += m;
            sample = java.util.Arrays.copyOf(sample, n);
            domain = java.util.Arrays.copyOf(domain, n);
            row = java.util.Arrays.copyOf(row, n);
            col = java.util.Arrays.copyOf(col, n);
            xy = java.util.Arrays.copyOf(xy, 2 * n);
            pi = java.util.Arrays.copyOf(pi, nd * n);
            factor = java.util.Arrays.copyOf(factor, 3 * n);
        }

        String[] names() {
            String[] out = new String[n];
            for (int i = 0; i < n; i++)
                out[i] = "S" + (sample[i] + 1) + "_r" + SimKit.pad((int) row[i], 3) + "_c" + SimKit.pad((int) col[i], 3);
            return out;
        }
    }

    /**
     * A smooth random field of unit variance on the plane: &radic;(2/J) &Sigma; cos(&omega;<sub>j</sub>&middot;x +
     * &phi;<sub>j</sub>) with &omega; ~ N(0, I / length&sup2;) (random Fourier features of a squared-exponential
     * Gaussian process).
     */
    private static final class SmoothField {
        final double[] wx, wy, phase;

        SmoothField(Rng rng, int features, double length) {
            wx = new double[features];
            wy = new double[features];
            phase = new double[features];
            for (int j = 0; j < features; j++) {
                wx[j] = rng.gaussian() / length;
                wy[j] = rng.gaussian() / length;
                phase[j] = rng.uniform(0, 2 * Math.PI);
            }
        }

        double at(double x, double y) {
            double v = 0;
            for (int j = 0; j < wx.length; j++) v += Math.cos(wx[j] * x + wy[j] * y + phase[j]);
            return v * Math.sqrt(2.0 / wx.length);
        }
    }

    // ---------------------------------------------------------------- patches

    /** The look of a domain or spot: what the patch renderer needs. */
    private record Look(double density, double radius, double[] hematoxylin, double[] eosin, double intensity,
                        double fibreAmplitude, double fibrePeriod) {
        /**
         * The looks of D domains. Density, radius, intensity and fibre amplitude are stratified: for each, the
         * domains take the D equal slices of its range in a random order, each at a uniform point of the middle
         * half of its slice, so any two domains differ in every one of these four.
         */
        static Look[] draw(Rng rng, int domains) {
            int[][] order = new int[4][];
            for (int k = 0; k < 4; k++) order[k] = rng.permutation(domains);
            Look[] out = new Look[domains];
            for (int d = 0; d < domains; d++) {
                double[] h = {0.30, 0.20, 0.50}, e = {0.90, 0.45, 0.70};
                for (int ch = 0; ch < 3; ch++) {
                    h[ch] = clamp(h[ch] + 0.05 * rng.gaussian());
                    e[ch] = clamp(e[ch] + 0.05 * rng.gaussian());
                }
                double[] u = new double[4];
                for (int k = 0; k < 4; k++) u[k] = (order[k][d] + rng.uniform(0.25, 0.75)) / domains;
                out[d] = new Look(5 + 35 * u[0], 2.5 + 2.5 * u[1], h, e, 0.3 + 0.6 * u[2], 0.5 * u[3],
                        rng.uniform(6, 20));
            }
            return out;
        }

        /** The spot's look: domain looks mixed by pi, then the image factors applied. */
        static Look mix(Look[] looks, double[] pi, int piAt, double[] factor, int fAt, double strength) {
            double density = 0, radius = 0, logit = 0, amp = 0, period = 0;
            double[] h = new double[3], e = new double[3];
            for (int d = 0; d < looks.length; d++) {
                double w = pi[piAt + d];
                Look l = looks[d];
                density += w * l.density;
                radius += w * l.radius;
                logit += w * Math.log(l.intensity / (1 - l.intensity));
                amp += w * l.fibreAmplitude;
                period += w * l.fibrePeriod;
                for (int ch = 0; ch < 3; ch++) {
                    h[ch] += w * l.hematoxylin[ch];
                    e[ch] += w * l.eosin[ch];
                }
            }
            return new Look(density * Math.exp(strength * factor[fAt]), radius * Math.exp(strength * factor[fAt + 2] / 2),
                    h, e, SimKit.sigmoid(logit + strength * factor[fAt + 1]), amp, period);
        }

        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("nuclei_density", density);
            m.put("nucleus_radius_um", radius);
            m.put("hematoxylin_rgb", hematoxylin.clone());
            m.put("eosin_rgb", eosin.clone());
            m.put("eosin_intensity", intensity);
            m.put("fibre_amplitude", fibreAmplitude);
            m.put("fibre_period_um", fibrePeriod);
            return m;
        }
    }

    /** Paints one patch, channel first, into {@code out[at ..]}. */
    private static void render(Look look, Config c, Rng rng, float[] out, int at) {
        int p = c.patchSize();
        double um = c.patchMicrons() / p, size = c.patchMicrons();
        double[][] img = new double[3][p * p];
        // Background: eosin over white, with fibres.
        double theta = rng.uniform(0, Math.PI), fibrePhase = rng.uniform(0, 2 * Math.PI);
        double cos = Math.cos(theta), sin = Math.sin(theta);
        for (int y = 0; y < p; y++)
            for (int x = 0; x < p; x++) {
                double u = (x + 0.5) * um, v = (y + 0.5) * um;
                double fibre = 1 + look.fibreAmplitude * Math.sin(2 * Math.PI * (u * cos + v * sin) / look.fibrePeriod
                        + fibrePhase);
                double k = clamp(look.intensity * fibre);
                for (int ch = 0; ch < 3; ch++) img[ch][y * p + x] = (1 - k) + k * look.eosin[ch];
            }
        // Nuclei: discs over a square extended by the largest likely radius, so that edges are covered evenly.
        double margin = 2 * look.radius, span = size + 2 * margin;
        int count = rng.poisson(look.density * span * span / 1e4);
        for (int q = 0; q < count; q++) {
            double cx = rng.uniform(-margin, size + margin), cy = rng.uniform(-margin, size + margin);
            double r = look.radius * Math.exp(0.15 * rng.gaussian()), shade = rng.uniform(0.8, 1.1);
            int x0 = Math.max(0, (int) Math.floor((cx - r) / um - 1)), x1 = Math.min(p - 1, (int) Math.ceil((cx + r) / um));
            int y0 = Math.max(0, (int) Math.floor((cy - r) / um - 1)), y1 = Math.min(p - 1, (int) Math.ceil((cy + r) / um));
            for (int y = y0; y <= y1; y++)
                for (int x = x0; x <= x1; x++) {
                    double dx = (x + 0.5) * um - cx, dy = (y + 0.5) * um - cy;
                    double cover = clamp((r - Math.sqrt(dx * dx + dy * dy)) / um + 0.5);
                    if (cover == 0) continue;
                    double alpha = 0.9 * cover;
                    for (int ch = 0; ch < 3; ch++) {
                        int i = y * p + x;
                        img[ch][i] = (1 - alpha) * img[ch][i] + alpha * clamp(look.hematoxylin[ch] * shade);
                    }
                }
        }
        for (int ch = 0; ch < 3; ch++)
            for (int i = 0; i < p * p; i++)
                out[at + ch * p * p + i] = (float) clamp(img[ch][i] + c.pixelNoiseSd() * rng.gaussian());
    }

    private static double clamp(double v) { return v < 0 ? 0 : v > 1 ? 1 : v; }
}
