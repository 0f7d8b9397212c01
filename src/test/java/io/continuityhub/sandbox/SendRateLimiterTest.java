package io.continuityhub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SendRateLimiterTest {

    private static final long MS = 1_000_000L;

    private final AtomicLong now = new AtomicLong(5_000 * MS);
    private final SendRateLimiter limiter = new SendRateLimiter(3, now::get);

    @Test
    void atMostTheLimitPassInAnyOneSecondAndAPermitReturnsOneSecondAfterItWasTaken() {
        assertThat(limiter.tryAcquire("a")).isTrue();
        now.addAndGet(400 * MS);
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).as("fourth within the second").isFalse();
        assertThat(limiter.tryAcquire("b")).as("another business number has its own limit").isTrue();

        now.addAndGet(600 * MS); // one second after the first send: its permit is back, only its
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).as("no fixed-window reset lets a second burst through").isFalse();
    }

    @Test
    void aNewLimitAppliesAtOnceFromAFreshWindow() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a")).isTrue();
        }
        limiter.setMaxPerSecond(1);

        assertThat(limiter.maxPerSecond()).isEqualTo(1);
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
    }
}
