package io.continuityhub.platform;

import io.continuityhub.kernel.BusProperties;
import org.apache.camel.CamelContext;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the outbox relay when the bus is Kafka. (A route's autoStartup cannot read "hub.bus is
 * kafka" from a property, and a relay ticking on a local bus would do nothing for ever.)
 */
@Component
class OutboxRelayStart {

    private final CamelContext camel;
    private final BusProperties bus;

    OutboxRelayStart(CamelContext camel, BusProperties bus) {
        this.camel = camel;
        this.bus = bus;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startOnKafka() throws Exception {
        if (bus.onKafka()) {
            camel.getRouteController().startRoute("outbox-relay");
        }
    }
}
