package io.continuityhub.tools.salesforce;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code hub.salesforce.*}: the connected app the hub logs in with, and how long a call may take. */
@ConfigurationProperties("hub.salesforce")
public record SalesforceProperties(String loginUrl, String apiVersion, String clientId, String clientSecret,
                                   String username, String password, Duration timeout) {

    /** The route every salesforce call goes through (routes/downstream-salesforce.camel.yaml): one circuit breaker. */
    public String gateway() {
        return "direct:downstream-salesforce";
    }
}
