package io.continuityhub.session;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code hub.session.*}: how long a quiet session lives (sliding) and how often expiry is swept. */
@ConfigurationProperties("hub.session")
public record SessionProperties(Duration ttl, Duration sweepPeriod) {

    public SessionProperties {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("hub.session.ttl must be a positive duration such as P14D");
        }
    }
}
