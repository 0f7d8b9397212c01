package bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A process the harness started (the hub, the sandbox, the floor), with its log, and the embedded
 * PostgreSQL data folder it owns, if any. Every one is written to the pids file that bench/run
 * cleans up after, and stopped by a shutdown hook of this JVM, so none outlives a run.
 */
final class Proc {

    private static final List<Proc> LIVE = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Proc proc : LIVE) {
                proc.stop();
            }
        }, "bench-cleanup"));
    }

    final String name;
    final Process process;
    final Path log;
    final Path pgDataDir;
    final long startNanos;
    final Instant startedAt;

    private Proc(String name, Process process, Path log, Path pgDataDir, long startNanos, Instant startedAt) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.pgDataDir = pgDataDir;
        this.startNanos = startNanos;
        this.startedAt = startedAt;
    }

    static Proc start(String name, List<String> command, Map<String, String> env, List<String> envRemoved, Path cwd,
                      Path log, Path pgDataDir) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        envRemoved.forEach(builder.environment()::remove);
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            Instant at = Instant.now();
            long nanos = System.nanoTime();
            Process process = builder.start();
            Proc proc = new Proc(name, process, log, pgDataDir, nanos, at);
            LIVE.add(proc);
            String pids = System.getProperty("bench.pids");
            if (pids != null) {
                Files.writeString(Path.of(pids), process.pid() + " " + (pgDataDir == null ? "" : pgDataDir) + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            return proc;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The JVM's resident set (VmRSS), in KiB; -1 once it is gone. */
    long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
        return -1;
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGTERM (the hub and the sandbox stop their PostgreSQL on it), then SIGKILL, then their postmaster. */
    synchronized void stop() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        killPostmaster();
        LIVE.remove(this);
    }

    private void killPostmaster() {
        if (pgDataDir == null) {
            return;
        }
        Path pidFile = pgDataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pg = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            Optional<ProcessHandle> handle = ProcessHandle.of(pg)
                    .filter(h -> h.info().command().map(c -> c.contains("postgres")).orElse(false));
            if (handle.isPresent()) {
                handle.get().destroy();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (handle.get().isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                handle.get().destroyForcibly();
            }
        } catch (IOException | RuntimeException ignored) {
            // no postmaster left
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
