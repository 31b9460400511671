package org.genex.data.genes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.genex.data.io.DataFormatException;
import org.genex.tensor.CsrMatrix;

/**
 * A gene ortholog table between two species, as the bipartite graph of ortholog pairs (source gene, target gene),
 * read from a two-column table such as celltypist's {@code Ensembl105_Human2Mouse_Genes.csv} (Ensembl 105
 * human &rarr; mouse symbols, no header). In that format an empty second field means the source gene has no
 * ortholog, an empty first field a target gene with no source ortholog (both are kept out of the graph), and
 * one-to-many orthology shows as repeated rows; repeated identical rows count once.
 *
 * <p>Degrees are counted over the whole table: a source gene is <em>one-to-one</em> with its ortholog when it has
 * exactly one ortholog and that ortholog has exactly one source gene (Ensembl's {@code ortholog_one2one}).
 *
 * <p>{@link #biadjacency} turns the graph into the mask of TRON's species-conversion layer (see
 * {@code specs/tron.md} &sect;2 and &sect;9): a CSR matrix with a row per source gene and a column per target gene
 * of two given gene lists (an AnnData's var names on each side), 1 where the genes are orthologs, or
 * {@code 1 / deg} row-normalised weights, which is TRON's initialisation {@code w_e = 1 / deg(i)} of the edges into
 * source gene i (the naive ortholog-mean mapping). TRON's source species is the species its pre-trained network was
 * trained on; when that is the table's second column use {@link #inverse()}.
 */
public final class OrthologMap {
    private final Map<String, List<String>> targetsBySource;
    private final Map<String, List<String>> sourcesByTarget;
    private final int pairs;

    private OrthologMap(Map<String, List<String>> targetsBySource) {
        this.targetsBySource = targetsBySource;
        Map<String, List<String>> inverse = new LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<String, List<String>> e : targetsBySource.entrySet())
            for (String t : e.getValue()) {
                inverse.computeIfAbsent(t, k -> new ArrayList<>(1)).add(e.getKey());
                n++;
            }
        inverse.replaceAll((k, v) -> List.copyOf(v));
        this.sourcesByTarget = inverse;
        this.pairs = n;
    }

    /**
     * Reads a two-column {@code source,target} CSV without header (plain or gzip). Fields are trimmed; rows with
     * an empty field carry no pair.
     *
     * @throws DataFormatException naming the line of a row that does not have exactly two fields
     */
    public static OrthologMap read(Path file) {
        Map<String, Set<String>> map = new LinkedHashMap<>();
        for (GeneTables.Row row : GeneTables.read(file, ',', 2, 2)) {
            String s = row.field(0).strip(), t = row.field(1).strip();
            if (s.isEmpty() || t.isEmpty()) continue;
            map.computeIfAbsent(s, k -> new LinkedHashSet<>(2)).add(t);
        }
        return fromSets(map);
    }

    /** The graph of these pairs: {@code pairs[k] = {source, target}}; repeats count once. */
    public static OrthologMap ofPairs(List<String[]> pairs) {
        Map<String, Set<String>> map = new LinkedHashMap<>();
        for (int k = 0; k < pairs.size(); k++) {
            String[] p = pairs.get(k);
            if (p == null || p.length != 2 || p[0] == null || p[1] == null || p[0].isEmpty() || p[1].isEmpty())
                throw new IllegalArgumentException("OrthologMap.ofPairs: pair " + k
                        + " must be two non-empty names, got "
                        + (p == null ? "null" : Arrays.toString(p)));
            map.computeIfAbsent(p[0], x -> new LinkedHashSet<>(2)).add(p[1]);
        }
        return fromSets(map);
    }

    private static OrthologMap fromSets(Map<String, Set<String>> map) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        map.forEach((s, ts) -> out.put(s, List.copyOf(ts)));
        return new OrthologMap(out);
    }

    /** The same graph read the other way: target genes become source genes. */
    public OrthologMap inverse() {
        return new OrthologMap(new LinkedHashMap<>(sourcesByTarget));
    }

    /** The orthologs of a source gene, in file order; empty when it has none. */
    public List<String> targets(String source) { return targetsBySource.getOrDefault(source, List.of()); }

    /** The source genes of which this target gene is an ortholog; empty when none. */
    public List<String> sources(String target) { return sourcesByTarget.getOrDefault(target, List.of()); }

    /** Whether the pair is one-to-one over the whole table. */
    public boolean isOneToOne(String source, String target) {
        List<String> ts = targets(source);
        return ts.size() == 1 && ts.get(0).equals(target) && sources(target).size() == 1;
    }

    /** The number of distinct (source, target) pairs. */
    public int pairCount() { return pairs; }

    /** The number of source genes with at least one ortholog. */
    public int sourceCount() { return targetsBySource.size(); }

    /** The number of target genes with at least one source ortholog. */
    public int targetCount() { return sourcesByTarget.size(); }

    /** The number of one-to-one pairs over the whole table. */
    public int oneToOneCount() {
        int n = 0;
        for (Map.Entry<String, List<String>> e : targetsBySource.entrySet())
            if (e.getValue().size() == 1 && sources(e.getValue().get(0)).size() == 1) n++;
        return n;
    }

    /** The source genes with at least one ortholog, in file order (unmodifiable). */
    public Set<String> sourceGenes() { return Collections.unmodifiableSet(targetsBySource.keySet()); }

    /** Which edges {@link #biadjacency} keeps. */
    public enum Pairs {
        /** Every ortholog pair: one-to-many and many-to-one included (TRON's orthogroup variant, spec A3). */
        ALL,
        /** Pairs that are one-to-one over the whole table (Ensembl's one2one; the closest to TRON's RBH default). */
        ONE_TO_ONE,
        /**
         * Pairs whose two genes each have exactly one ortholog among the two given gene lists: a gene whose other
         * orthologs are absent from the data counts as one-to-one here.
         */
        ONE_TO_ONE_IN_LISTS
    }

    /**
     * The biadjacency matrix between two gene lists.
     *
     * @param sourceGenes the row genes (say the var names of a human AnnData); a name may repeat, each copy gets
     *                    the same edges
     * @param targetGenes the column genes (say the var names of a mouse AnnData)
     * @param pairs       which ortholog pairs become edges
     * @param rowNormalise when true each edge of row i holds {@code 1 / deg(i)} (rows with edges sum to 1, TRON's
     *                    {@code W^0}); when false every edge holds 1 (the binary mask B)
     */
    public Biadjacency biadjacency(String[] sourceGenes, String[] targetGenes, Pairs pairs, boolean rowNormalise) {
        Map<String, int[]> targetPositions = positions(targetGenes, "targetGenes");
        int rows = sourceGenes.length, cols = targetGenes.length;

        // Candidate edges (row, col) in row order, columns ascending within a row.
        List<int[]> rowEdges = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            if (sourceGenes[i] == null)
                throw new IllegalArgumentException("biadjacency: sourceGenes[" + i + "] is null");
            int[] cs = new int[0];
            for (String t : targets(sourceGenes[i])) {
                int[] pos = targetPositions.get(t);
                if (pos == null) continue;
                if (pairs == Pairs.ONE_TO_ONE && !isOneToOne(sourceGenes[i], t)) continue;
                int[] grown = Arrays.copyOf(cs, cs.length + pos.length);
                System.arraycopy(pos, 0, grown, cs.length, pos.length);
                cs = grown;
            }
            Arrays.sort(cs);
            rowEdges.add(cs);
        }
        if (pairs == Pairs.ONE_TO_ONE_IN_LISTS) {
            int[] colDegree = new int[cols];
            for (int[] cs : rowEdges) for (int c : cs) colDegree[c]++;
            for (int i = 0; i < rows; i++) {
                int[] cs = rowEdges.get(i);
                if (cs.length != 1 || colDegree[cs[0]] != 1) rowEdges.set(i, new int[0]);
            }
        }

        int[] indptr = new int[rows + 1];
        for (int i = 0; i < rows; i++) indptr[i + 1] = indptr[i] + rowEdges.get(i).length;
        int nnz = indptr[rows];
        int[] indices = new int[nnz];
        float[] values = new float[nnz];
        int[] colDegree = new int[cols];
        int rowsMapped = 0;
        for (int i = 0; i < rows; i++) {
            int[] cs = rowEdges.get(i);
            if (cs.length > 0) rowsMapped++;
            float w = rowNormalise && cs.length > 0 ? (float) (1.0 / cs.length) : 1f;
            for (int k = 0; k < cs.length; k++) {
                indices[indptr[i] + k] = cs[k];
                values[indptr[i] + k] = w;
                colDegree[cs[k]]++;
            }
        }
        int colsMapped = 0, oneToOne = 0;
        for (int d : colDegree) if (d > 0) colsMapped++;
        for (int i = 0; i < rows; i++) {
            int[] cs = rowEdges.get(i);
            if (cs.length == 1 && colDegree[cs[0]] == 1) oneToOne++;
        }
        return new Biadjacency(new CsrMatrix(rows, cols, indptr, indices, values), rowsMapped, colsMapped, nnz,
                oneToOne);
    }

    /**
     * The biadjacency of two gene lists and what it covers.
     *
     * @param matrix          (source genes, target genes): 1 (or 1/deg) where orthologous; rows and columns in the
     *                        order of the lists given
     * @param sourceMapped    source genes (rows) with at least one edge
     * @param targetMapped    target genes (columns) with at least one edge
     * @param pairs           edges (the matrix's nnz)
     * @param oneToOnePairs   edges whose row and column both have exactly one edge in this matrix
     */
    public record Biadjacency(CsrMatrix matrix, int sourceMapped, int targetMapped, int pairs, int oneToOnePairs) {
        /** The edge list as (row, column) pairs: {@code [0]} the source rows, {@code [1]} the target columns. */
        public int[][] edges() {
            int[] r = new int[pairs], c = new int[pairs];
            int[] indptr = matrix.indptr();
            for (int i = 0; i < matrix.rows(); i++)
                for (int k = indptr[i]; k < indptr[i + 1]; k++) {
                    r[k] = i;
                    c[k] = matrix.indices()[k];
                }
            return new int[][] {r, c};
        }

        /** Edges per source gene (row degrees). */
        public int[] sourceDegrees() { return matrix.rowNnz(); }

        /** A one-line summary for logs. */
        public String summary() {
            return "orthologs: " + sourceMapped + " / " + matrix.rows() + " source genes and " + targetMapped + " / "
                    + matrix.cols() + " target genes mapped, " + pairs + " pairs, " + oneToOnePairs + " one-to-one";
        }
    }

    private static Map<String, int[]> positions(String[] names, String what) {
        Map<String, int[]> out = new HashMap<>(names.length * 2);
        for (int j = 0; j < names.length; j++) {
            if (names[j] == null) throw new IllegalArgumentException("biadjacency: " + what + "[" + j + "] is null");
            int[] prev = out.get(names[j]);
            if (prev == null) out.put(names[j], new int[] {j});
            else {
                int[] grown = Arrays.copyOf(prev, prev.length + 1);
                grown[prev.length] = j;
                out.put(names[j], grown);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "OrthologMap[" + sourceCount() + " source genes, " + targetCount() + " target genes, " + pairs
                + " pairs]";
    }
}
