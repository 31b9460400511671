package org.genex.data.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import org.genex.data.AnnData;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.CsrMatrix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Reads a 10x Genomics HDF5 matrix as scanpy's {@code read_10x_h5} does, into an AnnData of cells x genes with a
 * float32 CSR X (the file's CSC over genes x cells holds the same bytes as CSR over cells x genes).
 *
 * <ul>
 *   <li>v3 (Cell Ranger &ge; 3, Space Ranger; a {@code matrix} group): {@code data} (int32, or float64 in Space
 *       Ranger 1.0), {@code indices}, {@code indptr} (int64 or int32), {@code shape} = [genes, cells],
 *       {@code barcodes}, {@code features/{id,name,feature_type,genome}}. var_names are the names; var columns
 *       {@code gene_ids}, {@code feature_types}, {@code genome}. A {@code genome} argument keeps the features of
 *       that genome; {@code gexOnly} (default true) keeps the "Gene Expression" features.</li>
 *   <li>v2 (Cell Ranger &le; 2, PyTables): one group per genome with {@code genes}, {@code gene_names},
 *       {@code barcodes}, {@code data}, {@code indices}, {@code indptr}, {@code shape}. {@code genome} null picks the
 *       only genome group, and fails listing them when there are several; root members that are not groups are
 *       ignored. var columns: {@code gene_ids}.</li>
 * </ul>
 *
 * <p>As in scanpy, var_names are not made unique here (call {@link AnnData#varNamesMakeUnique()}); unlike scanpy,
 * v3 ignores the extra {@code _all_tag_keys} feature columns (antibody/CRISPR tags) apart from {@code genome}, and
 * an unknown {@code genome} is an error listing the genomes present rather than an empty result.
 */
public final class TenxH5 {
    private TenxH5() {}

    /** Reads the only genome, with scanpy's defaults. */
    public static AnnData read(Path file) { return read(file, null, true); }

    /** Reads one genome (null: the only one, or all features of a v3 file), keeping "Gene Expression" features. */
    public static AnnData read(Path file, String genome) { return read(file, genome, true); }

    public static AnnData read(Path file, String genome, boolean gexOnly) {
        try (HdfFile h = TenxHdf.open(file)) {
            Map<String, Node> root = TenxHdf.guard(file, "/", h::getChildren);
            if (root.get("matrix") instanceof Group m) return v3(file, m, genome, gexOnly);
            return v2(file, root, genome);
        }
    }

    private static AnnData v3(Path file, Group m, String genome, boolean gexOnly) {
        int[] shape = shape(file, m);
        int nGenes = shape[0], nCells = shape[1];
        String[] barcodes = TenxHdf.strings(file, TenxHdf.dataset(file, m, "barcodes"), nCells);
        Group f = TenxHdf.group(file, m, "features");
        String[] ids = TenxHdf.strings(file, TenxHdf.dataset(file, f, "id"), nGenes);
        String[] names = TenxHdf.strings(file, TenxHdf.dataset(file, f, "name"), nGenes);
        String[] types = TenxHdf.strings(file, TenxHdf.dataset(file, f, "feature_type"), nGenes);
        String[] genomes = TenxHdf.has(file, f, "genome")
                ? TenxHdf.strings(file, TenxHdf.dataset(file, f, "genome"), nGenes) : null;
        if (genome != null && (genomes == null || !List.of(genomes).contains(genome)))
            throw new DataFormatException(file, TenxHdf.path(f, "genome"), "no features of genome '" + genome
                    + "'; genomes present: " + (genomes == null ? "none (no genome dataset)"
                    : new LinkedHashSet<>(List.of(genomes))));
        CsrMatrix x = TenxHdf.compressed(file, m, nCells, nGenes);

        DataFrame var = new DataFrame(names).put("gene_ids", ids).put("feature_types", types);
        if (genomes != null) var.put("genome", genomes);
        AnnData adata = new AnnData(Matrix.of(x), new DataFrame(barcodes), var);

        boolean[] keep = new boolean[nGenes];
        boolean all = true;
        for (int i = 0; i < nGenes; i++) {
            keep[i] = (genome == null || genomes != null && genomes[i].equals(genome))
                    && (!gexOnly || types[i].equals("Gene Expression"));
            all &= keep[i];
        }
        return all ? adata : adata.selectVars(keep);
    }

    private static AnnData v2(Path file, Map<String, Node> root, String genome) {
        List<String> genomes = new ArrayList<>();
        root.forEach((name, node) -> { if (node instanceof Group) genomes.add(name); });
        genomes.sort(null);
        if (genomes.isEmpty())
            throw new DataFormatException(file, "/", "no 'matrix' group (10x v3) and no genome group (10x v2); root holds "
                    + root.keySet());
        if (genome == null && genomes.size() > 1)
            throw new DataFormatException(file, "/", "several genomes " + genomes
                    + "; pass the genome to read (10x v2 files hold one group per genome)");
        String g = genome == null ? genomes.get(0) : genome;
        if (!genomes.contains(g))
            throw new DataFormatException(file, "/" + g, "no genome '" + g + "'; genomes present: " + genomes);
        Group grp = (Group) root.get(g);
        int[] shape = shape(file, grp);
        int nGenes = shape[0], nCells = shape[1];
        String[] ids = TenxHdf.strings(file, TenxHdf.dataset(file, grp, "genes"), nGenes);
        String[] names = TenxHdf.strings(file, TenxHdf.dataset(file, grp, "gene_names"), nGenes);
        String[] barcodes = TenxHdf.strings(file, TenxHdf.dataset(file, grp, "barcodes"), nCells);
        CsrMatrix x = TenxHdf.compressed(file, grp, nCells, nGenes);
        return new AnnData(Matrix.of(x), new DataFrame(barcodes), new DataFrame(names).put("gene_ids", ids));
    }

    /** {@code shape} = [genes, cells], checked. */
    private static int[] shape(Path file, Group g) {
        var d = TenxHdf.dataset(file, g, "shape");
        long[] s = TenxHdf.longs(file, d, 2);
        if (s[0] < 0 || s[1] < 0 || s[0] >= Integer.MAX_VALUE || s[1] >= Integer.MAX_VALUE)
            throw new DataFormatException(file, d.getPath(), "expected [genes, cells] below 2^31 - 1, found ["
                    + s[0] + ", " + s[1] + "]");
        return new int[]{(int) s[0], (int) s[1]};
    }
}
