package io.continuityhub.kernel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that runs with real time from an offset the sandbox (and tests) can move, so a demo
 * reaches "next morning" or "past the TTL" without waiting for it.
 */
public class AdjustableClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public AdjustableClock(Clock base) {
        this.base = base;
    }

    public void advance(Duration by) {
        offset.updateAndGet(current -> current.plus(by));
    }

    public void set(Instant now) {
        offset.set(Duration.between(base.instant(), now));
    }

    public void reset() {
        offset.set(Duration.ZERO);
    }

    /** How far this clock is from real time (negative: behind it). */
    public Duration offset() {
        return offset.get();
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the hub's clock is UTC; convert at the edge");
    }
}
