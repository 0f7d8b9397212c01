package io.continuityhub.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.wake-ups.*}: where the database's wake-ups are handed to the routes that act on
 * them, and how a lost listener connection is opened again.
 *
 * @param agentEndpoint      the endpoint a session id with new events goes to
 * @param dispatcherEndpoint the endpoint a "due now" wake-up goes to
 * @param inboxEndpoint      the endpoint a wake-up for the inbox's intake goes to
 */
@ConfigurationProperties("hub.wake-ups")
public record WakeUpProperties(boolean enabled, String agentEndpoint, String dispatcherEndpoint, String inboxEndpoint,
                               Duration reconnectInitial, Duration reconnectMax) {
}
