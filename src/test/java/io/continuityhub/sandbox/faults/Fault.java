package io.continuityhub.sandbox.faults;

/**
 * A fault in force on one system.
 *
 * @param latencyMs the wait of {@code slow} and {@code timeout_after_commit}; null for the other modes
 * @param errorRate the share of requests {@code flapping} refuses; null for the other modes
 * @param seconds how long it lasts from when it was set, in real time; null: until cleared
 * @param untilNanos {@link System#nanoTime()} at which it lapses; only meaningful when {@code seconds} is set
 * @param perKey null: the fault hits every request; else it hits only the first requests of each idempotency key
 */
record Fault(DownstreamSystem system, FaultMode mode, Long latencyMs, Double errorRate, Long seconds, long untilNanos,
             RequestsPerKey perKey) {

    boolean lapsedAt(long nowNanos) {
        return seconds != null && nowNanos - untilNanos >= 0;
    }

    /** How many requests of each key it hits; null when it hits every request. */
    Integer timesPerKey() {
        return perKey == null ? null : perKey.timesPerKey();
    }

    /**
     * Whether it hits this request, counting the request when it is per key. A per-key fault spares
     * requests without a key (token endpoints, listings): they are none of "the first n of a key".
     */
    boolean hits(String key) {
        if (perKey == null) {
            return true;
        }
        return key != null && perKey.countAndHit(key);
    }
}
