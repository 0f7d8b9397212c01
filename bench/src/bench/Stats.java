package bench;

import java.util.Arrays;

/** Percentiles by nearest rank over all samples (no histogram buckets). */
final class Stats {

    private Stats() {
    }

    /** p in [0, 100]; NaN for no samples. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double max(double[] values) {
        return values.length == 0 ? Double.NaN : Arrays.stream(values).max().getAsDouble();
    }

    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "n/a";
        }
        if (Double.isInfinite(millis)) {
            return "not sent";
        }
        return millis >= 100 ? String.format("%,.0f ms", millis) : String.format("%.1f ms", millis);
    }

    static String num(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return value >= 100 ? String.format("%,.0f", value) : String.format("%.1f", value);
    }
}
