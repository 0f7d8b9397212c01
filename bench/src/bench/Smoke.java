package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * bench/run smoke: the whole harness once, end to end, on one hub and one sandbox, with tiny rates
 * and durations (CI runs it after mvn verify). It fails only when the harness breaks: a process
 * that does not start, a webhook refused as unsigned, no reply ever confirmed, no warehouse call
 * counted, a result or plot not written. It asserts no timing. Results go to bench/target/smoke/.
 */
final class Smoke {

    private Smoke() {
    }

    static int run() throws Exception {
        Settings settings = new Settings(true);
        long start = System.nanoTime();
        Stack.deleteTree(settings.results);
        List<String> checks = new ArrayList<>();
        try (Stack stack = new Stack(settings, "smoke").startBoth(); Db db = new Db(stack.hubJdbcUrl())) {
            step(start, "hub and sandbox up (hub health UP after " + String.format("%.1f s", stack.starts.get(0).healthUpSeconds()) + ")");
            List<Result> results = new ArrayList<>();

            Result ingest = Figures.ingest(stack, settings, db);
            check(ingest.json.get("hubKept") instanceof Integer kept && kept > 0, "the hub kept the ingest messages (its inbox)", checks);
            results.add(ingest);
            step(start, "ingest");

            Result latency = Figures.latency(stack, settings, db);
            for (Object row : (List<?>) latency.json.get("rates")) {
                long confirmed = ((Number) ((java.util.Map<?, ?>) row).get("replyConfirmed")).longValue();
                check(confirmed > 0, "replies read back from the hub's events at " + ((java.util.Map<?, ?>) row).get("rate") + " msg/s", checks);
            }
            results.add(latency);
            step(start, "latency");

            Result sustained = Figures.sustained(stack, settings, db);
            check(((Number) sustained.json.get("confirmed")).intValue() > 0, "burst replies counted in the action ledger", checks);
            results.add(sustained);
            step(start, "sustained");

            Result outage = Figures.outage(stack, settings, db);
            check(((Number) ((java.util.Map<?, ?>) outage.json.get("baseline")).get("warehouseCalls")).longValue() > 0,
                    "warehouse calls counted at the sandbox", checks);
            results.add(outage);
            step(start, "outage");

            Result startup = Figures.startupOf(stack, settings);
            results.add(startup);

            for (Result result : results) {
                result.save(settings.results);
                for (String ext : List.of(".json", ".md", ".svg")) {
                    Path file = settings.results.resolve(result.figure + ext);
                    check(Files.size(file) > 0, "wrote " + settings.root.relativize(file), checks);
                }
            }
            Path doc = settings.results.resolve("performance.md");
            Report.write(settings.results, doc, ".", Report.SMOKE_FIGURES);
            String text = Files.readString(doc);
            check(text.contains(Report.START) && text.contains(Report.END) && !text.contains("{{dir}}")
                    && !text.contains("Not measured yet"), "assembled " + settings.root.relativize(doc), checks);
        }
        System.out.printf("bench smoke: OK, %d checks, %.0f s (results, not judged: %s)%n", checks.size(),
                (System.nanoTime() - start) / 1e9, settings.root.relativize(settings.results));
        return 0;
    }

    private static void check(boolean ok, String what, List<String> checks) {
        if (!ok) {
            throw new IllegalStateException("smoke check failed: " + what);
        }
        checks.add(what);
    }

    private static void step(long start, String what) {
        System.out.printf("bench smoke: %5.1f s  %s%n", (System.nanoTime() - start) / 1e9, what);
    }
}
