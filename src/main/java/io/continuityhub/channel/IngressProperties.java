package io.continuityhub.channel;

import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.ingress.*}: what a channel may send the hub. Past any of these limits an HTTP ingress
 * refuses with a 4xx naming the field (docs/api.md), before anything is stored.
 *
 * @param maxBodyBytes the largest body of a webhook or API call
 * @param maxTextChars the longest message text
 * @param maxIdChars   the longest id a channel gives (a touchpoint's eventId, a wamid, a carrier event
 *                     id, a tracking code); PostgreSQL cannot index a key of a few kilobytes
 * @param maxJsonDepth how deep a JSON body may nest (WhatsApp's webhooks nest about a dozen levels)
 * @param timeWindow   the times a sender may state: a message from before it, or from further ahead
 *                     of the hub's clock than it allows, is no message the hub can place
 */
@ConfigurationProperties("hub.ingress")
public record IngressProperties(int maxBodyBytes, int maxTextChars, int maxIdChars, int maxJsonDepth, TimeWindow timeWindow) {

    /**
     * @param earliest the first time a message may have been written
     * @param maxAhead how far past the hub's clock a sender's may run
     */
    public record TimeWindow(Instant earliest, Duration maxAhead) {
    }
}
