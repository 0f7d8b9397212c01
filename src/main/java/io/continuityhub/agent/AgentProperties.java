package io.continuityhub.agent;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The agent's settings ({@code hub.agent.*}).
 *
 * @param policy      which {@link AgentPolicy} decides: deterministic (default) or language-model
 * @param pollPeriod  how often sessions with new events are looked for
 * @param batchSize   sessions taken per poll
 * @param quietHours  when the hub does not start a conversation (a reply to someone who just wrote is not held)
 * @param defaultTimeZone the time zone of a customer whose own is not known
 * @param turnRetries how often a turn that failed is tried again before its event is parked
 * @param holdingReply what the agent says, once, to a customer who writes while a person holds the session; blank: nothing
 * @param investigationAttempts how often an order's investigation is started, the first time included, when the
 *                    customer asks again after it broke; past it a person takes the order
 */
@ConfigurationProperties("hub.agent")
public record AgentProperties(String policy, Duration pollPeriod, int batchSize, QuietHours quietHours, ZoneId defaultTimeZone,
                              TurnRetries turnRetries, String holdingReply,
                              int investigationAttempts) {

    public AgentProperties {
        if (investigationAttempts < 1) {
            investigationAttempts = 3;
        }
    }

    public record QuietHours(LocalTime start, LocalTime end) {
    }

    public record TurnRetries(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    }
}
