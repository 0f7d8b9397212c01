package bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites the results section of docs/performance.md from bench/results/FIGURE.{md,json,svg}:
 * a summary against issue 11's goals, then each figure's section. Whatever the file holds outside
 * the two markers is kept.
 */
final class Report {

    static final List<String> FIGURES = List.of("ingest", "latency", "sustained", "outage", "startup", "scale");
    /** What the smoke run measures (it starts no Kafka broker, so no scale figure). */
    static final List<String> SMOKE_FIGURES = List.of("ingest", "latency", "sustained", "outage", "startup");
    static final String START = "<!-- bench:results:start (written by bench/run; edit outside these markers) -->";
    static final String END = "<!-- bench:results:end -->";

    private Report() {
    }

    static void write(Path results, Path file, String imageDir) {
        write(results, file, imageDir, FIGURES);
    }

    static void write(Path results, Path file, String imageDir, List<String> figures) {
        String generated = START + "\n\n" + summary(results) + "\n" + sections(results, imageDir, figures) + END + "\n";
        String text;
        try {
            text = Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = text.indexOf(START.substring(0, 24));
        int end = text.indexOf(END);
        String out;
        if (start >= 0 && end > start) {
            out = text.substring(0, start) + generated + text.substring(end + END.length()).replaceFirst("^\n", "");
        } else {
            out = (text.isBlank() ? intro() : text.stripTrailing() + "\n\n") + generated;
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sections(Path results, String imageDir, List<String> figures) {
        StringBuilder out = new StringBuilder();
        for (String figure : figures) {
            Path md = results.resolve(figure + ".md");
            if (Files.exists(md)) {
                try {
                    out.append(Files.readString(md).replace("{{dir}}", imageDir)).append("\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                out.append("## ").append(figure).append("\n\nNot measured yet: `bench/run ").append(figure).append("`.\n\n");
            }
        }
        return out.toString();
    }

    private static JsonNode json(Path results, String figure) {
        Path file = results.resolve(figure + ".json");
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return Result.JSON.readTree(file.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    private static String summary(Path results) {
        List<List<String>> rows = new ArrayList<>();
        JsonNode ingest = json(results, "ingest");
        JsonNode latency = json(results, "latency");
        JsonNode sustained = json(results, "sustained");
        JsonNode outage = json(results, "outage");
        JsonNode startup = json(results, "startup");
        rows.add(List.of("ingest, hub / floor", ">= 0.5", ingest == null ? "-"
                : String.format("%.3f (hub %s msgs/s, floor %s msgs/s)", ingest.path("ratio").asDouble(),
                Stats.num(ingest.path("hub").path("acceptedPerSecond").asDouble()),
                Stats.num(ingest.path("floor").path("acceptedPerSecond").asDouble())), "140-207 vs 5,363 msgs/s"));
        for (int[] goal : new int[][] {{100, 100}, {300, 250}}) {
            rows.add(List.of("webhook -> reply sent p99 at " + goal[0] + " msg/s", "<= " + goal[1] + " ms",
                    latencyCell(latency, goal[0]), goal[0] == 100 ? "p50 498 ms, p99 843 ms at 42 msg/s" : ""));
        }
        rows.add(List.of("ack latency at 100 msg/s", "-", ackCell(latency, 100), "p50 9 ms, p99 54 ms at 42 msg/s"));
        rows.add(List.of("sustained conversations/s", ">= 300", sustained == null ? "-"
                : Stats.num(sustained.path("conversationsPerSecond").asDouble(Double.NaN)), "about 40"));
        rows.add(List.of("retry amplification, warehouse flapping 30 %", "<= 1.05", outage == null ? "-"
                : String.format("%.3f", outage.path("amplification").asDouble()), ""));
        String start = "-";
        if (startup != null) {
            List<String> parts = new ArrayList<>();
            for (JsonNode s : startup.path("starts")) {
                parts.add((s.path("cold").asBoolean() ? "cold " : "warm ") + String.format("%.1f s", s.path("healthUpSeconds").asDouble()));
            }
            start = String.join(", ", parts);
        }
        rows.add(List.of("start-up, java -jar -> health UP", "<= 8 s", start, ""));
        long rss = 0;
        List<String> rssParts = new ArrayList<>();
        for (String figure : List.of("ingest", "latency", "sustained")) {
            JsonNode node = json(results, figure);
            if (node != null && node.has("hubRssMaxMiB")) {
                rss = Math.max(rss, node.path("hubRssMaxMiB").asLong());
                rssParts.add(figure + " " + node.path("hubRssMaxMiB").asLong());
            }
        }
        rows.add(List.of("hub JVM RSS under load (max)", "<= 600 MB", rss == 0 ? "-" : rss + " MiB (" + String.join(", ", rssParts) + ")", ""));
        JsonNode scale = json(results, "scale");
        if (scale != null) {
            List<String> parts = new ArrayList<>();
            for (JsonNode phase : scale.path("throughput")) {
                parts.add(phase.path("hubs").asInt() + (phase.path("hubs").asInt() == 1 ? " hub " : " hubs ")
                        + Stats.num(phase.path("conversationsPerSecond").asDouble(Double.NaN)));
            }
            rows.add(List.of("conversations/s on Kafka, one and two hubs (one run, same 2 cores)", "-", String.join(", ", parts), ""));
            JsonNode kill = scale.path("kill");
            if (!kill.isMissingNode()) {
                int passed = 0;
                for (JsonNode check : kill.path("checks")) {
                    passed += check.path("ok").asBoolean() ? 1 : 0;
                }
                rows.add(List.of("one of three hubs killed (SIGKILL) mid-stream", "every check holds",
                        (kill.path("passed").asBoolean() ? "pass" : "FAIL") + ": " + passed + " / " + kill.path("checks").size()
                                + " checks, " + kill.path("conversations").asInt() + " conversations", ""));
            }
        }
        StringBuilder out = new StringBuilder("## Summary against issue 11\n\n");
        out.append("| figure | goal | measured here | measured before (by a person) |\n| --- | --- | --- | --- |\n");
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }

    private static JsonNode rate(JsonNode latency, int rate) {
        if (latency == null) {
            return null;
        }
        for (JsonNode row : latency.path("rates")) {
            if (row.path("rate").asInt() == rate) {
                return row;
            }
        }
        return null;
    }

    private static String latencyCell(JsonNode latency, int rate) {
        JsonNode row = rate(latency, rate);
        if (row == null) {
            return "-";
        }
        String drain = "> " + latency.path("settings").path("BENCH_DRAIN_SECONDS").asText("?") + " s";
        String p50 = row.path("replyP50Ms").isNull() ? drain : Stats.ms(row.path("replyP50Ms").asDouble());
        String p99 = row.path("replyP99Ms").isNull() ? drain : Stats.ms(row.path("replyP99Ms").asDouble());
        return "p99 " + p99 + " (p50 " + p50 + ", " + row.path("replyConfirmed").asInt() + "/"
                + row.path("run").path("accepted").asInt() + " confirmed)";
    }

    private static String ackCell(JsonNode latency, int rate) {
        JsonNode row = rate(latency, rate);
        if (row == null) {
            return "-";
        }
        return "p50 " + Stats.ms(row.path("run").path("ackP50Ms").asDouble()) + ", p99 "
                + Stats.ms(row.path("run").path("ackP99Ms").asDouble());
    }

    private static String intro() {
        return """
                # Performance

                The figures of issue 11, measured by the harness in `bench/` (how to run it, the knobs and what each
                number means: [bench/README.md](../bench/README.md)). `bench/run all` measures every figure again and
                rewrites the section below; `bench/run FIGURE` one of them; `bench/run report` only rewrites it from
                `bench/results/`. The hub runs as `java -jar`, the sandbox in its own JVM, the load generator and the
                floor in theirs, all on the same machine.

                """;
    }
}
