package org.genex.experiments.gexbert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** CSV and number helpers of the GexBERT tasks. */
final class Tables {
    private Tables() {}

    static void csv(Path file, String header, List<String> lines) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            StringBuilder sb = new StringBuilder(header).append('\n');
            for (String l : lines) sb.append(l).append('\n');
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }

    static String f(double v) { return String.format(Locale.ROOT, "%.4f", v); }


    /** The rows x columns sub-matrix of x [n * g] as doubles. */
    static double[][] matrix(float[] x, int g, int[] rows, int[] cols) {
        double[][] out = new double[rows.length][cols.length];
        for (int i = 0; i < rows.length; i++)
            for (int j = 0; j < cols.length; j++) out[i][j] = x[rows[i] * g + cols[j]];
        return out;
    }
}
