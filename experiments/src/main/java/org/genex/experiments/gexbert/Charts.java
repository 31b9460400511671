package org.genex.experiments.gexbert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** XChart helpers for the GexBERT figures (headless PNG). */
final class Charts {
    private Charts() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    static XYChart lines(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(620).height(420).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setLegendVisible(true);
        return c;
    }

    static void series(XYChart c, String name, double[] x, double[] y) {
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
    }

    static CategoryChart bars(String title, String x, String y) {
        CategoryChart c = new CategoryChartBuilder().width(720).height(420).title(title).xAxisTitle(x).yAxisTitle(y)
                .build();
        c.getStyler().setLegendVisible(true);
        return c;
    }

    /** A heat map of {@code z[row][col]}: columns on x, rows on y. */
    static HeatMapChart heatmap(String title, List<String> cols, List<String> rows, double[][] z) {
        HeatMapChart c = new HeatMapChartBuilder().width(900).height(460).title(title).build();
        c.getStyler().setShowValue(false);
        c.getStyler().setLegendVisible(true);
        int[] xs = new int[cols.size()], ys = new int[rows.size()];
        java.util.List<Number[]> data = new java.util.ArrayList<>();
        for (int i = 0; i < rows.size(); i++)
            for (int j = 0; j < cols.size(); j++) data.add(new Number[]{j, i, z[i][j]});
        c.addSeries("attention", cols, rows, data);
        return c;
    }

    static void save(Chart<?, ?> chart, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            String name = file.toString();
            if (name.endsWith(".png")) name = name.substring(0, name.length() - 4);
            BitmapEncoder.saveBitmap(chart, name, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }
}
