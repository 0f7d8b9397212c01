package io.continuityhub.sandbox.faults;

/**
 * A fault in force on one system.
 *
 * @param latencyMs the wait of {@code slow} and {@code timeout_after_commit}; null for the other modes
 * @param errorRate the share of requests {@code flapping} refuses; null for the other modes
 * @param seconds how long it lasts from when it was set, in real time; null: until cleared
 * @param untilNanos {@link System#nanoTime()} at which it lapses; only meaningful when {@code seconds} is set
 */
record Fault(DownstreamSystem system, FaultMode mode, Long latencyMs, Double errorRate, Long seconds, long untilNanos) {

    boolean lapsedAt(long nowNanos) {
        return seconds != null && nowNanos - untilNanos >= 0;
    }
}
