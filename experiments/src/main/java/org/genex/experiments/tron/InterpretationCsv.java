package org.genex.experiments.tron;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.genex.nn.models.tron.TronInterpretation;

/**
 * The interpretation table as CSV: one row per ortholog edge, sorted by source gene and then by rank (the ranked
 * functional orthologs of each source gene): {@code source_gene, target_gene, rank, weight, initial_weight,
 * attribution, edge}.
 */
public final class InterpretationCsv {
    private InterpretationCsv() {}

    public static void write(Path file, List<TronInterpretation.Edge> edges, String[] sourceGenes,
                             String[] targetGenes) throws IOException {
        List<TronInterpretation.Edge> sorted = new java.util.ArrayList<>(edges);
        sorted.sort(java.util.Comparator.comparingInt(TronInterpretation.Edge::sourceGene)
                .thenComparingInt(TronInterpretation.Edge::rank));
        StringBuilder sb = new StringBuilder("source_gene,target_gene,rank,weight,initial_weight,attribution,edge\n");
        for (TronInterpretation.Edge e : sorted)
            sb.append(quote(sourceGenes[e.sourceGene()])).append(',').append(quote(targetGenes[e.targetGene()]))
                    .append(',').append(e.rank()).append(',').append(e.weight()).append(',').append(e.initial())
                    .append(',').append(String.format(Locale.ROOT, "%.6g", e.attribution())).append(',')
                    .append(e.edge()).append('\n');
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        Files.writeString(file, sb);
    }

    /** A CSV field, quoted when it holds a comma, quote or line break. */
    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
