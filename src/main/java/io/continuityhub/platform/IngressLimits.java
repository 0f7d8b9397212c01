package io.continuityhub.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
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
 */
@ConfigurationProperties("hub.ingress")
public record IngressLimits(int maxBodyBytes, Duration bodyReadTimeout, DataSize maxBufferedBodies) {
}
