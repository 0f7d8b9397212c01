package bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One run's processes: the sandbox alone in its JVM (its own embedded PostgreSQL), the product
 * hub as a user runs it ({@code java -jar target/continuity-hub-*.jar}, profile sandbox, pointed at
 * the sandbox by HUB_SANDBOX_URL, its own embedded PostgreSQL on a port the harness chose so the
 * floor and the harness's queries reach the same server), and the floor when a figure needs it.
 * Every port is a free one: a hub someone else runs on 8080 is never touched.
 */
final class Stack implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Pattern STARTED = Pattern.compile("Started ContinuityHubApplication in ([0-9.]+) seconds");

    /** A hub besides the first: its number (2, 3, ...), port and process. */
    record Peer(int number, int port, Proc proc) {
        String url() {
            return "http://localhost:" + port;
        }
    }

    /** How one start of the hub went. */
    record HubStart(boolean cold, double healthUpSeconds, Double startedLogSeconds, long rssKiBAtUp) {
    }

    final Settings settings;
    final Path dir;
    final int hubPort = freePort();
    final int sandboxPort = freePort();
    final int hubDbPort = freePort();
    final int sandboxDbPort = freePort();
    final int imapPort = freePort();
    final int smtpPort = freePort();
    Proc sandbox;
    Proc hub;
    Proc floor;
    int floorPort;
    /** The Kafka broker of the scale figure (bench.Broker, a process of its own), and its address. */
    Proc broker;
    String brokers;
    /** Hubs besides the first (the scale figure): same jar, same sandbox, the first hub's PostgreSQL. */
    final List<Peer> peers = new ArrayList<>();
    /** Environment and arguments every hub of this stack gets besides the usual (the scale figure: Kafka). */
    final Map<String, String> hubEnv = new LinkedHashMap<>();
    final List<String> hubArgs = new ArrayList<>();
    final List<HubStart> starts = new ArrayList<>();
    private int hubStarts;

    Stack(Settings settings, String name) {
        this.settings = settings;
        this.dir = settings.runDir.resolve(name);
        deleteTree(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String hub() {
        return "http://localhost:" + hubPort;
    }

    String sandbox() {
        return "http://localhost:" + sandboxPort + "/sandbox";
    }

    String hubJdbcUrl() {
        return "jdbc:postgresql://localhost:" + hubDbPort + "/postgres?user=postgres&password=postgres";
    }

    String sandboxJdbcUrl() {
        return "jdbc:postgresql://localhost:" + sandboxDbPort + "/postgres?user=postgres&password=postgres";
    }

    Path hubDataDir() {
        return dir.resolve("hub-postgres");
    }

    /** Sandbox and hub side by side (start-up not measured cleanly then), ready for load. */
    Stack startBoth() {
        launchSandbox();
        launchHub();
        awaitSandbox();
        starts.add(awaitHub(true));
        raiseWhatsAppTier();
        Bench.say("hub (port " + hubPort + ", PostgreSQL " + hubDbPort + ") and sandbox (port " + sandboxPort + ") up; hub health UP after "
                + String.format("%.1f s", starts.get(0).healthUpSeconds()));
        return this;
    }

    void launchSandbox() {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(opts(settings.sandboxJavaOpts));
        command.addAll(List.of("-cp", sandboxClasspath(), "io.continuityhub.sandbox.SandboxApplication",
                "--spring.jmx.unique-names=true"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SANDBOX_PORT", String.valueOf(sandboxPort));
        env.put("SANDBOX_HUB_URL", hub());
        env.put("SANDBOX_DATA_DIR", dir.resolve("sandbox-postgres").toString());
        env.put("SANDBOX_IMAP_PORT", String.valueOf(imapPort));
        env.put("SANDBOX_SMTP_PORT", String.valueOf(smtpPort));
        env.put("HUB_EMBEDDED_DB_PORT", String.valueOf(sandboxDbPort)); // the sandbox's own embedded PostgreSQL
        sandbox = Proc.start("sandbox", command, env, List.of("SANDBOX_DB_URL", "HUB_DB_URL"),
                settings.root, dir.resolve("sandbox.log"), dir.resolve("sandbox-postgres"));
    }

    /**
     * Waits for the sandbox; one that is not up in time is reported in full (health, disk, log, its
     * threads) and started once more. The sandbox is the harness's stand-in for the outside world,
     * not what is measured: a second start says whether the first was the machine or the sandbox.
     */
    void awaitSandbox() {
        try {
            await(sandbox, "http://localhost:" + sandboxPort + "/actuator/health");
        } catch (IllegalStateException late) {
            System.out.println("bench: the sandbox did not come up; what it was doing:\n" + late.getMessage());
            sandbox.stop();
            launchSandbox();
            await(sandbox, "http://localhost:" + sandboxPort + "/actuator/health");
            System.out.println("bench: the sandbox came up on its second start");
        }
    }

    /** The hub exactly as a user starts it, from the repository root (it reads ./config/). */
    void launchHub() {
        Map<String, String> env = hubEnv(hubPort);
        env.put("HUB_EMBEDDED_DB_PORT", String.valueOf(hubDbPort));
        env.put("HUB_DATA_DIR", hubDataDir().toString());
        hubStarts++;
        hub = Proc.start("hub", hubCommand(), env, List.of("HUB_DB_URL", "SPRING_DATASOURCE_URL"), settings.root,
                dir.resolve("hub-" + hubStarts + ".log"), hubDataDir());
    }

    /**
     * One more hub, the same jar and sandbox, on the first hub's embedded PostgreSQL (HUB_DB_URL:
     * a hub with a database URL starts no embedded one); waits for its health UP.
     */
    Peer startPeer() {
        int number = peers.size() + 2;
        int port = freePort();
        Map<String, String> env = hubEnv(port);
        env.put("HUB_DB_URL", "jdbc:postgresql://localhost:" + hubDbPort + "/postgres");
        env.put("HUB_DB_USER", "postgres");
        env.put("HUB_DB_PASSWORD", "postgres");
        Proc proc = Proc.start("hub-" + number, hubCommand(), env, List.of("SPRING_DATASOURCE_URL"), settings.root,
                dir.resolve("hub-peer-" + number + ".log"), null);
        Peer peer = new Peer(number, port, proc);
        peers.add(peer);
        double up = await(proc, peer.url() + "/actuator/health");
        Bench.say("hub " + number + " (port " + port + ", on hub 1's PostgreSQL) up after " + String.format("%.1f s", up));
        return peer;
    }

    private List<String> hubCommand() {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(opts(settings.hubJavaOpts));
        command.addAll(List.of("-jar", settings.jar.toString(), "--spring.profiles.active=sandbox"));
        command.addAll(hubArgs);
        return command;
    }

    private Map<String, String> hubEnv(int port) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HUB_PORT", String.valueOf(port));
        env.put("HUB_SANDBOX_URL", sandbox());
        env.put("SANDBOX_IMAP_PORT", String.valueOf(imapPort));
        env.put("SANDBOX_SMTP_PORT", String.valueOf(smtpPort));
        env.put("HUB_WHATSAPP_MAX_SENDS_PER_SECOND", String.valueOf(settings.whatsappTier));
        // the load comes from this machine: it measures the hub, not its per-sender rate limits
        env.put("HUB_RATE_LIMIT_EXEMPT", "127.0.0.0/8,::1");
        env.putAll(hubEnv);
        return env;
    }

    /**
     * The Kafka broker (KRaft, one node) in a JVM of its own (bench.Broker on the test classpath,
     * spring-kafka-test's EmbeddedKafkaKraftBroker), so its CPU is not the harness's; topics
     * hub.events with {@code partitions} partitions and hub.escalations.
     */
    void startBroker(int partitions) {
        List<String> command = List.of(java(), "-Xmx512m", "-cp", settings.benchClasses + ":" + deps(), "bench.Broker",
                String.valueOf(partitions), "hub.events", "hub.escalations");
        broker = Proc.start("broker", command, Map.of(), List.of(), settings.root, dir.resolve("broker.log"), null);
        long deadline = broker.startNanos + START_TIMEOUT.toNanos();
        while (!broker.logText().contains(Broker.READY)) {
            if (!broker.alive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the Kafka broker did not start; see " + broker.log + "\n" + tail(broker.logText(), 40));
            }
            sleep(200);
        }
        Matcher ready = Pattern.compile(Pattern.quote(Broker.READY) + " at ([^,\\s]+),").matcher(broker.logText());
        if (!ready.find()) {
            throw new IllegalStateException("the Kafka broker's ready line names no address; see " + broker.log);
        }
        brokers = ready.group(1);
        Bench.say("Kafka broker (KRaft, its own JVM) up at " + brokers + " after "
                + String.format("%.1f s", (System.nanoTime() - broker.startNanos) / 1e9));
    }

    /** Waits for /actuator/health UP; the time is from the process start. */
    HubStart awaitHub(boolean cold) {
        double seconds = await(hub, hub() + "/actuator/health");
        long rss = hub.rssKiB();
        Double started = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (started == null && System.nanoTime() < deadline) {
            Matcher m = STARTED.matcher(hub.logText());
            if (m.find()) {
                started = Double.parseDouble(m.group(1));
            } else {
                sleep(100);
            }
        }
        return new HubStart(cold, seconds, started, rss);
    }

    void stopHub() {
        if (hub != null) {
            hub.stop();
        }
    }

    /** The WhatsApp simulator's tier, raised to the hub's (HUB_WHATSAPP_MAX_SENDS_PER_SECOND). */
    void raiseWhatsAppTier() {
        Http.require(Http.send("PUT", sandbox() + "/whatsapp/rate-limit",
                "{\"maxSendsPerSecond\": " + settings.whatsappTier + "}"), "PUT /sandbox/whatsapp/rate-limit");
    }

    void startFloor() {
        floorPort = freePort();
        List<String> command = List.of(java(), "-Xmx256m",
                // the JDK server leaves Nagle on by default: 40 ms per answer against a delayed ACK
                "-Dsun.net.httpserver.nodelay=true", "-cp", settings.benchClasses + ":" + deps(), "bench.Floor",
                String.valueOf(floorPort), hubJdbcUrl(), Webhooks.APP_SECRET, String.valueOf(settings.ingestConnections));
        floor = Proc.start("floor", command, Map.of(), List.of(), settings.root, dir.resolve("floor.log"), null);
        await(floor, "http://localhost:" + floorPort + "/health");
    }

    String floorUrl() {
        return "http://localhost:" + floorPort + "/webhooks/whatsapp";
    }

    @Override
    public void close() {
        for (Peer peer : peers) {
            peer.proc().stop();
        }
        for (Proc proc : Arrays.asList(floor, hub, sandbox, broker)) {
            if (proc != null) {
                proc.stop();
            }
        }
    }

    static double await(Proc proc, String url) {
        long deadline = proc.startNanos + START_TIMEOUT.toNanos();
        Http.Resp health = null;
        while (System.nanoTime() < deadline) {
            if (!proc.alive()) {
                throw new IllegalStateException(proc.name + " exited with " + proc.process.exitValue() + "; see " + proc.log
                        + "\n" + tail(proc.logText(), 40));
            }
            health = Http.get(url);
            if (health.status() == 200 && health.body().contains("UP")) {
                return (System.nanoTime() - proc.startNanos) / 1e9;
            }
            sleep(100);
        }
        // CI keeps only what is printed: the last answer, the disk, the log's end and the threads say why
        throw new IllegalStateException(proc.name + " was not up within " + START_TIMEOUT + "; its health answered "
                + (health == null ? "nothing" : health.status() + " " + health.body()) + "; free disk "
                + proc.log.toFile().getUsableSpace() / (1 << 20) + " MiB; see " + proc.log + "\n" + tail(proc.logText(), 60)
                + "\n" + threads(proc));
    }

    /** The late process's main thread and what else is runnable, from jcmd beside this JVM's java. */
    private static String threads(Proc proc) {
        Path jcmd = Path.of(java()).resolveSibling("jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), String.valueOf(proc.pid()), "Thread.print").redirectErrorStream(true).start();
            String text = new String(dump.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            dump.waitFor();
            StringBuilder shown = new StringBuilder("threads of " + proc.name + " (main and the runnable ones):\n");
            for (String thread : text.split("\n\n")) {
                if (thread.startsWith("\"main\"") || thread.contains("java.lang.Thread.State: RUNNABLE") && thread.contains("io.continuityhub")) {
                    shown.append(thread, 0, Math.min(thread.length(), 4000)).append("\n\n");
                }
            }
            return shown.toString();
        } catch (IOException | RuntimeException e) {
            return "no thread dump (" + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump (interrupted)";
        }
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    private String sandboxClasspath() {
        Path target = settings.root.resolve("target");
        return target.resolve("test-classes") + ":" + target.resolve("classes") + ":" + deps();
    }

    private String deps() {
        try {
            return Files.readString(settings.depsFile).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("no classpath in " + settings.depsFile + " (bench/run makes it)", e);
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static List<String> opts(String opts) {
        return opts == null || opts.isBlank() ? List.of() : Arrays.asList(opts.trim().split("\\s+"));
    }

    static int freePort() {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (port != 8080 && port != 8090) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
