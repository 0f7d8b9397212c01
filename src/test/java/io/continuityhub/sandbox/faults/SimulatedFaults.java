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
 * {@link #afterCommit} once its change is committed, both with the request's idempotency key when
 * it has one (the key a retry of the same request repeats).
 *
 * <p>A fault set with {@code timesPerKey} hits only the first n requests of each key, so a test can
 * have every call answered {@code timeout_after_commit} once and its retry answered normally. A
 * request counts where the fault acts on it: in {@link #check} for down, slow and flapping, in
 * {@link #afterCommit} for timeout_after_commit (a request refused before it committed has not met
 * that fault). Requests without a key are spared by a per-key fault and hit by any other.
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
     * Puts a fault in force on {@code system}, replacing any other and its counts per key. Null
     * settings take the mode's defaults (slow 2 s, timeout_after_commit 15 s, flapping half the
     * requests, every request rather than the first {@code timesPerKey} of each key).
     */
    Fault set(DownstreamSystem system, FaultMode mode, Long latencyMs, Double errorRate, Long seconds,
              Integer timesPerKey) {
        Long latency = switch (mode) {
            case SLOW -> latencyMs == null ? DEFAULT_SLOW_MS : latencyMs;
            case TIMEOUT_AFTER_COMMIT -> latencyMs == null ? DEFAULT_TIMEOUT_AFTER_COMMIT_MS : latencyMs;
            default -> null;
        };
        Double rate = mode == FaultMode.FLAPPING ? (errorRate == null ? DEFAULT_ERROR_RATE : errorRate) : null;
        long until = seconds == null ? 0 : nanoTime.getAsLong() + Duration.ofSeconds(seconds).toNanos();
        RequestsPerKey perKey = timesPerKey == null ? null : new RequestsPerKey(timesPerKey);
        Fault fault = new Fault(system, mode, latency, rate, seconds, until, perKey);
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

    /** {@link #check(DownstreamSystem, String)} for a request without an idempotency key. */
    public void check(DownstreamSystem system) {
        check(system, null);
    }

    /**
     * The check at the start of a simulator's handler: throws {@link SimulatedOutage} when the
     * system is down (or flapping, this time), waits first when it is slow, else returns at once.
     *
     * @param key the request's idempotency key, null when it has none
     */
    public void check(DownstreamSystem system, String key) {
        calls.computeIfAbsent(system, s -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        Fault fault = current(system).orElse(null);
        // timeout_after_commit acts, and counts the request, in afterCommit
        if (fault == null || fault.mode() == FaultMode.TIMEOUT_AFTER_COMMIT || !fault.hits(key)) {
            return;
        }
        switch (fault.mode()) {
            case DOWN -> throw new SimulatedOutage(system, FaultMode.DOWN);
            case FLAPPING -> {
                if (random.getAsDouble() < fault.errorRate()) {
                    throw new SimulatedOutage(system, FaultMode.FLAPPING);
                }
            }
            case SLOW -> sleeper.sleep(fault.latencyMs());
            default -> {
                // reject refuses changes only: see checkChange
            }
        }
    }

    /**
     * {@link #check(DownstreamSystem, String)} for a request that changes something: also throws
     * {@link SimulatedRejection} when the system rejects changes.
     */
    public void checkChange(DownstreamSystem system, String key) {
        check(system, key);
        Fault fault = current(system).orElse(null);
        if (fault != null && fault.mode() == FaultMode.REJECT && fault.hits(key)) {
            throw new SimulatedRejection(system);
        }
    }

    /** Requests the simulator of {@code system} received since start-up (how a test sees an open circuit breaker). */
    long calls(DownstreamSystem system) {
        return calls.getOrDefault(system, new java.util.concurrent.atomic.AtomicLong()).get();
    }

    /** {@link #afterCommit(DownstreamSystem, String)} for a request without an idempotency key. */
    public void afterCommit(DownstreamSystem system) {
        afterCommit(system, null);
    }

    /**
     * After a simulator committed its change (or replayed a stored answer): waits when the system
     * times out after committing.
     *
     * @param key the request's idempotency key, null when it has none
     */
    public void afterCommit(DownstreamSystem system, String key) {
        current(system).filter(fault -> fault.mode() == FaultMode.TIMEOUT_AFTER_COMMIT)
                .filter(fault -> fault.hits(key))
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
