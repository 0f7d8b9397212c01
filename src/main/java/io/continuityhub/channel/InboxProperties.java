package io.continuityhub.channel;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.inbox.*}: how the intake works through what the webhooks kept.
 *
 * @param workers      messages taken side by side (one sender's always one after the other)
 * @param sweepPeriod  how often the intake looks for work a lost wake-up or a retry left behind
 * @param maxAttempts  tries before a message that cannot be accepted is parked for a person
 * @param backoff      the wait before the next try: exponential from {@code initial} to {@code max}
 */
@ConfigurationProperties("hub.inbox")
public record InboxProperties(int workers, Duration sweepPeriod, int maxAttempts, Backoff backoff) {

    public record Backoff(Duration initial, Duration max) {
    }
}
