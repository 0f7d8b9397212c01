package io.continuityhub.platform;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hub at a time on an embedded PostgreSQL data directory, and nothing a killed hub left
 * behind in the way of the next start. The embedded server runs as a process of its own: when
 * the hub is killed (SIGKILL, an OOM kill, a power-cycled container) the server goes on holding
 * the directory and its {@code postmaster.pid}, and the next start failed ("lock file
 * postmaster.pid already exists"). A lock beside the directory, which the operating system
 * releases when its hub dies however it dies, tells a leftover from a server another live hub
 * runs: a leftover is stopped (or its stale pid file removed), a live one is reported with its pid.
 */
final class EmbeddedDataDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDataDirectory.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private final FileChannel channel;
    private final FileLock lock;

    private EmbeddedDataDirectory(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the directory for this hub, clearing what a killed one left; fails if a live hub has it. */
    static EmbeddedDataDirectory claim(Path dataDir) throws IOException {
        Path lockFile = dataDir.resolveSibling(dataDir.getFileName() + ".hub-lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("the embedded PostgreSQL in " + dataDir + " is in use by another hub"
                    + postmasterPid(dataDir).map(pid -> " (its server is process " + pid + ")").orElse("")
                    + "; stop that hub, or give this one another hub.db.embedded.data-dir (HUB_DATA_DIR)");
        }
        EmbeddedDataDirectory claimed = new EmbeddedDataDirectory(channel, lock);
        claimed.clearLeftovers(dataDir);
        return claimed;
    }

    private void clearLeftovers(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        Optional<Long> pid = postmasterPid(dataDir);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> server = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.contains("postgres")).orElse(true));
        if (server.isEmpty()) {
            Files.deleteIfExists(pidFile);
            log.warn("Removed the stale {} (process {} is gone): the hub that ran it was stopped without shutting it down",
                    pidFile, pid.get());
            return;
        }
        log.warn("Stopping PostgreSQL process {} still serving {}: the hub that started it was stopped without shutting"
                + " it down", pid.get(), dataDir);
        stop(server.get());
        Files.deleteIfExists(pidFile);
    }

    /** SIGTERM first: the server shuts down cleanly, its clients having died with their hub; SIGKILL if it will not. */
    private static void stop(ProcessHandle server) throws IOException {
        server.destroy();
        try {
            server.onExit().get(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            log.warn("PostgreSQL process {} did not stop within {}; killing it (it recovers from its log at the next start)",
                    server.pid(), SHUTDOWN_WAIT);
            server.destroyForcibly();
            try {
                server.onExit().get(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException again) {
                throw new IOException("PostgreSQL process " + server.pid() + " left by a stopped hub would not stop", again);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping PostgreSQL process " + server.pid(), interrupted);
            }
        } catch (ExecutionException e) {
            throw new IOException("could not wait for PostgreSQL process " + server.pid() + " to stop", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping PostgreSQL process " + server.pid(), e);
        }
    }

    /** The pid on the first line of the directory's postmaster.pid, if there is one. */
    private static Optional<Long> postmasterPid(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
