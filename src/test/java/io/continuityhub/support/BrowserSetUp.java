package io.continuityhub.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the browser tests need, set up by the tests themselves, so {@code mvn -B verify} on a fresh
 * machine (a JDK, Maven, Node.js with npm, Debian's apt) needs nothing done by hand: Debian's
 * Chromium at /usr/bin/chromium (or the one {@code CHROMIUM} names), installed with apt-get when
 * it is missing, and {@code e2e/node_modules} from {@code npm ci} (playwright-core, pinned in
 * e2e/package-lock.json; it never downloads a browser of its own). Each step is idempotent and
 * has a timeout; one that cannot be done throws, saying what to do by hand: a browser test fails,
 * it is never skipped.
 */
public final class BrowserSetUp {

    public static final Path E2E = Path.of("e2e");

    private BrowserSetUp() {
    }

    /** The Chromium binary, installed from Debian's packages when it is not there yet. */
    public static synchronized Path chromium() {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        if (Files.isExecutable(chromium)) {
            return chromium;
        }
        if (System.getenv("CHROMIUM") != null) {
            throw new IllegalStateException("CHROMIUM=" + chromium + " is not an executable file");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            throw new IllegalStateException(chromium + " is missing and there is no apt-get to install it: install"
                    + " Chromium and set CHROMIUM to its binary");
        }
        List<String> sudo = "root".equals(System.getProperty("user.name")) ? List.of() : List.of("sudo", "-n");
        List<String> install = new ArrayList<>(sudo);
        install.addAll(List.of("apt-get", "install", "-y", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=120",
                "chromium"));
        long started = System.nanoTime();
        Run first = run(install, Path.of("."), 600);
        if (!first.ok()) {
            // a fresh machine's package lists may be missing or stale
            List<String> update = new ArrayList<>(sudo);
            update.addAll(List.of("apt-get", "update", "-o", "DPkg::Lock::Timeout=120"));
            Run updated = run(update, Path.of("."), 300);
            Run second = updated.ok() ? run(install, Path.of("."), 600) : updated;
            if (!second.ok()) {
                throw new IllegalStateException("could not install Chromium (`apt-get install -y --no-install-recommends"
                        + " chromium`, as root): " + second);
            }
        }
        if (!Files.isExecutable(chromium)) {
            throw new IllegalStateException("apt-get installed chromium, but " + chromium + " is not there");
        }
        System.out.printf("BrowserSetUp: installed Debian's chromium in %d s%n", (System.nanoTime() - started) / 1_000_000_000);
        return chromium;
    }

    /** e2e/node_modules, from {@code npm ci} when playwright-core is not in it yet. */
    public static synchronized Path nodeModules() {
        Path playwright = E2E.resolve("node_modules/playwright-core/package.json");
        if (!Files.exists(playwright)) {
            long started = System.nanoTime();
            Run ci = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), E2E, 300);
            if (!ci.ok() || !Files.exists(playwright)) {
                throw new IllegalStateException("`npm ci` in e2e/ failed (Node.js 20+ and npm are needed): " + ci);
            }
            System.out.printf("BrowserSetUp: npm ci in e2e/ in %d s%n", (System.nanoTime() - started) / 1_000_000_000);
        }
        return E2E.resolve("node_modules");
    }

    /** A finished command: its exit code (-1: timed out, or could not start) and the tail of its output. */
    public record Run(List<String> command, int exit, String output) {
        public boolean ok() {
            return exit == 0;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " exited " + exit + ": " + output;
        }
    }

    /** Runs a command with stdin closed and stdout + stderr captured, killing it (and its children) at the timeout. */
    public static Run run(List<String> command, Path directory, long timeoutSeconds) {
        Path log = null;
        Process process = null;
        try {
            log = Files.createTempFile("browser-set-up", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(devNull()));
            builder.environment().putAll(Map.of("DEBIAN_FRONTEND", "noninteractive"));
            process = builder.start();
            boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            int exit = done ? process.exitValue() : -1;
            String output = tail(Files.readString(log, StandardCharsets.UTF_8));
            return new Run(command, exit, done ? output : "timed out after " + timeoutSeconds + " s; " + output);
        } catch (IOException e) {
            return new Run(command, -1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(command, -1, "interrupted");
        } finally {
            kill(process);
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temp file
                }
            }
        }
    }

    /** Ends the process and everything it started (a browser outlives a killed node otherwise). */
    public static void kill(Process process) {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.io.File devNull() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String tail(String output) {
        String trimmed = output.strip();
        return trimmed.length() <= 2000 ? trimmed : "…" + trimmed.substring(trimmed.length() - 2000);
    }
}
