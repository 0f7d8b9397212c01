package io.continuityhub.kernel;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.bus} and {@code hub.kafka.*}: where the hub publishes what happened. {@code local}
 * (the default): nothing leaves the process but the escalation log line. {@code kafka}: session
 * events and escalations go through the transactional outbox to topics keyed by customer id.
 */
@Validated
@ConfigurationProperties("hub")
public record BusProperties(
        @DefaultValue("local") @Pattern(regexp = "local|kafka", message = "hub.bus is local or kafka") String bus,
        @DefaultValue Kafka kafka) {

    public boolean onKafka() {
        return "kafka".equals(bus);
    }

    public record Kafka(
            @DefaultValue("localhost:9092") @NotBlank String brokers,
            @DefaultValue Topics topics,
            @DefaultValue("1000") int relayBatch,
            @DefaultValue("200ms") Duration relayPeriod,
            @DefaultValue("30s") Duration relayMaxBackoff) {
    }

    public record Topics(@DefaultValue("hub.events") String events, @DefaultValue("hub.escalations") String escalations,
                         @DefaultValue("hub.fulfillment-exceptions") String fulfillmentExceptions) {
    }
}
