package io.continuityhub.platform.telemetry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.tracing.otlp.OtlpTracingConnectionDetails;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where spans go: the OTLP collector of {@code hub.tracing.otlp-endpoint} (HUB_OTLP_ENDPOINT), and
 * nowhere while it is empty. Spring Boot builds its OTLP exporter once it has this connection;
 * its own {@code management.otlp.tracing.endpoint} cannot carry the hub's "empty means off" (an
 * empty value still switches its exporter on, which then refuses the empty URL at start-up).
 * Transport, headers, compression and timeout stay Spring Boot's ({@code management.otlp.tracing.*}).
 */
@Configuration(proxyBeanMethods = false)
class OtlpEndpoint {

    @Bean
    @ConditionalOnExpression("!'${hub.tracing.otlp-endpoint:}'.isBlank()")
    OtlpTracingConnectionDetails hubOtlpEndpoint(@Value("${hub.tracing.otlp-endpoint}") String endpoint) {
        String url = endpoint.strip();
        return transport -> url;
    }
}
