package io.continuityhub.tools.warehouse;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code hub.warehouse.*}: which warehouse system answers order status, and how to reach each. */
@ConfigurationProperties("hub.warehouse")
public record WarehouseProperties(String vendor, Duration timeout, Sap sap, OAuthApi manhattan, OAuthApi blueyonder,
                                  String exceptionsUrl) {

    public record Sap(String baseUrl, String username, String password) {
    }

    public record OAuthApi(String baseUrl, String clientId, String clientSecret) {
    }

    /** The route every warehouse call goes through (routes/downstream-warehouse.camel.yaml): one circuit breaker. */
    public String gateway() {
        return "direct:downstream-warehouse";
    }
}
