package io.continuityhub.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A Cloud API send limit: at most {@code max} sends per key in any sliding window, the key being
 * the business phone number (the throughput tier, one second) or the business and user pair
 * (Meta's pair rate limit, a few seconds).
 *
 * <p>Why not resilience4j's RateLimiter: resilience4j-ratelimiter is not on the classpath
 * (camel-resilience4j brings only circuit breaker, bulkhead and time limiter), and the pom is not
 * this package's to change. Why a sliding window rather than a fixed one: a fixed window lets
 * twice the limit through across a window boundary, and whether a burst straddles one depends on
 * timing, so a test of "the n+1st send in a second is refused" would be flaky.
 *
 * <p>Why {@code System.nanoTime} and not the hub's Clock: throughput is real elapsed time, and
 * the sandbox clock is moved by tests and demos (back, too), which would empty or freeze a window.
 */
final class SendRateLimiter {

    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Deque<Long>> recentSends = new ConcurrentHashMap<>();
    private volatile int maxPerSecond;

    SendRateLimiter(int maxPerSecond, LongSupplier nanoTime) {
        this(maxPerSecond, Duration.ofSeconds(1), nanoTime);
    }

    SendRateLimiter(int maxPerWindow, Duration window, LongSupplier nanoTime) {
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        setMaxPerSecond(maxPerWindow);
    }

    int maxPerSecond() {
        return maxPerSecond;
    }

    /** Changes the limit and starts every window afresh, so the new limit applies from now on exactly. */
    void setMaxPerSecond(int maxPerSecond) {
        if (maxPerSecond < 0) {
            throw new IllegalArgumentException("maxPerSecond must not be negative (0 refuses every send)");
        }
        this.maxPerSecond = maxPerSecond;
        recentSends.clear();
    }

    /** Takes a permit for one send under {@code key}; false when its window is full. */
    boolean tryAcquire(String key) {
        Deque<Long> sends = recentSends.computeIfAbsent(key, id -> new ArrayDeque<>());
        synchronized (sends) {
            long now = nanoTime.getAsLong();
            while (!sends.isEmpty() && now - sends.peekFirst() >= windowNanos) {
                sends.pollFirst();
            }
            if (sends.size() >= maxPerSecond) {
                return false;
            }
            sends.addLast(now);
            return true;
        }
    }
}
