package bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plain SVG plots, written by the harness itself: grouped bars and lines, numbers on the bars. */
final class Svg {

    record Series(String name, double[] values) {
    }

    record Line(String name, double[] xs, double[] ys) {
    }

    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};
    private static final int W = 760;
    private static final int H = 380;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;

    private Svg() {
    }

    /** Grouped bars: one group per category, one bar per series; NaN draws no bar. */
    static String bars(String title, String yLabel, List<String> categories, List<Series> series, boolean log,
                       Double referenceLine, String referenceLabel) {
        StringBuilder svg = open(title);
        double max = 0;
        double min = Double.MAX_VALUE;
        for (Series s : series) {
            for (double v : s.values()) {
                if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                    max = Math.max(max, v);
                    if (v > 0) {
                        min = Math.min(min, v);
                    }
                }
            }
        }
        if (referenceLine != null) {
            max = Math.max(max, referenceLine);
            min = Math.min(min, referenceLine);
        }
        Scale scale = log ? Scale.log(min == Double.MAX_VALUE ? 1 : min, Math.max(max, 1)) : Scale.linear(max <= 0 ? 1 : max);
        axes(svg, yLabel, scale);
        int plotW = W - LEFT - RIGHT;
        double groupW = plotW / (double) Math.max(1, categories.size());
        double barW = Math.min(60, groupW * 0.8 / Math.max(1, series.size()));
        boolean infinite = false;
        for (int c = 0; c < categories.size(); c++) {
            double gx = LEFT + c * groupW + (groupW - barW * series.size()) / 2;
            for (int s = 0; s < series.size(); s++) {
                double v = series.get(s).values()[c];
                double x = gx + s * barW;
                if (Double.isNaN(v)) {
                    continue;
                }
                boolean off = Double.isInfinite(v);
                infinite |= off;
                double y = off ? TOP : scale.y(v);
                svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'%s/>%n",
                        x + 1, y, barW - 2, H - BOTTOM - y, COLOURS[s % COLOURS.length], off ? " fill-opacity='0.35'" : ""));
                svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' font-size='10' text-anchor='middle'>%s</text>%n",
                        x + barW / 2, y - 3, off ? "n/c" : esc(short3(v))));
            }
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='12' text-anchor='middle'>%s</text>%n",
                    LEFT + c * groupW + groupW / 2, H - BOTTOM + 18, esc(categories.get(c))));
        }
        if (referenceLine != null) {
            double y = scale.y(referenceLine);
            svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#444' stroke-dasharray='6,4'/>%n",
                    LEFT, W - RIGHT, y, y));
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' font-size='11' text-anchor='end' fill='#444'>%s</text>%n",
                    W - RIGHT - 4, y - 4, esc(referenceLabel)));
        }
        legend(svg, series.stream().map(Series::name).toList());
        if (infinite) {
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' text-anchor='end' fill='#444'>%s</text>%n",
                    W - RIGHT, H - 12, "pale bar, n/c: not confirmed within the run"));
        }
        return close(svg);
    }

    /** Lines over a shared x axis (seconds). */
    static String lines(String title, String xLabel, String yLabel, List<Line> lines) {
        StringBuilder svg = open(title);
        double maxX = 0;
        double maxY = 0;
        for (Line line : lines) {
            for (double x : line.xs()) {
                maxX = Math.max(maxX, x);
            }
            for (double y : line.ys()) {
                maxY = Math.max(maxY, y);
            }
        }
        Scale scale = Scale.linear(maxY <= 0 ? 1 : maxY);
        axes(svg, yLabel, scale);
        int plotW = W - LEFT - RIGHT;
        double xMax = maxX <= 0 ? 1 : maxX;
        double xStep = niceStep(xMax / 8);
        for (double x = 0; x <= xMax + 1e-9; x += xStep) {
            double px = LEFT + x / xMax * plotW;
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='11' text-anchor='middle'>%s</text>%n",
                    px, H - BOTTOM + 16, short3(x)));
        }
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='12' text-anchor='middle'>%s</text>%n",
                LEFT + plotW / 2, H - BOTTOM + 36, esc(xLabel)));
        for (int l = 0; l < lines.size(); l++) {
            Line line = lines.get(l);
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < line.xs().length; i++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + line.xs()[i] / xMax * plotW, scale.y(line.ys()[i])));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='%s' stroke-width='2' points='%s'/>%n",
                    COLOURS[l % COLOURS.length], points.toString().trim()));
        }
        legend(svg, lines.stream().map(Line::name).toList());
        return close(svg);
    }

    static void write(Path file, String svg) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, svg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Scale(boolean log, double lo, double hi) {
        static Scale linear(double max) {
            return new Scale(false, 0, niceCeil(max));
        }

        static Scale log(double min, double max) {
            return new Scale(true, Math.pow(10, Math.floor(Math.log10(min))), Math.pow(10, Math.ceil(Math.log10(max * 1.05))));
        }

        double y(double v) {
            double plotH = H - TOP - BOTTOM;
            double f = log ? (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : v / hi;
            return H - BOTTOM - Math.max(0, Math.min(1, f)) * plotH;
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (log) {
                for (double t = lo; t <= hi * 1.0001; t *= 10) {
                    ticks.add(t);
                }
            } else {
                double step = niceStep(hi / 5);
                for (double t = 0; t <= hi + 1e-9; t += step) {
                    ticks.add(t);
                }
            }
            return ticks;
        }
    }

    private static StringBuilder open(String title) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d' "
                + "font-family='Helvetica, Arial, sans-serif'>%n", W, H, W, H));
        svg.append(String.format("<rect width='%d' height='%d' fill='white'/>%n", W, H));
        svg.append(String.format("<text x='%d' y='24' font-size='15' font-weight='bold' text-anchor='middle'>%s</text>%n",
                W / 2, esc(title)));
        return svg;
    }

    private static void axes(StringBuilder svg, String yLabel, Scale scale) {
        for (double t : scale.ticks()) {
            double y = scale.y(t);
            svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#ddd'/>%n", LEFT, W - RIGHT, y, y));
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' font-size='11' text-anchor='end'>%s</text>%n",
                    LEFT - 6, y + 4, short3(t)));
        }
        svg.append(String.format("<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='black'/>%n", LEFT, W - RIGHT, H - BOTTOM, H - BOTTOM));
        svg.append(String.format("<line x1='%d' x2='%d' y1='%d' y2='%d' stroke='black'/>%n", LEFT, LEFT, TOP, H - BOTTOM));
        svg.append(String.format("<text transform='translate(18,%d) rotate(-90)' font-size='12' text-anchor='middle'>%s</text>%n",
                (TOP + H - BOTTOM) / 2, esc(yLabel)));
    }

    private static void legend(StringBuilder svg, List<String> names) {
        double x = LEFT;
        for (int i = 0; i < names.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%d' width='12' height='12' fill='%s'/>%n", x, H - 22,
                    COLOURS[i % COLOURS.length]));
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='12'>%s</text>%n", x + 16, H - 12, esc(names.get(i))));
            x += 24 + names.get(i).length() * 7;
        }
    }

    private static String close(StringBuilder svg) {
        return svg.append("</svg>\n").toString();
    }

    static double niceStep(double raw) {
        if (raw <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private static double niceCeil(double max) {
        double step = niceStep(max / 5);
        return Math.ceil(max * 1.08 / step) * step;
    }

    static String short3(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
