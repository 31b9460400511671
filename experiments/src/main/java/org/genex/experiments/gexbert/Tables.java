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

    /** Pearson correlation of the first n entries; NaN when either side is constant. */
    static double pearson(double[] a, double[] b, int n) {
        if (n < 2) return Double.NaN;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Double.NaN;
    }

    /** The rows x columns sub-matrix of x [n * g] as doubles. */
    static double[][] matrix(float[] x, int g, int[] rows, int[] cols) {
        double[][] out = new double[rows.length][cols.length];
        for (int i = 0; i < rows.length; i++)
            for (int j = 0; j < cols.length; j++) out[i][j] = x[rows[i] * g + cols[j]];
        return out;
    }
}
