package org.genex.cli;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.genex.tensor.Tensor;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG figures of {@code genex run} (XChart, headless): UMAP scatter plots and the metric bar chart. */
final class Plots {
    private Plots() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** A categorical palette (Tableau 20); groups beyond it cycle. */
    private static final int[] PALETTE = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2,
        0x7f7f7f, 0xbcbd22, 0x17becf, 0xaec7e8, 0xffbb78, 0x98df8a, 0xff9896, 0xc5b0d5, 0xc49c94, 0xf7b6d2,
        0xc7c7c7, 0xdbdb8d, 0x9edae5};

    /** A UMAP coloured by {@code groups} (one per cell; null: "NA"), written to {@code file}. */
    static void umap(Tensor umap, String[] groups, String title, Path file) {
        float[] xy = umap.toArray();
        Map<String, List<Integer>> byGroup = new TreeMap<>(Plots::compareLabels);
        for (int i = 0; i < groups.length; i++)
            byGroup.computeIfAbsent(groups[i] == null ? "NA" : groups[i], g -> new ArrayList<>()).add(i);
        XYChart c = new XYChartBuilder().width(640).height(560).title(title).xAxisTitle("UMAP1")
                .yAxisTitle("UMAP2").build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(3);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendVisible(byGroup.size() <= 40);
        c.getStyler().setAxisTicksVisible(false);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        int colour = 0;
        for (Map.Entry<String, List<Integer>> e : byGroup.entrySet()) {
            List<Integer> rows = e.getValue();
            double[] x = new double[rows.size()], y = new double[rows.size()];
            for (int j = 0; j < x.length; j++) {
                x[j] = xy[2 * rows.get(j)];
                y[j] = xy[2 * rows.get(j) + 1];
            }
            XYSeries s = c.addSeries(e.getKey() + " (" + rows.size() + ")", x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(new Color(PALETTE[colour++ % PALETTE.length]));
        }
        save(c, file);
    }

    /** Grouped bars: one group per method, one bar per metric. */
    static void metrics(List<MainJob.Score> scores, Path file) {
        CategoryChart c = new CategoryChartBuilder().width(640).height(420).title("Agreement with the labels")
                .yAxisTitle("score").build();
        c.getStyler().setYAxisMin(Math.min(0.0, scores.stream().mapToDouble(MainJob.Score::ari).min().orElse(0)));
        c.getStyler().setYAxisMax(1.0);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        List<String> methods = scores.stream().map(MainJob.Score::label).toList();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("ARI", scores.stream().map(MainJob.Score::ari).toList());
        series.put("NMI", scores.stream().map(MainJob.Score::nmi).toList());
        series.put("ACC", scores.stream().map(MainJob.Score::acc).toList());
        int colour = 0;
        for (Map.Entry<String, List<Double>> e : series.entrySet())
            c.addSeries(e.getKey(), methods, e.getValue()).setFillColor(new Color(PALETTE[colour++]));
        save(c, file);
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) {
        try {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }

    /** Numbers in numeric order, then text. */
    private static int compareLabels(String a, String b) {
        boolean na = a.matches("-?\\d{1,9}"), nb = b.matches("-?\\d{1,9}");
        if (na && nb) return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        if (na != nb) return na ? -1 : 1;
        return a.compareTo(b);
    }
}
