package io.continuityhub.platform;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code hub.ingress.*}: what one sender may cost the public ingress (the webhooks and the
 * touchpoint API). The body checks of the routes read {@code max-body-bytes} and
 * {@code max-text-chars} themselves.
 *
 * @param maxBodyBytes        the largest body an ingress takes; a larger one is answered 413 without
 *                            keeping more than this of it in memory
 * @param bodyReadTimeout     the whole time a request's body may take to arrive, from its last
 *                            header to its last byte; past it the request is answered 408 and
 *                            its connection closed, however steadily the bytes trickle in
 * @param maxBufferedBodies   the bytes of request bodies the ingress holds at once, while they
 *                            arrive and until their request is answered; past it a new request
 *                            is answered 503 with Retry-After
 * @param rateLimit           requests per sender
 */
@ConfigurationProperties("hub.ingress")
public record IngressLimits(int maxBodyBytes, Duration bodyReadTimeout, DataSize maxBufferedBodies, RateLimit rateLimit) {

    /**
     * {@code hub.ingress.rate-limit.*}: requests each sender may make per period, counted per
     * ingress (touchpoints, the WhatsApp webhook, the carrier webhook) and remote address (IPv6:
     * per /64, what one host usually holds). A sender over its limit is answered 429 with
     * Retry-After, before its body is read.
     *
     * @param enabled     off: no sender is limited
     * @param period      the window the limits count in
     * @param touchpoints {@code POST /api/v1/touchpoints} requests per sender per period
     * @param webhooks    requests per sender per period on each webhook (Meta and the carrier
     *                    deliver from a few addresses, so this is the larger)
     * @param exempt      addresses or CIDR ranges never limited (a load generator, a trusted relay)
     * @param maxSenders  senders whose counts are kept; past it the least recently seen is forgotten
     */
    public record RateLimit(boolean enabled, Duration period, int touchpoints, int webhooks,
                            @DefaultValue List<String> exempt, int maxSenders) {
    }
}
