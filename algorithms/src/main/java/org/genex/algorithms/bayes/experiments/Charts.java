package org.genex.algorithms.bayes.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.style.lines.SeriesLines;

/** Small XChart helpers for the experiments' PNG figures (headless). */
final class Charts {
    private Charts() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** An empty line chart. */
    static XYChart chart(String title, String xLabel, String yLabel) {
        XYChart c = new XYChartBuilder().width(520).height(380).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        c.getStyler().setLegendVisible(true);
        return c;
    }

    /** Adds a solid series, skipping NaN points. */
    static void line(XYChart c, String name, double[] x, double[] y) { add(c, name, x, y, false); }

    /** Adds a dashed series (published numbers), skipping NaN points. */
    static void dashed(XYChart c, String name, double[] x, double[] y) { add(c, name, x, y, true); }

    private static void add(XYChart c, String name, double[] x, double[] y, boolean dashed) {
        int m = 0;
        for (double v : y) if (Double.isFinite(v)) m++;
        if (m == 0) return;
        double[] xs = new double[m], ys = new double[m];
        for (int i = 0, j = 0; i < y.length; i++)
            if (Double.isFinite(y[i])) {
                xs[j] = x[i];
                ys[j++] = y[i];
            }
        XYSeries s = c.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.CIRCLE);
        if (dashed) s.setLineStyle(SeriesLines.DASH_DASH);
    }

    /** Writes charts in a grid to a PNG file. */
    static void save(List<XYChart> charts, int cols, Path file) {
        int rows = (charts.size() + cols - 1) / cols;
        try {
            String name = file.toString();
            if (name.endsWith(".png")) name = name.substring(0, name.length() - 4);
            if (charts.size() == 1) BitmapEncoder.saveBitmap(charts.get(0), name, BitmapEncoder.BitmapFormat.PNG);
            else BitmapEncoder.saveBitmap(charts, rows, cols, name, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }
}
