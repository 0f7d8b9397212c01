package io.continuityhub.sandbox.faults;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests a per-key fault has met, counted per idempotency key, so that it hits the first
 * {@code timesPerKey} requests of each key and spares the later ones. One instance belongs to one
 * fault: setting a new fault starts counting afresh.
 */
final class RequestsPerKey {

    private final int timesPerKey;
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

    RequestsPerKey(int timesPerKey) {
        this.timesPerKey = timesPerKey;
    }

    int timesPerKey() {
        return timesPerKey;
    }

    /** Counts one more request of {@code key}; true while the key is within its first {@code timesPerKey}. */
    boolean countAndHit(String key) {
        return seen.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() <= timesPerKey;
    }
}
