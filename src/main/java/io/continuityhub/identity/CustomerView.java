package io.continuityhub.identity;

import java.time.Instant;
import java.util.List;

/**
 * A customer as the read API shows it.
 *
 * @param erasedAt when the customer was erased (then nothing personal is left: no name, no time zone,
 *                 no handles); null while they were not
 */
public record CustomerView(String customerId, String displayName, String timeZone, boolean provisional,
                           String mergedInto, Instant createdAt, List<HandleView> handles, Instant erasedAt) {

    public CustomerView(String customerId, String displayName, String timeZone, boolean provisional,
                        String mergedInto, Instant createdAt, List<HandleView> handles) {
        this(customerId, displayName, timeZone, provisional, mergedInto, createdAt, handles, null);
    }

    public record HandleView(String channel, String value, boolean verified, boolean shared, String source) {
    }
}
