package io.continuityhub.kernel;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value read at most once per {@code maxAge}, for gauges that query the database: a Prometheus
 * scrape (or several scrapers, or a dashboard refreshing) reads the last value instead of running
 * the query again. Measured in elapsed time (not the hub's clock, which tests move), and a read
 * that fails yields {@code fallback} until the next try, so a scrape never fails on the database.
 */
public final class CachedReading<T> {

    private static final Logger log = LoggerFactory.getLogger(CachedReading.class);

    private final long maxAgeNanos;
    private final Supplier<T> read;
    private final T fallback;
    private T value;
    private long readAt;
    private boolean everRead;

    public CachedReading(Duration maxAge, Supplier<T> read, T fallback) {
        this.maxAgeNanos = maxAge.toNanos();
        this.read = read;
        this.fallback = fallback;
    }

    public synchronized T get() {
        long now = System.nanoTime();
        if (!everRead || now - readAt >= maxAgeNanos) {
            try {
                value = read.get();
            } catch (RuntimeException e) {
                log.debug("a gauge's reading failed; it shows {} until the next try", fallback, e);
                value = fallback;
            }
            readAt = now;
            everRead = true;
        }
        return value;
    }
}
