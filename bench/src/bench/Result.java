package bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One figure's outcome: its numbers (JSON, for the summary and for whoever compares runs), its
 * Markdown section for docs/performance.md, and its plot. Written as bench/results/FIGURE.*.
 */
@SuppressWarnings("unchecked")
final class Result {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    final String figure;
    final Map<String, Object> json = new LinkedHashMap<>();
    final StringBuilder md = new StringBuilder();
    String svg;
    /** Checks of the figure that failed (the scale figure's kill phase): the run exits non-zero. */
    final List<String> failed = new java.util.ArrayList<>();

    Result(String figure, String title, Settings settings, List<String> knobs) {
        this.figure = figure;
        json.put("figure", figure);
        Map<String, Object> run = Machine.describe(settings);
        json.put("run", run);
        Map<String, String> used = new LinkedHashMap<>();
        for (String knob : knobs) {
            if (settings.used().containsKey(knob)) {
                used.put(knob, settings.used().get(knob));
            }
        }
        json.put("settings", used);
        md.append("## ").append(title).append("\n\n");
        md.append("Measured ").append(run.get("date")).append(" on ").append(run.get("machine"))
                .append(", product commit `").append(run.get("commit")).append("`")
                .append(", load average (1/5/15 min) before it started ").append(run.get("loadAverage"))
                .append(" (2 cores: above 2, other work shared the CPU).\n");
        md.append("Command: `").append(command(figure, used)).append("`.\n\n");
    }

    private static String command(String figure, Map<String, String> used) {
        StringBuilder command = new StringBuilder();
        used.forEach((knob, value) -> command.append(knob).append('=').append(value.contains(" ") || value.isEmpty()
                ? "'" + value + "'" : value).append(' '));
        return command.append("bench/run ").append(figure).toString();
    }

    Result line(String text) {
        md.append(text).append("\n");
        return this;
    }

    Result table(List<String> header, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", header)).append(" |\n");
        md.append("|").append(" --- |".repeat(header.size())).append("\n");
        for (List<String> row : rows) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append("\n");
        return this;
    }

    Result plot(String svgText, String alt) {
        this.svg = svgText;
        md.append("![").append(alt).append("]({{dir}}/").append(figure).append(".svg)\n\n");
        return this;
    }

    void save(Path dir) {
        ((Map<String, Object>) json.get("run")).put("loadAverageAtEnd", Machine.loadAverage());
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(figure + ".json"), JSON.writeValueAsString(json));
            Files.writeString(dir.resolve(figure + ".md"), md.toString());
            if (svg != null) {
                Files.writeString(dir.resolve(figure + ".svg"), svg);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String now() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    }
}
