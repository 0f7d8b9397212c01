package io.continuityhub.tools.salesforce;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code hub.salesforce.*}: the connected app the hub logs in with, and how long a call may take. */
@ConfigurationProperties("hub.salesforce")
public record SalesforceProperties(String loginUrl, String apiVersion, String clientId, String clientSecret,
                                   String username, String password, int timeoutMs) {

    /** The kamelet endpoint every Salesforce call goes through: one route, one circuit breaker. */
    public String gateway() {
        return "kamelet:downstream-http?system=salesforce&timeoutMs=" + timeoutMs;
    }
}
