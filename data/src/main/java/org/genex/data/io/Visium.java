package org.genex.data.io;

import io.jhdf.HdfFile;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.Matrix;
import org.genex.tensor.Tensor;
import org.genex.tensor.io.Json;

import javax.imageio.ImageIO;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a 10x Visium (Space Ranger) output folder as scanpy's {@code read_visium} does: the spots x genes matrix of
 * {@code filtered_feature_bc_matrix.h5} ({@link TenxH5}), and from {@code spatial/}:
 *
 * <ul>
 *   <li>{@code tissue_positions_list.csv} (Space Ranger 1, no header) or {@code tissue_positions.csv} (Space
 *       Ranger &ge; 2, one header line): barcode, in_tissue, array_row, array_col, then the two full-resolution pixel
 *       coordinates. obs gets {@code in_tissue}, {@code array_row}, {@code array_col} (integers) for each spot of
 *       the matrix; {@code obsm["spatial"]} is (n_spots, 2) float32 holding the sixth then the fifth field, the order
 *       scanpy produces (x then y in image pixels: 10x's {@code pxl_col_in_fullres}, {@code pxl_row_in_fullres}).</li>
 *   <li>{@code scalefactors_json.json}: {@code uns["spatial"][library_id]["scalefactors"]}, a map of its numbers
 *       (as {@code Double}).</li>
 *   <li>{@code tissue_lowres_image.png} and, when present, {@code tissue_hires_image.png}:
 *       {@code uns["spatial"][library_id]["images"]["lowres"|"hires"]}, each a {@link Tensor} (H, W, 3) of floats
 *       in [0, 1] (value / 255 for 8-bit images), or (H, W, 4) when the PNG has alpha — what matplotlib's
 *       {@code imread} gives scanpy. A grey PNG is expanded to three equal channels (matplotlib returns (H, W)).</li>
 *   <li>{@code uns["spatial"][library_id]["metadata"]}: {@code chemistry_description} and
 *       {@code software_version} from the h5 root attributes.</li>
 * </ul>
 *
 * <p>{@code library_id} is the first of the h5's {@code library_ids} attribute unless given. Differences from
 * scanpy: a spot of the matrix that the positions list lacks is an error (scanpy leaves NaN); a missing low-res
 * image is an error while a missing hi-res image is skipped (scanpy warns for either); with {@code loadImages} false
 * the positions and scale factors are still read (scanpy then skips all of {@code spatial/}).
 */
public final class Visium {
    private Visium() {}

    /**
     * @param countFile  the matrix file in the folder (default {@code filtered_feature_bc_matrix.h5})
     * @param genome     passed to {@link TenxH5#read(Path, String)} (default null)
     * @param libraryId  the key under {@code uns["spatial"]} (default null: from the h5)
     * @param loadImages read the PNG images (default true)
     */
    public record Options(String countFile, String genome, String libraryId, boolean loadImages) {
        public static final Options DEFAULT = new Options("filtered_feature_bc_matrix.h5", null, null, true);
    }

    public static AnnData read(Path dir) { return read(dir, Options.DEFAULT); }

    public static AnnData read(Path dir, Options options) {
        Path counts = dir.resolve(options.countFile());
        if (!Files.isRegularFile(counts))
            throw new DataFormatException(counts, null, "missing: expected the count matrix " + options.countFile()
                    + " in the Visium folder " + dir);
        AnnData adata = TenxH5.read(counts, options.genome());
        Map<String, Object> metadata = new LinkedHashMap<>();
        String library;
        try (HdfFile h = TenxHdf.open(counts)) {
            library = options.libraryId() != null ? options.libraryId() : TenxHdf.attributeString(counts, h, "library_ids");
            for (String k : new String[]{"chemistry_description", "software_version"}) {
                String v = TenxHdf.attributeString(counts, h, k);
                if (v != null) metadata.put(k, v);
            }
        }
        if (library == null)
            throw new DataFormatException(counts, "/@library_ids", "missing root attribute; pass Options.libraryId");

        Path spatial = dir.resolve("spatial");
        Map<String, Object> images = new LinkedHashMap<>();
        if (options.loadImages()) {
            Path hires = spatial.resolve("tissue_hires_image.png");
            if (Files.isRegularFile(hires)) images.put("hires", image(hires));
            images.put("lowres", image(required(spatial, "tissue_lowres_image.png")));
        }
        Map<String, Object> lib = new LinkedHashMap<>();
        lib.put("images", images);
        lib.put("scalefactors", scaleFactors(required(spatial, "scalefactors_json.json")));
        lib.put("metadata", metadata);
        Map<String, Object> spatialUns = new LinkedHashMap<>();
        spatialUns.put(library, lib);
        adata.uns().put("spatial", spatialUns);

        Path newer = spatial.resolve("tissue_positions.csv");
        boolean header = Files.isRegularFile(newer);
        addPositions(adata, header ? newer : required(spatial, "tissue_positions_list.csv"), header);
        return adata;
    }

    /** Joins the positions list to the spots of the matrix (by barcode). */
    private static void addPositions(AnnData adata, Path file, boolean header) {
        Map<String, double[]> byBarcode = new HashMap<>();
        try (LineReader in = new LineReader(file)) {
            if (header && !in.next()) throw in.error("empty file; expected a header line");
            while (in.next()) {
                if (in.isBlank()) continue;
                String[] f = in.line().split(",", -1);
                if (f.length != 6)
                    throw in.error("expected 6 comma-separated fields (barcode, in_tissue, array_row, array_col, "
                            + "pxl_row_in_fullres, pxl_col_in_fullres), found " + f.length);
                double[] v = new double[5];
                for (int j = 0; j < 5; j++) {
                    byte[] b = f[j + 1].trim().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    try {
                        v[j] = j < 3 ? Decimals.parseLong(b, 0, b.length) : Decimals.parseDouble(b, 0, b.length);
                    } catch (NumberFormatException e) {
                        throw in.error("field " + (j + 2) + ": expected " + (j < 3 ? "an integer" : "a number")
                                + ", found " + e.getMessage());
                    }
                }
                if (byBarcode.put(f[0], v) != null) throw in.error("barcode " + f[0] + " listed twice");
            }
        }
        String[] spots = adata.obsNames();
        int n = spots.length;
        long[] inTissue = new long[n], row = new long[n], col = new long[n];
        float[] xy = new float[n * 2];
        for (int i = 0; i < n; i++) {
            double[] v = byBarcode.get(spots[i]);
            if (v == null)
                throw new DataFormatException(file, null, "no position for spot " + spots[i]
                        + " of the count matrix; expected every barcode of the matrix in the positions list");
            inTissue[i] = (long) v[0];
            row[i] = (long) v[1];
            col[i] = (long) v[2];
            xy[2 * i] = (float) v[4];
            xy[2 * i + 1] = (float) v[3];
        }
        adata.obs().put("in_tissue", new Column.Ints(inTissue)).put("array_row", new Column.Ints(row))
                .put("array_col", new Column.Ints(col));
        adata.obsm().put("spatial", Matrix.dense(n, 2, xy));
    }

    /** The scale factors: a JSON object of numbers, kept in file order as doubles. */
    private static Map<String, Object> scaleFactors(Path file) {
        Object json;
        try {
            json = Json.parse(Files.readAllBytes(file), 8);
        } catch (IOException e) {
            throw new DataFormatException(file, null, "cannot read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file, null, e.getMessage(), e);
        }
        if (!(json instanceof Map<?, ?> m))
            throw new DataFormatException(file, null, "expected a JSON object of scale factors");
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (!(v instanceof Number num))
                throw new DataFormatException(file, String.valueOf(k), "expected a number, found " + v);
            out.put((String) k, num.doubleValue());
        });
        return out;
    }

    /** A PNG as (H, W, 3 or 4) floats in [0, 1]. */
    static Tensor image(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new DataFormatException(file, null, "cannot decode the image: " + e.getMessage(), e);
        }
        if (img == null) throw new DataFormatException(file, null, "not an image format ImageIO can decode (expected PNG)");
        int h = img.getHeight(), w = img.getWidth();
        boolean alpha = img.getColorModel().hasAlpha();
        int c = alpha ? 4 : 3;
        float[] out = new float[h * w * c];
        Raster r = img.getRaster();
        if (img.getColorModel() instanceof ComponentColorModel cm && r.getNumBands() == cm.getNumComponents()
                && (cm.getColorSpace().getType() == ColorSpace.TYPE_RGB
                    || cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY)) {
            int bands = r.getNumBands();
            boolean grey = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
            float max = (1 << cm.getComponentSize(0)) - 1;
            int[] px = new int[bands];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    r.getPixel(x, y, px);
                    int o = (y * w + x) * c;
                    for (int k = 0; k < 3; k++) out[o + k] = px[grey ? 0 : k] / max;
                    if (alpha) out[o + 3] = px[bands - 1] / max;
                }
        } else { // palettes and packed layouts: through 8-bit sRGB
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int argb = img.getRGB(x, y), o = (y * w + x) * c;
                    out[o] = ((argb >> 16) & 0xff) / 255f;
                    out[o + 1] = ((argb >> 8) & 0xff) / 255f;
                    out[o + 2] = (argb & 0xff) / 255f;
                    if (alpha) out[o + 3] = (argb >>> 24) / 255f;
                }
        }
        return Tensor.wrap(out, h, w, c);
    }

    private static Path required(Path dir, String name) {
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f))
            throw new DataFormatException(f, null, "missing: expected " + name + " in " + dir);
        return f;
    }
}
