package bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The knobs, all environment variables (BENCH_*), with the defaults of a full figure run; the
 * smoke run has its own tiny defaults. Every value a figure used is written beside its numbers.
 */
final class Settings {

    final boolean smoke;
    final Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath();
    final Path jar = Path.of(System.getProperty("bench.jar", "target/continuity-hub.jar"));
    final Path depsFile = Path.of(System.getProperty("bench.deps", "bench/target/sandbox.classpath"));
    final Path benchClasses = Path.of(System.getProperty("bench.classes", "bench/target/classes"));
    final Path results;
    final Path runDir;

    // the business number's tier, raised on both sides (the hub's throttle and the simulator)
    final int whatsappTier;
    final String hubJavaOpts;
    final String sandboxJavaOpts;
    final int warmupSeconds;

    final int ingestConnections;
    final int ingestWarmupSeconds;
    final int ingestSeconds;
    final int ingestPool;

    final List<Integer> latencyRates;
    final int latencySeconds;
    final int drainSeconds;

    final int sustainedMessages;
    final int sustainedConnections;
    final int sustainedMaxSeconds;

    final int outageSeconds;
    final int outageBaselineSeconds;
    final double outageRate;
    final double outageErrorRate;
    final int outageDrainSeconds;

    final int startupWarmRuns;

    // the scale figure (hubs on Kafka)
    final int scalePartitions;
    final int scaleMessages;
    final int scaleConnections;
    final int scaleMaxSeconds;
    final int scaleDbPool;
    final String scaleSessionTimeout;
    final int killConversations;
    final int killMessagesPerConversation;
    final double killRate;
    final double killAt;
    final int killSettleSeconds;

    // wait for a quiet machine before a figure: 1-minute load average below this (0: do not wait)
    final double quietLoad;
    final int quietWaitSeconds;

    private final Map<String, String> used = new LinkedHashMap<>();

    Settings(boolean smoke) {
        this.smoke = smoke;
        results = smoke ? root.resolve("bench/target/smoke") : Path.of(str("BENCH_RESULTS", root.resolve("bench/results").toString()));
        runDir = root.resolve("bench/target/run");
        whatsappTier = integer("BENCH_WHATSAPP_TIER", 1000, 1000);
        hubJavaOpts = str("BENCH_HUB_JAVA_OPTS", smoke ? "-XX:TieredStopAtLevel=1" : "");
        sandboxJavaOpts = str("BENCH_SANDBOX_JAVA_OPTS", smoke ? "-Xmx512m -XX:TieredStopAtLevel=1" : "-Xmx768m");
        warmupSeconds = integer("BENCH_WARMUP_SECONDS", 5, 0);
        ingestConnections = integer("BENCH_INGEST_CONNECTIONS", 32, 4);
        ingestWarmupSeconds = integer("BENCH_INGEST_WARMUP_SECONDS", 5, 1);
        ingestSeconds = integer("BENCH_INGEST_SECONDS", 20, 2);
        ingestPool = integer("BENCH_INGEST_CUSTOMERS", 8000, 300);
        latencyRates = Arrays.stream(str("BENCH_LATENCY_RATES", smoke ? "10" : "50,100,300").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
        latencySeconds = integer("BENCH_LATENCY_SECONDS", 10, 2);
        drainSeconds = integer("BENCH_DRAIN_SECONDS", 15, 10);
        sustainedMessages = integer("BENCH_SUSTAINED_MESSAGES", 3000, 60);
        sustainedConnections = integer("BENCH_SUSTAINED_CONNECTIONS", 32, 8);
        sustainedMaxSeconds = integer("BENCH_SUSTAINED_MAX_SECONDS", 120, 15);
        outageSeconds = integer("BENCH_OUTAGE_SECONDS", 300, 2);
        outageBaselineSeconds = integer("BENCH_OUTAGE_BASELINE_SECONDS", outageSeconds, 2);
        outageRate = number("BENCH_OUTAGE_RATE", 10, 5);
        outageErrorRate = number("BENCH_OUTAGE_ERROR_RATE", 0.3, 0.3);
        outageDrainSeconds = integer("BENCH_OUTAGE_DRAIN_SECONDS", 60, 15);
        startupWarmRuns = integer("BENCH_STARTUP_WARM_RUNS", 2, 0);
        scalePartitions = integer("BENCH_SCALE_PARTITIONS", 6, 6);
        scaleMessages = integer("BENCH_SCALE_MESSAGES", 2000, 60);
        scaleConnections = integer("BENCH_SCALE_CONNECTIONS", 32, 8);
        scaleMaxSeconds = integer("BENCH_SCALE_MAX_SECONDS", 120, 30);
        scaleDbPool = integer("BENCH_SCALE_DB_POOL", 30, 30);
        scaleSessionTimeout = str("BENCH_SCALE_SESSION_TIMEOUT", "10s");
        killConversations = integer("BENCH_KILL_CONVERSATIONS", 300, 30);
        killMessagesPerConversation = integer("BENCH_KILL_MESSAGES_PER_CONVERSATION", 3, 2);
        killRate = number("BENCH_KILL_RATE", 20, 10);
        killAt = number("BENCH_KILL_AT", 0.4, 0.4);
        killSettleSeconds = integer("BENCH_KILL_SETTLE_SECONDS", 240, 120);
        quietLoad = number("BENCH_QUIET_LOAD", 0, 0);
        quietWaitSeconds = integer("BENCH_QUIET_WAIT_SECONDS", 900, 0);
    }

    Map<String, String> used() {
        return used;
    }

    private String str(String name, String fallback) {
        String value = System.getenv(name);
        String chosen = value == null || value.isBlank() ? fallback : value.trim();
        used.put(name, chosen);
        return chosen;
    }

    private int integer(String name, int full, int smokeDefault) {
        return Integer.parseInt(str(name, String.valueOf(smoke ? smokeDefault : full)));
    }

    private double number(String name, double full, double smokeDefault) {
        return Double.parseDouble(str(name, String.valueOf(smoke ? smokeDefault : full)));
    }
}
