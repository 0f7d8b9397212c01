package bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** bench/run's entry point: one command per figure, plus all, report and smoke. */
public final class Bench {

    private static final long T0 = System.nanoTime();

    private Bench() {
    }

    /** A progress line, with the seconds since the harness started. */
    static void say(String what) {
        System.out.printf("bench %6.1f s  %s%n", (System.nanoTime() - T0) / 1e9, what);
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "help" : args[0];
        try {
            int rc = switch (command) {
                case "ingest", "latency", "sustained", "outage", "startup", "scale" -> figure(command);
                case "all" -> all();
                case "report" -> report(new Settings(false));
                case "smoke" -> Smoke.run();
                default -> help();
            };
            System.exit(rc);
        } catch (Throwable e) {
            System.err.println("bench " + command + ": FAILED: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static int help() {
        System.out.println("usage: bench/run smoke|ingest|latency|sustained|outage|startup|scale|all|report (see bench/README.md)");
        return 2;
    }

    private static int figure(String name) {
        Settings settings = new Settings(false);
        long start = System.nanoTime();
        System.out.println("bench " + name + ": starting (results in " + settings.results + ")");
        waitForQuiet(settings);
        Machine.loadAtStart = Machine.loadAverage();
        Result result = measure(name, settings);
        result.json.put("wallSeconds", (System.nanoTime() - start) / 1e9);
        result.save(settings.results);
        report(settings);
        System.out.printf("bench %s: done in %.0f s%n%s%n", name, (System.nanoTime() - start) / 1e9, result.md);
        if (!result.failed.isEmpty()) {
            System.err.println("bench " + name + ": FAILED checks:");
            result.failed.forEach(check -> System.err.println("  - " + check));
            return 1;
        }
        return 0;
    }

    /** With BENCH_QUIET_LOAD set, waits (at most BENCH_QUIET_WAIT_SECONDS) for the machine to calm down. */
    private static void waitForQuiet(Settings settings) {
        if (settings.quietLoad <= 0) {
            return;
        }
        long deadline = System.nanoTime() + settings.quietWaitSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            double load = Double.parseDouble(Machine.loadAverage().split(" ")[0]);
            if (load < settings.quietLoad) {
                return;
            }
            System.out.println("bench: waiting for a quiet machine (load average " + load + " >= " + settings.quietLoad + ")");
            Stack.sleep(15_000);
        }
        System.out.println("bench: the machine stayed busy; measuring anyway (the load average is written beside the figures)");
    }

    static Result measure(String name, Settings settings) {
        if (name.equals("scale")) {
            return ScaleOut.run(settings);
        }
        if (name.equals("startup")) {
            try (Stack stack = new Stack(settings, name)) {
                return Figures.startup(stack, settings);
            }
        }
        try (Stack stack = new Stack(settings, name).startBoth(); Db db = new Db(stack.hubJdbcUrl())) {
            return switch (name) {
                case "ingest" -> Figures.ingest(stack, settings, db);
                case "latency" -> Figures.latency(stack, settings, db);
                case "sustained" -> Figures.sustained(stack, settings, db);
                case "outage" -> Figures.outage(stack, settings, db);
                default -> throw new IllegalArgumentException(name);
            };
        }
    }

    private static int all() {
        List<String> failed = new ArrayList<>();
        for (String name : Report.FIGURES) {
            try {
                if (figure(name) != 0) {
                    failed.add(name);
                }
            } catch (RuntimeException e) {
                System.err.println("bench " + name + ": FAILED: " + e);
                e.printStackTrace();
                failed.add(name);
            }
        }
        if (!failed.isEmpty()) {
            System.err.println("bench all: failed: " + failed);
            return 1;
        }
        return 0;
    }

    static int report(Settings settings) {
        Path doc = settings.root.resolve("docs/performance.md");
        Path relative = doc.getParent().relativize(settings.results);
        Report.write(settings.results, doc, relative.toString().isEmpty() ? "." : relative.toString());
        System.out.println("bench: wrote " + doc);
        return 0;
    }
}
