package org.genex.data.sim;

import static org.genex.data.sim.SimTestStats.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.io.DataFormatException;
import org.genex.tensor.Rng;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrainFieldTest {
    static final long SEED = 21;
    static final BrainField.Config SMALL = BrainField.Config.defaults().withSizes(8, 2, 700);
    static BrainField.Result sim;

    @BeforeAll
    static void simulate() { sim = BrainField.simulate(SMALL, SEED); }

    @Test
    void samplesLieInTheVolumeWithConsistentAnnotations() {
        AnnData a = sim.adata();
        BrainField.Field f = sim.field();
        assertEquals(1400, a.nObs());
        assertEquals(8, a.nVars());
        double[] x = a.obs().get("mni_x").toDoubles(), y = a.obs().get("mni_y").toDoubles(),
                z = a.obs().get("mni_z").toDoubles();
        long[] cls = ((Column.Ints) a.obs().get("classification")).values();
        int[] structure = ((Column.Categorical) a.obs().get("structure")).codes();
        int[] hemi = ((Column.Categorical) a.obs().get("hemisphere")).codes();
        int[] region = ((Column.Categorical) a.obs().get("region")).codes();
        String[] regionNames = ((Column.Categorical) a.obs().get("region")).categories();
        int[] perStructure = new int[4];
        for (int i = 0; i < x.length; i++) {
            assertTrue(f.ellipsoidRadius(x[i], y[i], z[i]) <= 1);
            assertEquals(f.tissueClass(x[i], y[i], z[i]), cls[i]);
            assertEquals(structure[i] == 2 ? 1 : -1, cls[i], "white is +1, grey -1 (the code's convention)");
            assertEquals(x[i] < SMALL.centreX() ? 0 : 1, hemi[i]);
            assertEquals(hemi[i] == 0 ? 'L' : 'R', regionNames[region[i]].charAt(0));
            perStructure[structure[i]]++;
            for (int j = 0; j < 8; j++) {
                float v = a.requireX().get(i, j);
                assertTrue(v > 0 && v < 1);
            }
        }
        // uniform in the ellipsoid: the shell beyond rho = 0.75 holds 1 - 0.75^3 = 58% of the volume
        assertEquals(0.578, perStructure[0] / 1400.0, 0.05);
        assertTrue(perStructure[1] > 0 && perStructure[2] > 0, Arrays.toString(perStructure));
    }

    /** logit(X) minus the field and the donor offset is the per-sample noise: mean 0, sd noiseSd. */
    @Test
    void valuesAreTheFieldPlusDonorOffsetsAndNoise() {
        AnnData a = sim.adata();
        BrainField.Field f = sim.field();
        double[] x = a.obs().get("mni_x").toDoubles(), y = a.obs().get("mni_y").toDoubles(),
                z = a.obs().get("mni_z").toDoubles();
        int[] donor = ((Column.Categorical) a.obs().get("donor")).codes();
        double[] residual = new double[1400 * 8];
        for (int i = 0; i < 1400; i++)
            for (int j = 0; j < 8; j++) {
                double v = a.requireX().get(i, j);
                residual[i * 8 + j] = Math.log(v / (1 - v)) - f.latentOfGene(j, x[i], y[i], z[i])
                        - f.donorOffset(donor[i], j);
            }
        assertEquals(0, mean(residual), 0.01);
        assertEquals(SMALL.noiseSd(), Math.sqrt(variance(residual)), 0.01);
        // the offsets are what uns holds, and differ between donors
        for (int j = 0; j < 8; j++)
            assertEquals(f.donorOffset(1, j), ((org.genex.data.Matrix) a.uns().get("donor_offsets")).get(1, j), 1e-6);
        assertNotEquals(f.donorOffset(0, 0), f.donorOffset(1, 0));
    }

    /** Along any line, the smooth part of a gene's field has no power above its band limit. */
    @Test
    void smoothPartIsBandLimited() {
        BrainField.Field f = BrainField.simulate(SMALL.withStructure(0, 0, false), 3).field();
        double lowCode = 0.05, highCode = 0.95;
        double cut = f.bandLimit(lowCode) + 0.004; // plus two Hann main-lobe half-widths at 1/L = 1/1024 mm
        Rng rng = Rng.seeded(4);
        for (int line = 0; line < 3; line++) {
            double[] dir = {rng.gaussian(), rng.gaussian(), rng.gaussian()};
            double norm = Math.sqrt(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
            double low = powerAbove(f, lowCode, dir, norm, cut), high = powerAbove(f, highCode, dir, norm, cut);
            assertTrue(low < 1e-5, "fraction of power above " + cut + " for band limit " + f.bandLimit(lowCode)
                    + ": " + low);
            assertTrue(high > 0.01, "a gene of band limit " + f.bandLimit(highCode) + " has power above " + cut
                    + ": " + high);
        }
    }

    /** Fraction of the (mean-removed, Hann-windowed) power above {@code cut} cycles/mm along a 1,024 mm line. */
    private static double powerAbove(BrainField.Field f, double code, double[] dir, double norm, double cut) {
        int n = 2048;
        double step = 0.5;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double s = (i - n / 2) * step;
            v[i] = f.latent(code, s * dir[0] / norm, -19 + s * dir[1] / norm, 6 + s * dir[2] / norm);
        }
        double m = mean(v);
        for (int i = 0; i < n; i++) v[i] = (v[i] - m) * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)));
        double total = 0, above = 0;
        for (int k = 1; k <= n / 2; k++) {
            double re = 0, im = 0;
            for (int i = 0; i < n; i++) {
                double angle = 2 * Math.PI * k * i / n;
                re += v[i] * Math.cos(angle);
                im -= v[i] * Math.sin(angle);
            }
            double p = re * re + im * im, freq = k / (n * step);
            total += p;
            if (freq > cut) above += p;
        }
        return above / total;
    }

    @Test
    void symmetricFieldsAreMirrorImages() {
        BrainField.Field sym = sim.field();
        BrainField.Field asym = BrainField.simulate(SMALL.withStructure(0.4, 0.4, false), SEED).field();
        Rng rng = Rng.seeded(5);
        double maxAsym = 0;
        for (int i = 0; i < 300; i++) {
            double x = rng.uniform(-70, 70), y = rng.uniform(-100, 60), z = rng.uniform(-60, 75);
            double code = rng.nextDouble();
            assertEquals(sym.latent(code, x, y, z), sym.latent(code, sym.mirrorX(x), y, z), 1e-9);
            int r = sym.region(x, y, z), rm = sym.region(sym.mirrorX(x), y, z);
            if (x != sym.mirrorX(x))
                assertEquals(sym.regionNames()[r].substring(1), sym.regionNames()[rm].substring(1));
            maxAsym = Math.max(maxAsym, Math.abs(asym.latent(code, x, y, z) - asym.latent(code, asym.mirrorX(x), y, z)));
        }
        assertTrue(maxAsym > 0.5, "an asymmetric field differs from its mirror image: " + maxAsym);
    }

    /** Fields vary smoothly with the gene code: close codes give similar maps, far codes different ones. */
    @Test
    void closeGeneCodesHaveSimilarFields() {
        BrainField.Field f = sim.field();
        double[] x = sim.adata().obs().get("mni_x").toDoubles(), y = sim.adata().obs().get("mni_y").toDoubles(),
                z = sim.adata().obs().get("mni_z").toDoubles();
        int codes = 21;
        double[][] maps = new double[codes][400];
        for (int c = 0; c < codes; c++)
            for (int i = 0; i < 400; i++) maps[c][i] = f.latent(c / 20.0, x[i], y[i], z[i]);
        double near = 0, far = 0;
        int nNear = 0, nFar = 0;
        for (int a = 0; a < codes; a++)
            for (int b = a + 1; b < codes; b++) {
                double r = pearson(maps[a], maps[b]);
                if (b - a == 1) {
                    near += r;
                    nNear++;
                } else if (b - a >= 10) {
                    far += r;
                    nFar++;
                }
            }
        near /= nNear;
        far /= nFar;
        assertTrue(near > 0.85, "mean correlation of maps 0.05 apart in code " + near);
        assertTrue(far < near - 0.2, "mean correlation of maps >= 0.5 apart " + far);
        double[] gene = new double[400];
        for (int i = 0; i < 400; i++) gene[i] = f.latentOfGene(3, x[i], y[i], z[i]);
        double[] same = new double[400];
        for (int i = 0; i < 400; i++) same[i] = f.latent(f.code(3), x[i], y[i], z[i]);
        assertArrayEquals(gene, same, 1e-12);
    }

    /** An abagen-style inverse-distance 10-NN interpolation of the samples recovers the field at held-out points. */
    @Test
    void heldOutSamplesAreRecoverableByInterpolation() {
        AnnData a = sim.adata();
        double[] x = a.obs().get("mni_x").toDoubles(), y = a.obs().get("mni_y").toDoubles(),
                z = a.obs().get("mni_z").toDoubles();
        int test = 140, train = 1400 - test;
        int[][] neighbours = new int[test][10];
        double[][] weights = new double[test][10];
        for (int i = 0; i < test; i++) { // the 10 nearest training samples, by inverse distance
            double[] d = new double[train];
            for (int q = 0; q < train; q++) {
                int s = test + q;
                d[q] = Math.sqrt(Math.pow(x[s] - x[i], 2) + Math.pow(y[s] - y[i], 2) + Math.pow(z[s] - z[i], 2));
            }
            double[] sorted = d.clone();
            Arrays.sort(sorted);
            for (int q = 0, k = 0; q < train && k < 10; q++)
                if (d[q] <= sorted[9]) {
                    neighbours[i][k] = test + q;
                    weights[i][k++] = 1 / Math.max(d[q], 1e-9);
                }
        }
        double meanR = 0;
        for (int j = 0; j < 8; j++) {
            double[] truth = new double[test], pred = new double[test];
            for (int i = 0; i < test; i++) {
                truth[i] = sim.field().valueOfGene(j, x[i], y[i], z[i]);
                double num = 0, den = 0;
                for (int k = 0; k < 10; k++) {
                    num += weights[i][k] * a.requireX().get(neighbours[i][k], j);
                    den += weights[i][k];
                }
                pred[i] = num / den;
            }
            meanR += pearson(truth, pred) / 8;
        }
        assertTrue(meanR > 0.8, "mean correlation of the interpolation with the true field " + meanR);
    }

    @Test
    void realCoordinatesAreResampledWithJitter() throws IOException {
        Path file = TestTensors.fixture("abagen/corrected_mni_coordinates.csv.gz");
        Map<String, double[]> real = new HashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            String[] lines = new String(in.readAllBytes()).split("\n");
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].strip().split(",");
                real.put(f[0], new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])});
            }
        }
        BrainField.Result r = BrainField.simulate(SMALL.withSizes(4, 3, 500).withCoordinates(file), 8);
        AnnData a = r.adata();
        String[] ids = a.obs().get("well_id").toStrings();
        double[] x = a.obs().get("mni_x").toDoubles(), y = a.obs().get("mni_y").toDoubles(),
                z = a.obs().get("mni_z").toDoubles();
        Set<String> seen = new HashSet<>();
        double sumSq = 0;
        for (int i = 0; i < ids.length; i++) {
            assertTrue(seen.add(ids[i]), "well ids are drawn without replacement");
            double[] p = real.get(ids[i]);
            assertNotNull(p, ids[i]);
            sumSq += Math.pow(x[i] - p[0], 2) + Math.pow(y[i] - p[1], 2) + Math.pow(z[i] - p[2], 2);
        }
        assertEquals(SMALL.jitterMm(), Math.sqrt(sumSq / (3 * ids.length)), 0.1);
        long outside = Arrays.stream(((Column.Ints) a.obs().get("classification")).values()).filter(c -> c == 0).count();
        assertTrue(outside < 0.05 * ids.length, outside + " samples outside the ellipsoid");
        assertThrows(IllegalArgumentException.class,
                () -> BrainField.simulate(SMALL.withSizes(2, 4, 1000).withCoordinates(file), 8));
    }

    @Test
    void badCoordinateFilesAreReported(@TempDir Path dir) throws IOException {
        Path noColumns = dir.resolve("a.csv");
        Files.writeString(noColumns, "well_id,x,y,z\n1,2,3,4\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> BrainField.simulate(SMALL.withSizes(1, 1, 1).withCoordinates(noColumns), 1));
        assertTrue(e.getMessage().contains("corrected_mni_x"), e.getMessage());
        Path notANumber = dir.resolve("b.csv");
        Files.writeString(notANumber, "well_id,corrected_mni_x,corrected_mni_y,corrected_mni_z\n1,2,x,4\n");
        e = assertThrows(DataFormatException.class,
                () -> BrainField.simulate(SMALL.withSizes(1, 1, 1).withCoordinates(notANumber), 1));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        Path short_ = dir.resolve("c.csv");
        Files.writeString(short_, "well_id,corrected_mni_x,corrected_mni_y,corrected_mni_z\n1,2,3\n");
        assertThrows(DataFormatException.class,
                () -> BrainField.simulate(SMALL.withSizes(1, 1, 1).withCoordinates(short_), 1));
        Path empty = dir.resolve("d.csv.gz");
        try (OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(empty))) {
            out.write(new byte[0]);
        }
        assertThrows(DataFormatException.class,
                () -> BrainField.simulate(SMALL.withSizes(1, 1, 1).withCoordinates(empty), 1));
        assertThrows(java.io.UncheckedIOException.class,
                () -> BrainField.simulate(SMALL.withSizes(1, 1, 1).withCoordinates(dir.resolve("none.csv")), 1));
    }

    @Test
    void sameSeedSameDataOtherSeedOtherData() {
        BrainField.Config tiny = SMALL.withSizes(3, 2, 50);
        float[] a = BrainField.simulate(tiny, 1).adata().requireX().dense().toArray();
        assertArrayEquals(a, BrainField.simulate(tiny, 1).adata().requireX().dense().toArray());
        assertFalse(Arrays.equals(a, BrainField.simulate(tiny, 2).adata().requireX().dense().toArray()));
        assertThrows(IllegalArgumentException.class, () -> sim.field().latent(1.5, 0, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> sim.field().valueOfGene(8, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> SMALL.withSizes(0, 1, 1));
    }
}
