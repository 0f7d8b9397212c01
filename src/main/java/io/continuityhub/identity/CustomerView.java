package io.continuityhub.identity;

import java.time.Instant;
import java.util.List;

/** A customer as the read API shows it. */
public record CustomerView(String customerId, String displayName, String timeZone, boolean provisional,
                           String mergedInto, Instant createdAt, List<HandleView> handles) {

    public record HandleView(String channel, String value, boolean verified, boolean shared, String source) {
    }
}
