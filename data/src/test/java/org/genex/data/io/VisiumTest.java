package org.genex.data.io;

import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.Matrix;
import org.genex.tensor.Tensor;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.genex.data.io.TenxTestFiles.assertFormatError;
import static org.genex.data.io.TenxTestFiles.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VisiumTest {
    @TempDir Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> library(AnnData a, String id) {
        return (Map<String, Object>) ((Map<String, Object>) a.uns().get("spatial")).get(id);
    }

    /** Expected values from scanpy's read_visium conventions, computed with pandas/h5py/matplotlib on the fixture. */
    @Test
    @SuppressWarnings("unchecked")
    void fixtureAsScanpyReadsIt() {
        AnnData a = Visium.read(TestTensors.fixture("scanpy/visium_1.0.0"));
        assertEquals(100, a.nObs());
        assertEquals(100, a.nVars());
        assertEquals(List.of("in_tissue", "array_row", "array_col"), a.obs().columnNames());
        // AAACAAGTATCTCCCA-1,1,50,102,8513,9811 in tissue_positions_list.csv
        assertEquals("AAACAAGTATCTCCCA-1", a.obsNames()[0]);
        assertEquals(1, ((Column.Ints) a.obs().get("in_tissue")).values()[0]);
        assertEquals(50, ((Column.Ints) a.obs().get("array_row")).values()[0]);
        assertEquals(102, ((Column.Ints) a.obs().get("array_col")).values()[0]);
        Matrix spatial = a.obsm().matrix("spatial");
        assertEquals(2, spatial.cols());
        assertEquals(9811f, spatial.get(0, 0));
        assertEquals(8513f, spatial.get(0, 1));
        assertEquals(4104f, spatial.get(1, 0));
        assertEquals(9605f, spatial.get(1, 1));
        double[] sums = new double[2];
        long inTissue = 0, rows = 0;
        for (int i = 0; i < 100; i++) {
            sums[0] += spatial.get(i, 0);
            sums[1] += spatial.get(i, 1);
            inTissue += ((Column.Ints) a.obs().get("in_tissue")).values()[i];
            rows += ((Column.Ints) a.obs().get("array_row")).values()[i];
        }
        assertArrayEquals(new double[]{718704, 696014}, sums);
        assertEquals(100, inTissue);
        assertEquals(3697, rows);

        Map<String, Object> lib = library(a, "custom");
        assertEquals(List.of("images", "scalefactors", "metadata"), List.copyOf(lib.keySet()));
        Map<String, Object> sf = (Map<String, Object>) lib.get("scalefactors");
        assertEquals(89.42751063343188, sf.get("spot_diameter_fullres"));
        assertEquals(0.150015, sf.get("tissue_hires_scalef"));
        assertEquals(144.45982486939, sf.get("fiducial_diameter_fullres"));
        assertEquals(0.045004502, sf.get("tissue_lowres_scalef"));
        assertEquals("spaceranger-1.0.0", ((Map<String, Object>) lib.get("metadata")).get("software_version"));

        Map<String, Object> images = (Map<String, Object>) lib.get("images");
        assertFalse(images.containsKey("hires"), "the fixture has no hi-res image");
        Tensor low = (Tensor) images.get("lowres");
        assertArrayEquals(new int[]{600, 600, 3}, low.shape().dims());
        // matplotlib.image.imread: float32 value / 255
        assertArrayEquals(new float[]{179 / 255f, 181 / 255f, 178 / 255f}, pixel(low, 0, 0));
        assertArrayEquals(new float[]{180 / 255f, 181 / 255f, 178 / 255f}, pixel(low, 599, 599));
        assertArrayEquals(new float[]{179 / 255f, 176 / 255f, 182 / 255f}, pixel(low, 300, 100));
        double mean = 0;
        for (float v : low.toArray()) mean += v;
        assertEquals(0.6507029272923452, mean / low.size(), 1e-6);
    }

    private static float[] pixel(Tensor img, int y, int x) {
        return new float[]{img.get(y, x, 0), img.get(y, x, 1), img.get(y, x, 2)};
    }

    /** A copy of the fixture folder in the temp dir, for variants. */
    private Path copy() throws Exception {
        Path src = TestTensors.fixture("scanpy/visium_1.0.0");
        Path out = Files.createDirectories(dir.resolve("v").resolve("spatial"));
        Files.copy(src.resolve("filtered_feature_bc_matrix.h5"), out.getParent().resolve("filtered_feature_bc_matrix.h5"));
        for (String f : new String[]{"tissue_positions_list.csv", "scalefactors_json.json", "tissue_lowres_image.png"})
            Files.copy(src.resolve("spatial").resolve(f), out.resolve(f));
        return out.getParent();
    }

    /** Space Ranger >= 2: tissue_positions.csv with a header; a hi-res image when present; a given library id. */
    @Test
    @SuppressWarnings("unchecked")
    void spaceRanger2HeaderHiresAndLibraryId() throws Exception {
        Path v = copy();
        Path sp = v.resolve("spatial");
        String body = Files.readString(sp.resolve("tissue_positions_list.csv"));
        Files.delete(sp.resolve("tissue_positions_list.csv"));
        text(sp.resolve("tissue_positions.csv"),
                "barcode,in_tissue,array_row,array_col,pxl_row_in_fullres,pxl_col_in_fullres\n" + body);
        BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(1, 2, 0x80ff0000);
        ImageIO.write(img, "png", sp.resolve("tissue_hires_image.png").toFile());
        AnnData a = Visium.read(v, new Visium.Options("filtered_feature_bc_matrix.h5", null, "slide1", true));
        assertEquals(9811f, a.obsm().matrix("spatial").get(0, 0));
        Map<String, Object> images = (Map<String, Object>) library(a, "slide1").get("images");
        assertEquals(List.of("hires", "lowres"), List.copyOf(images.keySet()));
        Tensor hi = (Tensor) images.get("hires");
        assertArrayEquals(new int[]{3, 4, 4}, hi.shape().dims());
        assertEquals(1f, hi.get(2, 1, 0));
        assertEquals(0f, hi.get(2, 1, 1));
        assertEquals(128 / 255f, hi.get(2, 1, 3));

        AnnData noImages = Visium.read(v, new Visium.Options("filtered_feature_bc_matrix.h5", null, null, false));
        assertTrue(((Map<String, Object>) library(noImages, "custom").get("images")).isEmpty());
    }

    @Test
    void missingFilesAndSpots() throws Exception {
        Path v = copy();
        Path sp = v.resolve("spatial");
        Files.delete(sp.resolve("scalefactors_json.json"));
        assertFormatError(() -> Visium.read(v), "scalefactors_json.json", "missing");
        text(sp.resolve("scalefactors_json.json"), "{\"tissue_lowres_scalef\": \"big\"}");
        assertFormatError(() -> Visium.read(v), "scalefactors_json.json", "tissue_lowres_scalef", "expected a number");
        text(sp.resolve("scalefactors_json.json"), "{\"tissue_lowres_scalef\": 0.5,");
        assertFormatError(() -> Visium.read(v), "scalefactors_json.json", "malformed JSON");
        text(sp.resolve("scalefactors_json.json"), "{\"tissue_lowres_scalef\": 0.5}");

        text(sp.resolve("tissue_positions_list.csv"), "AAACAAGTATCTCCCA-1,1,50,102,8513,9811\n");
        assertFormatError(() -> Visium.read(v), "tissue_positions_list.csv", "no position for spot");
        text(sp.resolve("tissue_positions_list.csv"), "AAACAAGTATCTCCCA-1,1,50,102,8513\n");
        assertFormatError(() -> Visium.read(v), "tissue_positions_list.csv", "line 1", "expected 6");
        text(sp.resolve("tissue_positions_list.csv"), "AAACAAGTATCTCCCA-1,yes,50,102,8513,9811\n");
        assertFormatError(() -> Visium.read(v), "line 1", "field 2", "an integer");
        Files.delete(sp.resolve("tissue_positions_list.csv"));
        assertFormatError(() -> Visium.read(v), "tissue_positions_list.csv", "missing");

        text(sp.resolve("tissue_lowres_image.png"), "not a png");
        assertFormatError(() -> Visium.read(v), "tissue_lowres_image.png");
        Files.delete(v.resolve("filtered_feature_bc_matrix.h5"));
        assertFormatError(() -> Visium.read(v), "filtered_feature_bc_matrix.h5", "missing");
    }
}
