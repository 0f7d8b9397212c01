package io.continuityhub.sandbox.faults;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The faults injected into the sandbox's simulators, one per system at most. Every simulator
 * calls {@link #check} first thing in a handler that applies or reads something, and
 * {@link #afterCommit} once its change is committed.
 *
 * <p>Durations are real time ({@code System.nanoTime}), not the hub's clock: tests and demos move
 * that clock (backwards too), which must not end a fault or stretch a latency.
 */
public final class SimulatedFaults {

    static final long DEFAULT_SLOW_MS = 2_000;
    static final long DEFAULT_TIMEOUT_AFTER_COMMIT_MS = 15_000;
    static final double DEFAULT_ERROR_RATE = 0.5;

    private final Map<DownstreamSystem, Fault> faults = new ConcurrentHashMap<>();
    private final Map<DownstreamSystem, java.util.concurrent.atomic.AtomicLong> calls = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final DoubleSupplier random;
    private final Sleeper sleeper;

    /** Waits in real time; tests replace it. */
    interface Sleeper {
        void sleep(long millis);
    }

    SimulatedFaults(LongSupplier nanoTime, DoubleSupplier random, Sleeper sleeper) {
        this.nanoTime = nanoTime;
        this.random = random;
        this.sleeper = sleeper;
    }

    /**
     * Puts a fault in force on {@code system}, replacing any other. Null settings take the mode's
     * defaults (slow 2 s, timeout_after_commit 15 s, flapping half the requests).
     */
    Fault set(DownstreamSystem system, FaultMode mode, Long latencyMs, Double errorRate, Long seconds) {
        Long latency = switch (mode) {
            case SLOW -> latencyMs == null ? DEFAULT_SLOW_MS : latencyMs;
            case TIMEOUT_AFTER_COMMIT -> latencyMs == null ? DEFAULT_TIMEOUT_AFTER_COMMIT_MS : latencyMs;
            default -> null;
        };
        Double rate = mode == FaultMode.FLAPPING ? (errorRate == null ? DEFAULT_ERROR_RATE : errorRate) : null;
        long until = seconds == null ? 0 : nanoTime.getAsLong() + Duration.ofSeconds(seconds).toNanos();
        Fault fault = new Fault(system, mode, latency, rate, seconds, until);
        faults.put(system, fault);
        return fault;
    }

    void clear(DownstreamSystem system) {
        faults.remove(system);
    }

    /** The faults in force now, by system. */
    List<Fault> active() {
        return faults.keySet().stream().map(this::current).flatMap(Optional::stream)
                .sorted(Comparator.comparing(Fault::system)).toList();
    }

    /** Nanoseconds until {@code fault} lapses by itself; null when it lasts until cleared. */
    Long remainingNanos(Fault fault) {
        return fault.seconds() == null ? null : Math.max(0, fault.untilNanos() - nanoTime.getAsLong());
    }

    /**
     * The check at the start of a simulator's handler: throws {@link SimulatedOutage} when the
     * system is down (or flapping, this time), waits first when it is slow, else returns at once.
     */
    public void check(DownstreamSystem system) {
        calls.computeIfAbsent(system, s -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        Optional<Fault> fault = current(system);
        if (fault.isEmpty()) {
            return;
        }
        switch (fault.get().mode()) {
            case DOWN -> throw new SimulatedOutage(system, FaultMode.DOWN);
            case FLAPPING -> {
                if (random.getAsDouble() < fault.get().errorRate()) {
                    throw new SimulatedOutage(system, FaultMode.FLAPPING);
                }
            }
            case SLOW -> sleeper.sleep(fault.get().latencyMs());
            case TIMEOUT_AFTER_COMMIT -> {
                // waits in afterCommit, once the change is applied
            }
        }
    }

    /** Requests the simulator of {@code system} received since start-up (how a test sees an open circuit breaker). */
    long calls(DownstreamSystem system) {
        return calls.getOrDefault(system, new java.util.concurrent.atomic.AtomicLong()).get();
    }

    /** After a simulator committed its change: waits when the system times out after committing. */
    public void afterCommit(DownstreamSystem system) {
        current(system).filter(fault -> fault.mode() == FaultMode.TIMEOUT_AFTER_COMMIT)
                .ifPresent(fault -> sleeper.sleep(fault.latencyMs()));
    }

    private Optional<Fault> current(DownstreamSystem system) {
        Fault fault = faults.get(system);
        if (fault != null && fault.lapsedAt(nanoTime.getAsLong())) {
            faults.remove(system, fault);
            return Optional.empty();
        }
        return Optional.ofNullable(fault);
    }
}
