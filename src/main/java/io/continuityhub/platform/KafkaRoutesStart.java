package io.continuityhub.platform;

import io.continuityhub.kernel.BusProperties;
import org.apache.camel.CamelContext;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When the bus is Kafka: starts the outbox relay and the agent's consumer of hub.events, so a
 * session's turn is taken by the instance that owns its partition (WakeUps sends the agent no
 * database wake-ups then). A route's autoStartup cannot read "hub.bus is kafka" from a property,
 * and these routes would do nothing for ever on a local bus.
 */
@Component
class KafkaRoutesStart {

    static final String[] STARTED_ON_KAFKA = {"outbox-relay", "agent-turns-from-kafka"};

    private final CamelContext camel;
    private final BusProperties bus;

    KafkaRoutesStart(CamelContext camel, BusProperties bus) {
        this.camel = camel;
        this.bus = bus;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startOnKafka() throws Exception {
        if (!bus.onKafka()) {
            return;
        }
        for (String route : STARTED_ON_KAFKA) {
            camel.getRouteController().startRoute(route);
        }
    }
}
