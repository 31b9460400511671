package org.genex.experiments.tron;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.genex.experiments.tron.SyntheticBenchmark.Row;
import org.genex.experiments.tron.TronMethods.Method;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** Tables (CSV, markdown) and plots (PNG) of benchmark rows: mean &plusmn; sd over seeds per (n, method). */
public final class BenchmarkTables {
    private BenchmarkTables() {}

    /** {mean, sd (n-1), count} of a metric over the rows of (n, method) where it is defined. */
    public static double[] meanSd(List<Row> rows, int n, Method m, String metric) {
        List<Double> v = new ArrayList<>();
        for (Row r : rows)
            if (r.n() == n && r.method() == m && !Double.isNaN(r.metric(metric))) v.add(r.metric(metric));
        if (v.isEmpty()) return new double[] {Double.NaN, Double.NaN, 0};
        double mean = 0, ss = 0;
        for (double x : v) mean += x;
        mean /= v.size();
        for (double x : v) ss += (x - mean) * (x - mean);
        return new double[] {mean, v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : 0, v.size()};
    }

    /** Writes rows.csv, summary.csv, summary.md and the plots into {@code dir}; returns summary.md's text. */
    public static String write(List<Row> rows, int[] sizes, List<Method> methods, Path dir, String prefix)
            throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder(Row.HEADER).append('\n');
        for (Row r : rows) csv.append(r.csv()).append('\n');
        Files.writeString(dir.resolve(prefix + "rows.csv"), csv);

        StringBuilder sum = new StringBuilder("n,method,metric,mean,sd,seeds\n");
        for (int n : sizes)
            for (Method m : methods)
                for (String metric : SyntheticBenchmark.METRICS) {
                    double[] s = meanSd(rows, n, m, metric);
                    if (s[2] == 0) continue;
                    sum.append(n).append(',').append(m).append(',').append(metric).append(',')
                            .append(fmt(s[0])).append(',').append(fmt(s[1])).append(',').append((int) s[2]).append('\n');
                }
        Files.writeString(dir.resolve(prefix + "summary.csv"), sum);

        boolean cls = !rows.isEmpty() && !Double.isNaN(rows.get(0).accuracy());
        String md = cls ? markdown(rows, sizes, methods, "accuracy", "accuracy on held-out target cells")
                + "\n" + markdown(rows, sizes, methods, "macro_f1", "macro-F1")
                + "\n" + markdown(rows, sizes, methods, "macro_auroc", "macro one-vs-rest AUROC")
                + "\n" + markdown(rows, sizes, methods, "edge_auroc", "edge-recovery AUROC, all paralog groups")
                + "\n" + markdown(rows, sizes, methods, "edge_auprc", "edge-recovery AUPRC, all paralog groups")
                + "\n" + markdown(rows, sizes, methods, "alpha_correlation", "corr(w_e, alpha) over functional edges")
                : markdown(rows, sizes, methods, "r2", "R^2 on held-out target samples")
                + "\n" + markdown(rows, sizes, methods, "pearson", "Pearson r")
                + "\n" + markdown(rows, sizes, methods, "mse", "MSE")
                + "\n" + markdown(rows, sizes, methods, "edge_auroc", "edge-recovery AUROC, all paralog groups")
                + "\n" + markdown(rows, sizes, methods, "edge_auprc", "edge-recovery AUPRC, all paralog groups")
                + "\n" + markdown(rows, sizes, methods, "edge_auroc_phenotype_genes",
                "edge-recovery AUROC, paralog groups of phenotype genes")
                + "\n" + markdown(rows, sizes, methods, "alpha_correlation", "corr(w_e, alpha) over functional edges")
                + "\n" + markdown(rows, sizes, methods, "inv_alpha_correlation",
                "corr(w_e, 1/alpha) over functional edges")
                + "\n" + markdown(rows, sizes, methods, "ideal_weight_pearson",
                "Pearson corr(w_e, w*_e) over functional edges")
                + "\n" + markdown(rows, sizes, methods, "ideal_weight_spearman",
                "Spearman corr(w_e, w*_e) over functional edges");
        Files.writeString(dir.resolve(prefix + "summary.md"), md);

        List<XYChart> charts = List.of(cls ? chart(rows, sizes, methods, "accuracy", "accuracy (target test)")
                        : chart(rows, sizes, methods, "r2", "R^2 (target test)"),
                chart(rows, sizes, methods, "edge_auroc", "edge-recovery AUROC (paralogs)"));
        BitmapEncoder.saveBitmap(charts.get(0), dir.resolve(prefix + "learning_curve").toString(), BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(charts.get(1), dir.resolve(prefix + "edge_auroc").toString(), BitmapEncoder.BitmapFormat.PNG);
        return md;
    }

    /** A markdown table: a row per method, a column per n, "mean ± sd". */
    public static String markdown(List<Row> rows, int[] sizes, List<Method> methods, String metric, String title) {
        StringBuilder sb = new StringBuilder("**").append(title).append("** (mean ± sd over seeds)\n\n| method |");
        for (int n : sizes) sb.append(" n = ").append(n).append(" |");
        sb.append("\n|---|");
        for (int ignored : sizes) sb.append("---|");
        sb.append('\n');
        for (Method m : methods) {
            if (meanSd(rows, sizes[0], m, metric)[2] == 0) continue;
            sb.append("| ").append(m).append(" |");
            for (int n : sizes) {
                double[] s = meanSd(rows, n, m, metric);
                sb.append(s[2] == 0 ? " – |" : " " + fmt3(s[0]) + " ± " + fmt3(s[1]) + " |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static XYChart chart(List<Row> rows, int[] sizes, List<Method> methods, String metric, String title) {
        XYChart c = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("target training samples n")
                .yAxisTitle(metric).build();
        c.getStyler().setXAxisLogarithmic(true);
        for (Method m : methods) {
            List<Double> x = new ArrayList<>(), y = new ArrayList<>(), e = new ArrayList<>();
            for (int n : sizes) {
                double[] s = meanSd(rows, n, m, metric);
                if (s[2] == 0) continue;
                x.add((double) n);
                y.add(s[0]);
                e.add(s[1]);
            }
            if (!x.isEmpty()) c.addSeries(m.name(), x, y, e);
        }
        return c;
    }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.5g", v); }
    private static String fmt3(double v) { return String.format(Locale.ROOT, "%.3f", v); }
}
