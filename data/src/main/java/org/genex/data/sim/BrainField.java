package org.genex.data.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.data.io.DataFormatException;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;

/**
 * Brain-wide gene-expression samples drawn from known smooth 3-D fields, for the implicit neural representation of
 * specs/inr-brain.md (its &sect;9 test recipe, the per-sample inputs of &sect;2.3, the small configuration of &sect;4
 * and the interpolation evaluation of &sect;6). The ground truth is a {@link Field}: a function that can be evaluated
 * at any point in MNI millimetres and for any gene code, so an INR's predictions at held-out samples, on a voxel grid
 * or for a gene between the training genes can be scored against the truth.
 *
 * <h2>Generative model</h2>
 * <ol>
 *   <li><b>Volume.</b> An ellipsoid in MNI-like millimetres (centre and semi-axes in the config; the defaults
 *       enclose about 98% of the real AHBA sample coordinates). A point's normalised radius &rho; =
 *       &#8214;(x &minus; centre) / semi-axes&#8214; gives its tissue class, the INR's input c (code convention,
 *       inr-brain.md &sect;2.3): grey matter (&minus;1) where &rho; &ge; {@code greyShell} (cortex) or inside one of
 *       {@code nucleiPerHemisphere} spherical subcortical nuclei per hemisphere, white matter (+1) elsewhere inside,
 *       and 0 outside the ellipsoid (&rho; &gt; 1). Regions are the Voronoi cells of {@code regionsPerHemisphere}
 *       random centroids per hemisphere (a point only joins regions of its own hemisphere, x &lt; centre is
 *       left).</li>
 *   <li><b>Gene codes.</b> Gene g has a code t<sub>g</sub> ~ U(0, 1), the 1-D coordinate that a spectral embedding
 *       of the genes should recover ({@code var["gene_code"]}). Everything about a gene is a smooth function of its
 *       code through A = {@code archetypes} archetypes centred at &tau;<sub>k</sub> = k / (A &minus; 1) with weights
 *       w<sub>k</sub>(t) &prop; exp(&minus;(t &minus; &tau;<sub>k</sub>)&sup2; / (2 archetypeWidth&sup2;)),
 *       normalised to unit length (so mixtures keep the archetypes' variance).</li>
 *   <li><b>Smooth part.</b> M = {@code fourierFeatures} random Fourier features &phi;<sub>m</sub>(x) =
 *       cos(2&pi; &omega;<sub>m</sub>&middot;(x &minus; centre) + &psi;<sub>m</sub>), directions uniform on the
 *       sphere, frequencies |&omega;<sub>m</sub>| ~ U(0, maxBandLimit) cycles/mm, phases U(0, 2&pi;). With
 *       {@code symmetric}, &phi;<sub>m</sub> is averaged with its mirror image x &rarr; &minus;x about the midline,
 *       so every field is left-right symmetric. Gene code t has band limit B(t) = minBandLimit + (maxBandLimit
 *       &minus; minBandLimit) t and amplitudes a<sub>m</sub>(t) = &Sigma;<sub>k</sub> w<sub>k</sub>(t)
 *       c<sub>km</sub> &middot; taper(|&omega;<sub>m</sub>| / B(t)), c<sub>km</sub> ~ N(0, 1), taper(q) = 1 for q
 *       &le; 1/2, cos&sup2;(&pi;(q &minus; 1/2)) up to 1 and 0 beyond: <b>no feature above B(t) contributes</b>, so
 *       the smooth part is band-limited to B(t) along every line. The amplitudes are scaled so that &Sigma;
 *       a<sub>m</sub>&sup2; / 2 = fieldSd&sup2;.</li>
 *   <li><b>Structure.</b> Per archetype, a baseline ~ N(0, baselineSd&sup2;), one effect per region ~ N(0,
 *       regionEffectSd&sup2;) (the same for a region and its mirror when {@code symmetric}) and a grey/white effect ~
 *       N(0, tissueEffectSd&sup2;), mixed by w(t). These parts are piecewise constant, as parcels are.</li>
 *   <li><b>Field.</b> latent(t, x) = baseline(t) + &Sigma;<sub>m</sub> a<sub>m</sub>(t) &phi;<sub>m</sub>(x) +
 *       region effect(t, region(x)) + tissue effect(t) &middot; c(x); value(t, x) = &sigma;(latent), in (0, 1) like
 *       abagen's scaled-robust-sigmoid output.</li>
 *   <li><b>Samples.</b> {@code donors} donors of {@code samplesPerDonor} samples each, at points uniform in the
 *       ellipsoid, or, when {@code coordinates} names abagen's {@code corrected_mni_coordinates.csv(.gz)}, at real
 *       AHBA coordinates (a random disjoint subset per donor) moved by N(0, jitterMm&sup2;) per axis. Donor d has
 *       offsets o<sub>dg</sub> ~ N(0, donorOffsetSd&sup2;) per gene; a sample's value is &sigma;(latent(t<sub>g</sub>,
 *       x) + o<sub>dg</sub> + noiseSd &middot; &epsilon;).</li>
 * </ol>
 *
 * <h2>Output</h2>
 * <pre>
 *   X     (n, G) dense float32 values in (0, 1), samples by genes
 *   obs   donor (categorical), well_id, mni_x, mni_y, mni_z, classification (c: -1 grey, +1 white, 0 outside),
 *         region, hemisphere (L, R), structure (cortex, subcortex, white, outside)
 *   obsm  mni (n, 3): the coordinates
 *   var   gene_code (t), band_limit (cycles/mm), baseline
 *   uns   donor_offsets (donors, G), simulation
 * </pre>
 */
public final class BrainField {
    private BrainField() {}

    /** Structure categories, in code order. */
    public static final String[] STRUCTURES = {"cortex", "subcortex", "white", "outside"};

    /**
     * Every parameter, with its default ({@link #defaults()}: the small configuration of inr-brain.md &sect;4, 16
     * genes over two donors of 900 samples, like the whole-brain donors 9861 and 10021).
     *
     * @param genes                genes G (16)
     * @param donors               donors (2)
     * @param samplesPerDonor      samples per donor (900)
     * @param coordinates          abagen's corrected MNI coordinate table (CSV, optionally gzipped), or null for
     *                             points uniform in the ellipsoid (null)
     * @param jitterMm             sd of the jitter added to real coordinates, mm (1.0)
     * @param centreX              ellipsoid centre, MNI x in mm (0)
     * @param centreY              centre y (&minus;19)
     * @param centreZ              centre z (6)
     * @param semiAxisX            ellipsoid semi-axis along x, mm (72)
     * @param semiAxisY            semi-axis along y (86)
     * @param semiAxisZ            semi-axis along z (76)
     * @param greyShell            normalised radius beyond which tissue is cortical grey matter (0.75)
     * @param nucleiPerHemisphere  spherical subcortical grey-matter nuclei per hemisphere (3)
     * @param nucleusRadiusMm      their radius, mm (10)
     * @param regionsPerHemisphere Voronoi regions per hemisphere (10)
     * @param fourierFeatures      random Fourier features M (96)
     * @param minBandLimit         band limit of gene code 0, cycles/mm (0.01: wavelength 100 mm)
     * @param maxBandLimit         band limit of gene code 1 and the largest feature frequency, cycles/mm (0.04)
     * @param archetypes           archetypes the gene codes interpolate between, &ge; 2 (4)
     * @param archetypeWidth       width of an archetype's weight in gene-code units (0.2)
     * @param fieldSd              sd of the smooth part of the latent field (1.2)
     * @param baselineSd           sd of the archetype baselines (0.5)
     * @param regionEffectSd       sd of the region effects (0.4)
     * @param tissueEffectSd       sd of the grey/white effects (0.4)
     * @param donorOffsetSd        sd of the per-donor, per-gene offsets of the latent (0.2)
     * @param noiseSd              sd of the per-sample noise of the latent (0.15)
     * @param symmetric            left-right symmetric fields and regions (true)
     */
    public record Config(int genes, int donors, int samplesPerDonor, Path coordinates, double jitterMm,
                         double centreX, double centreY, double centreZ, double semiAxisX, double semiAxisY,
                         double semiAxisZ, double greyShell, int nucleiPerHemisphere, double nucleusRadiusMm,
                         int regionsPerHemisphere, int fourierFeatures, double minBandLimit, double maxBandLimit,
                         int archetypes, double archetypeWidth, double fieldSd, double baselineSd,
                         double regionEffectSd, double tissueEffectSd, double donorOffsetSd, double noiseSd,
                         boolean symmetric) {
        private static final String S = "BrainField";

        public Config {
            SimKit.positive(S, "genes", genes);
            SimKit.positive(S, "donors", donors);
            SimKit.positive(S, "samplesPerDonor", samplesPerDonor);
            SimKit.nonNegative(S, "jitterMm", jitterMm);
            SimKit.finite(S, "centreX", centreX);
            SimKit.finite(S, "centreY", centreY);
            SimKit.finite(S, "centreZ", centreZ);
            SimKit.positive(S, "semiAxisX", semiAxisX);
            SimKit.positive(S, "semiAxisY", semiAxisY);
            SimKit.positive(S, "semiAxisZ", semiAxisZ);
            SimKit.fraction(S, "greyShell", greyShell);
            SimKit.nonNegative(S, "nucleiPerHemisphere", nucleiPerHemisphere);
            SimKit.positive(S, "nucleusRadiusMm", nucleusRadiusMm);
            SimKit.positive(S, "regionsPerHemisphere", regionsPerHemisphere);
            SimKit.positive(S, "fourierFeatures", fourierFeatures);
            SimKit.positive(S, "minBandLimit", minBandLimit);
            SimKit.positive(S, "maxBandLimit", maxBandLimit);
            SimKit.ordered(S, "minBandLimit", minBandLimit, "maxBandLimit", maxBandLimit);
            if (archetypes < 2)
                throw new IllegalArgumentException(S + ".Config: archetypes must be >= 2, got " + archetypes);
            SimKit.positive(S, "archetypeWidth", archetypeWidth);
            SimKit.nonNegative(S, "fieldSd", fieldSd);
            SimKit.nonNegative(S, "baselineSd", baselineSd);
            SimKit.nonNegative(S, "regionEffectSd", regionEffectSd);
            SimKit.nonNegative(S, "tissueEffectSd", tissueEffectSd);
            SimKit.nonNegative(S, "donorOffsetSd", donorOffsetSd);
            SimKit.nonNegative(S, "noiseSd", noiseSd);
        }

        /** The defaults listed at {@link Config}. */
        public static Config defaults() {
            return new Config(16, 2, 900, null, 1.0, 0, -19, 6, 72, 86, 76, 0.75, 3, 10, 10, 96, 0.01, 0.04, 4, 0.2,
                    1.2, 0.5, 0.4, 0.4, 0.2, 0.15, true);
        }

        /** This config with other sizes. */
        public Config withSizes(int genes, int donors, int samplesPerDonor) {
            return new Config(genes, donors, samplesPerDonor, coordinates, jitterMm, centreX, centreY, centreZ,
                    semiAxisX, semiAxisY, semiAxisZ, greyShell, nucleiPerHemisphere, nucleusRadiusMm,
                    regionsPerHemisphere, fourierFeatures, minBandLimit, maxBandLimit, archetypes, archetypeWidth,
                    fieldSd, baselineSd, regionEffectSd, tissueEffectSd, donorOffsetSd, noiseSd, symmetric);
        }

        /** This config sampling around the real coordinates in this file (null: uniform in the ellipsoid). */
        public Config withCoordinates(Path file) {
            return new Config(genes, donors, samplesPerDonor, file, jitterMm, centreX, centreY, centreZ, semiAxisX,
                    semiAxisY, semiAxisZ, greyShell, nucleiPerHemisphere, nucleusRadiusMm, regionsPerHemisphere,
                    fourierFeatures, minBandLimit, maxBandLimit, archetypes, archetypeWidth, fieldSd, baselineSd,
                    regionEffectSd, tissueEffectSd, donorOffsetSd, noiseSd, symmetric);
        }

        /** This config with other structure strengths and symmetry (0 turns a piecewise-constant part off). */
        public Config withStructure(double regionEffectSd, double tissueEffectSd, boolean symmetric) {
            return new Config(genes, donors, samplesPerDonor, coordinates, jitterMm, centreX, centreY, centreZ,
                    semiAxisX, semiAxisY, semiAxisZ, greyShell, nucleiPerHemisphere, nucleusRadiusMm,
                    regionsPerHemisphere, fourierFeatures, minBandLimit, maxBandLimit, archetypes, archetypeWidth,
                    fieldSd, baselineSd, regionEffectSd, tissueEffectSd, donorOffsetSd, noiseSd, symmetric);
        }
    }

    /**
     * The simulated samples and the field they were drawn from.
     *
     * @param adata the AnnData described at {@link BrainField}
     * @param field the ground-truth field
     */
    public record Result(AnnData adata, Field field) {}

    /** Simulates with a stream seeded by {@code seed}. */
    public static Result simulate(Config config, long seed) { return simulate(config, Rng.seeded(seed)); }

    /** Simulates from named sub-streams of {@code rng} (which is not advanced): a function of its key and the config. */
    public static Result simulate(Config c, Rng rng) {
        Rng r = rng.fork("BrainField");
        Field field = new Field(c, r.fork("field"));
        int g = c.genes(), nd = c.donors(), per = c.samplesPerDonor(), n = nd * per;

        // Coordinates.
        double[] xyz = new double[3 * n];
        String[] wellIds = new String[n];
        Rng where = r.fork("coordinates");
        if (c.coordinates() == null) {
            for (int i = 0; i < n; i++) {
                double[] u;
                do u = new double[] {where.uniform(-1, 1), where.uniform(-1, 1), where.uniform(-1, 1)};
                while (u[0] * u[0] + u[1] * u[1] + u[2] * u[2] > 1);
                xyz[3 * i] = c.centreX() + c.semiAxisX() * u[0];
                xyz[3 * i + 1] = c.centreY() + c.semiAxisY() * u[1];
                xyz[3 * i + 2] = c.centreZ() + c.semiAxisZ() * u[2];
                wellIds[i] = "w" + SimKit.pad(i + 1, Integer.toString(n).length());
            }
        } else {
            Coordinates real = readCoordinates(c.coordinates());
            if (real.ids.length < n)
                throw new IllegalArgumentException("BrainField: " + nd + " donors x " + per + " samples need " + n
                        + " coordinates, but " + c.coordinates() + " has " + real.ids.length);
            int[] pick = where.sampleWithoutReplacement(real.ids.length, n);
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < 3; a++) xyz[3 * i + a] = real.xyz[3 * pick[i] + a] + c.jitterMm() * where.gaussian();
                wellIds[i] = real.ids[pick[i]];
            }
        }

        // Values.
        Rng noise = r.fork("samples");
        double[][] offsets = field.offsets;
        float[] x = new float[n * g];
        double[] phi = new double[c.fourierFeatures()];
        int[] donor = new int[n], region = new int[n], hemisphere = new int[n], structure = new int[n];
        long[] cls = new long[n];
        double[] mx = new double[n], my = new double[n], mz = new double[n];
        float[] mni = new float[3 * n];
        for (int i = 0; i < n; i++) {
            double px = xyz[3 * i], py = xyz[3 * i + 1], pz = xyz[3 * i + 2];
            donor[i] = i / per;
            field.features(px, py, pz, phi);
            region[i] = field.region(px, py, pz);
            int tc = field.tissueClass(px, py, pz);
            for (int j = 0; j < g; j++) {
                double latent = field.genes[j].latent(phi, region[i], tc);
                x[i * g + j] = (float) SimKit.sigmoid(latent + offsets[donor[i]][j] + c.noiseSd() * noise.gaussian());
            }
            cls[i] = tc;
            hemisphere[i] = field.left(px) ? 0 : 1;
            structure[i] = field.structure(px, py, pz);
            mx[i] = px;
            my[i] = py;
            mz[i] = pz;
            mni[3 * i] = (float) px;
            mni[3 * i + 1] = (float) py;
            mni[3 * i + 2] = (float) pz;
        }

        String[] geneNames = SimKit.names("G", g);
        String[] obsNames = new String[n];
        for (int i = 0; i < n; i++) obsNames[i] = "D" + (donor[i] + 1) + "_" + wellIds[i];
        AnnData ad = new AnnData(Matrix.of(Tensor.wrap(x, n, g)), new DataFrame(obsNames), new DataFrame(geneNames));
        ad.obs().put("donor", SimKit.categorical(donor, SimKit.names("D", nd))).put("well_id", wellIds)
                .put("mni_x", mx).put("mni_y", my).put("mni_z", mz).put("classification", new Column.Ints(cls))
                .put("region", SimKit.categorical(region, field.regionNames.clone()))
                .put("hemisphere", SimKit.categorical(hemisphere, new String[] {"L", "R"}))
                .put("structure", SimKit.categorical(structure, STRUCTURES));
        ad.obsm().put("mni", Matrix.of(Tensor.wrap(mni, n, 3)));
        double[] code = new double[g], band = new double[g], base = new double[g];
        for (int j = 0; j < g; j++) {
            code[j] = field.genes[j].code;
            band[j] = field.bandLimit(code[j]);
            base[j] = field.genes[j].baseline;
        }
        ad.var().put("gene_code", code).put("band_limit", band).put("baseline", base);
        float[] off = new float[nd * g];
        for (int d = 0; d < nd; d++) for (int j = 0; j < g; j++) off[d * g + j] = (float) offsets[d][j];
        ad.uns().put("donor_offsets", Matrix.of(Tensor.wrap(off, nd, g)));
        ad.uns().put("simulation", SimKit.provenance("BrainField", c));
        return new Result(ad, field);
    }

    /**
     * The ground-truth field: geometry (ellipsoid, tissue classes, regions) and, for any gene code in [0, 1], the
     * latent field and its value &sigma;(latent) at any point in MNI millimetres; also the donors' offsets. Immutable.
     */
    public static final class Field {
        private final double[] centre, semi;
        private final double greyShell, nucleusRadius, minBand, maxBand, fieldSd, width;
        private final double[][] nuclei, centroids;
        private final boolean[] centroidLeft;
        private final String[] regionNames;
        private final double[][] freq;   // (M, 3) cycles/mm
        private final double[] phase, radius;
        private final double[] archetypeCentre, archetypeBaseline, archetypeTissue;
        private final double[][] archetypeAmplitude, archetypeRegion; // (A, M), (A, regions)
        private final boolean symmetric;
        private final Gene[] genes;
        private final double[][] offsets; // (donors, genes)

        Field(Config c, Rng rng) {
            centre = new double[] {c.centreX(), c.centreY(), c.centreZ()};
            semi = new double[] {c.semiAxisX(), c.semiAxisY(), c.semiAxisZ()};
            greyShell = c.greyShell();
            nucleusRadius = c.nucleusRadiusMm();
            minBand = c.minBandLimit();
            maxBand = c.maxBandLimit();
            fieldSd = c.fieldSd();
            width = c.archetypeWidth();
            symmetric = c.symmetric();

            // Geometry: nuclei deep inside, region centroids anywhere inside; mirrored when symmetric.
            Rng geo = rng.fork("geometry");
            nuclei = new double[2 * c.nucleiPerHemisphere()][];
            for (int q = 0; q < c.nucleiPerHemisphere(); q++) {
                nuclei[q] = pointInEllipsoid(geo, 0.55, true);
                nuclei[c.nucleiPerHemisphere() + q] = symmetric ? mirror(nuclei[q]) : pointInEllipsoid(geo, 0.55, false);
            }
            int rh = c.regionsPerHemisphere();
            centroids = new double[2 * rh][];
            centroidLeft = new boolean[2 * rh];
            regionNames = new String[2 * rh];
            String[] suffix = SimKit.names("", rh);
            for (int q = 0; q < rh; q++) {
                centroids[q] = pointInEllipsoid(geo, 1, true);
                centroids[rh + q] = symmetric ? mirror(centroids[q]) : pointInEllipsoid(geo, 1, false);
                centroidLeft[q] = true;
                regionNames[q] = "L" + suffix[q];
                regionNames[rh + q] = "R" + suffix[q];
            }

            // Fourier features.
            Rng f = rng.fork("features");
            int m = c.fourierFeatures();
            freq = new double[m][3];
            phase = new double[m];
            radius = new double[m];
            for (int q = 0; q < m; q++) {
                double gx = f.gaussian(), gy = f.gaussian(), gz = f.gaussian();
                double norm = Math.sqrt(gx * gx + gy * gy + gz * gz);
                radius[q] = f.uniform(0, 1) * maxBand;
                freq[q][0] = radius[q] * gx / norm;
                freq[q][1] = radius[q] * gy / norm;
                freq[q][2] = radius[q] * gz / norm;
                phase[q] = f.uniform(0, 2 * Math.PI);
            }

            // Archetypes.
            Rng a = rng.fork("archetypes");
            int na = c.archetypes();
            archetypeCentre = new double[na];
            archetypeBaseline = new double[na];
            archetypeTissue = new double[na];
            archetypeAmplitude = new double[na][];
            archetypeRegion = new double[na][2 * rh];
            for (int k = 0; k < na; k++) {
                archetypeCentre[k] = (double) k / (na - 1);
                archetypeBaseline[k] = c.baselineSd() * a.gaussian();
                archetypeTissue[k] = c.tissueEffectSd() * a.gaussian();
                archetypeAmplitude[k] = SimKit.gaussians(a, m, 1);
                for (int q = 0; q < rh; q++) {
                    archetypeRegion[k][q] = c.regionEffectSd() * a.gaussian();
                    archetypeRegion[k][rh + q] = symmetric ? archetypeRegion[k][q] : c.regionEffectSd() * a.gaussian();
                }
            }

            Rng codes = rng.fork("genes");
            genes = new Gene[c.genes()];
            for (int j = 0; j < genes.length; j++) genes[j] = gene(codes.nextDouble());
            Rng donors = rng.fork("donors");
            offsets = new double[c.donors()][];
            for (int d = 0; d < offsets.length; d++) offsets[d] = SimKit.gaussians(donors, genes.length, c.donorOffsetSd());
        }

        // ------------------------------------------------------------ genes

        /** Genes simulated (the observed ones); codes of others can be queried too. */
        public int genes() { return genes.length; }

        /** The code t of simulated gene g. */
        public double code(int gene) { return genes[checkGene(gene)].code; }

        /** The band limit B(t) of gene code t, in cycles per mm: no smooth-part frequency exceeds it. */
        public double bandLimit(double code) { return minBand + (maxBand - minBand) * code; }

        /** The offset of donor d for simulated gene g (added to the latent). */
        public double donorOffset(int donor, int gene) {
            if (donor < 0 || donor >= offsets.length)
                throw new IndexOutOfBoundsException("donor " + donor + " outside 0.." + (offsets.length - 1));
            return offsets[donor][checkGene(gene)];
        }

        /** The latent field of gene code t (any value in [0, 1]) at (x, y, z) mm. */
        public double latent(double code, double x, double y, double z) {
            checkCode(code);
            return at(gene(code), x, y, z);
        }

        /** The value &sigma;(latent) of gene code t at (x, y, z) mm: the noise- and donor-free truth. */
        public double value(double code, double x, double y, double z) {
            return SimKit.sigmoid(latent(code, x, y, z));
        }

        /** The latent field of simulated gene g at (x, y, z). */
        public double latentOfGene(int gene, double x, double y, double z) {
            return at(genes[checkGene(gene)], x, y, z);
        }

        /** The value of simulated gene g at (x, y, z). */
        public double valueOfGene(int gene, double x, double y, double z) {
            return SimKit.sigmoid(latentOfGene(gene, x, y, z));
        }

        /** Values of simulated gene g at the rows of {@code points} (n, 3) in mm: a tensor (n). */
        public Tensor valuesOfGene(int gene, Tensor points) {
            if (points.rank() != 2 || points.dim(1) != 3)
                throw new IllegalArgumentException("Field.valuesOfGene: points must be (n, 3), got " + points.shape());
            Gene gn = genes[checkGene(gene)];
            float[] p = points.toArray();
            float[] out = new float[points.dim(0)];
            for (int i = 0; i < out.length; i++)
                out[i] = (float) SimKit.sigmoid(at(gn, p[3 * i], p[3 * i + 1], p[3 * i + 2]));
            return Tensor.wrap(out, out.length);
        }

        // ------------------------------------------------------------ geometry

        /** The normalised ellipsoid radius &rho; of a point: &le; 1 inside the volume. */
        public double ellipsoidRadius(double x, double y, double z) {
            double u = (x - centre[0]) / semi[0], v = (y - centre[1]) / semi[1], w = (z - centre[2]) / semi[2];
            return Math.sqrt(u * u + v * v + w * w);
        }

        /** The INR's tissue class c: &minus;1 grey matter, +1 white matter, 0 outside the volume. */
        public int tissueClass(double x, double y, double z) {
            int s = structure(x, y, z);
            return s == 3 ? 0 : s == 2 ? 1 : -1;
        }

        /** Index into {@link #STRUCTURES}: 0 cortex, 1 subcortex, 2 white, 3 outside. */
        public int structure(double x, double y, double z) {
            double rho = ellipsoidRadius(x, y, z);
            if (rho > 1) return 3;
            if (rho >= greyShell) return 0;
            for (double[] c : nuclei) {
                double dx = x - c[0], dy = y - c[1], dz = z - c[2];
                if (dx * dx + dy * dy + dz * dz <= nucleusRadius * nucleusRadius) return 1;
            }
            return 2;
        }

        /** The region of a point: the nearest centroid of its own hemisphere. */
        public int region(double x, double y, double z) {
            boolean left = left(x);
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int q = 0; q < centroids.length; q++) {
                if (centroidLeft[q] != left) continue;
                double dx = x - centroids[q][0], dy = y - centroids[q][1], dz = z - centroids[q][2];
                double d = dx * dx + dy * dy + dz * dz;
                if (d < bestD) {
                    bestD = d;
                    best = q;
                }
            }
            return best;
        }

        /** Region names: L01.., then R01.. (region q and q + regionsPerHemisphere are mirror images when symmetric). */
        public String[] regionNames() { return regionNames.clone(); }

        /** The mirror image of x about the midline of the volume. */
        public double mirrorX(double x) { return 2 * centre[0] - x; }

        boolean left(double x) { return x < centre[0]; }

        // ------------------------------------------------------------ internals

        /** The smooth-part features at a point (symmetrised when symmetric). */
        void features(double x, double y, double z, double[] out) {
            double dx = x - centre[0], dy = y - centre[1], dz = z - centre[2];
            for (int q = 0; q < freq.length; q++) {
                double yz = freq[q][1] * dy + freq[q][2] * dz;
                double v = Math.cos(2 * Math.PI * (freq[q][0] * dx + yz) + phase[q]);
                if (symmetric) v = 0.5 * (v + Math.cos(2 * Math.PI * (-freq[q][0] * dx + yz) + phase[q]));
                out[q] = v;
            }
        }

        private double at(Gene g, double x, double y, double z) {
            double[] phi = new double[freq.length];
            features(x, y, z, phi);
            return g.latent(phi, region(x, y, z), tissueClass(x, y, z));
        }

        /** The parameters of gene code t, mixed from the archetypes. */
        private Gene gene(double t) {
            int na = archetypeCentre.length;
            double[] w = new double[na];
            double norm = 0;
            for (int k = 0; k < na; k++) {
                double d = (t - archetypeCentre[k]) / width;
                w[k] = Math.exp(-0.5 * d * d);
                norm += w[k] * w[k];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < na; k++) w[k] /= norm;
            double band = bandLimit(t), energy = 0;
            double[] amp = new double[freq.length];
            for (int q = 0; q < amp.length; q++) {
                double taper = taper(radius[q] / band);
                if (taper == 0) continue;
                for (int k = 0; k < na; k++) amp[q] += w[k] * archetypeAmplitude[k][q];
                amp[q] *= taper;
                energy += amp[q] * amp[q] / 2;
            }
            double scale = energy > 0 ? fieldSd / Math.sqrt(energy) : 0;
            for (int q = 0; q < amp.length; q++) amp[q] *= scale;
            double base = 0, tissue = 0;
            double[] regionEffect = new double[centroids.length];
            for (int k = 0; k < na; k++) {
                base += w[k] * archetypeBaseline[k];
                tissue += w[k] * archetypeTissue[k];
                for (int q = 0; q < regionEffect.length; q++) regionEffect[q] += w[k] * archetypeRegion[k][q];
            }
            return new Gene(t, amp, base, regionEffect, tissue);
        }

        /** 1 up to q = 1/2, a cos&sup2; roll-off to 0 at q = 1, and 0 beyond: continuous in q. */
        static double taper(double q) {
            if (q <= 0.5) return 1;
            if (q >= 1) return 0;
            double c = Math.cos(Math.PI * (q - 0.5));
            return c * c;
        }

        private double[] pointInEllipsoid(Rng rng, double maxRho, boolean left) {
            double[] u;
            do u = new double[] {rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)};
            while (u[0] * u[0] + u[1] * u[1] + u[2] * u[2] > maxRho * maxRho || u[0] == 0);
            double sx = left ? -Math.abs(u[0]) : Math.abs(u[0]);
            return new double[] {centre[0] + semi[0] * sx, centre[1] + semi[1] * u[1], centre[2] + semi[2] * u[2]};
        }

        private double[] mirror(double[] p) { return new double[] {mirrorX(p[0]), p[1], p[2]}; }

        private int checkGene(int gene) {
            if (gene < 0 || gene >= genes.length)
                throw new IndexOutOfBoundsException("gene " + gene + " outside 0.." + (genes.length - 1));
            return gene;
        }

        private static void checkCode(double code) {
            if (!(code >= 0 && code <= 1))
                throw new IllegalArgumentException("Field: a gene code must be in [0, 1], got " + code);
        }
    }

    /** A gene's parameters: smooth-part amplitudes, baseline, region and tissue effects. */
    private record Gene(double code, double[] amplitude, double baseline, double[] regionEffect, double tissue) {
        double latent(double[] phi, int region, int tissueClass) {
            double v = baseline + regionEffect[region] + tissue * tissueClass;
            for (int q = 0; q < phi.length; q++) v += amplitude[q] * phi[q];
            return v;
        }
    }

    // ---------------------------------------------------------------- real coordinates

    /** Well ids and coordinates (n, 3) read from an abagen coordinate table. */
    private record Coordinates(String[] ids, double[] xyz) {}

    /**
     * Reads abagen's {@code corrected_mni_coordinates.csv(.gz)}: a header naming {@code well_id} and the three
     * coordinate columns ({@code corrected_mni_x/y/z}, or {@code mni_x/y/z}), then one sample per line.
     */
    static Coordinates readCoordinates(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null) throw new DataFormatException(file, "line 1", "expected a header, found an empty file");
            List<String> cols = Arrays.asList(header.strip().split(","));
            int id = cols.indexOf("well_id");
            int[] xyz = new int[3];
            String[] axes = {"x", "y", "z"};
            for (int a = 0; a < 3; a++) {
                xyz[a] = cols.indexOf("corrected_mni_" + axes[a]);
                if (xyz[a] < 0) xyz[a] = cols.indexOf("mni_" + axes[a]);
            }
            if (id < 0 || xyz[0] < 0 || xyz[1] < 0 || xyz[2] < 0)
                throw new DataFormatException(file, "line 1", "expected columns well_id and corrected_mni_x/y/z (or "
                        + "mni_x/y/z), found " + cols);
            List<String> ids = new ArrayList<>();
            List<double[]> points = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                String[] f = line.strip().split(",", -1);
                if (f.length != cols.size())
                    throw new DataFormatException(file, "line " + lineNo, "expected " + cols.size() + " fields, found "
                            + f.length);
                double[] p = new double[3];
                for (int a = 0; a < 3; a++) {
                    try {
                        p[a] = Double.parseDouble(f[xyz[a]]);
                    } catch (NumberFormatException e) {
                        throw new DataFormatException(file, "line " + lineNo, "expected a number for "
                                + cols.get(xyz[a]) + ", found '" + f[xyz[a]] + "'");
                    }
                    if (!Double.isFinite(p[a]))
                        throw new DataFormatException(file, "line " + lineNo, "expected a finite coordinate, found "
                                + f[xyz[a]]);
                }
                ids.add(f[id]);
                points.add(p);
            }
            double[] flat = new double[3 * points.size()];
            for (int i = 0; i < points.size(); i++) System.arraycopy(points.get(i), 0, flat, 3 * i, 3);
            return new Coordinates(ids.toArray(String[]::new), flat);
        } catch (IOException e) {
            throw new UncheckedIOException("BrainField: cannot read coordinates from " + file, e);
        }
    }
}
