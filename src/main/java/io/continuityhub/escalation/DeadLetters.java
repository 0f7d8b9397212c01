package io.continuityhub.escalation;

import io.continuityhub.session.EscalationRequest;
import io.continuityhub.tools.Action;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The end of the background routes' dead-letter channel: every failure is logged with the route
 * it came from; one that concerns a customer's action becomes that action's escalation.
 */
@Component
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final EscalationQueue queue;

    DeadLetters(EscalationQueue queue) {
        this.queue = queue;
    }

    public void record(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String route = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        log.error("Route {} failed and its exchange was dead-lettered", route, failure);
        Object body = exchange.getMessage().getBody();
        if (body instanceof Action action) {
            queue.open(new EscalationRequest(action.customerId(), action.sessionId(),
                    "the hub failed while handling " + action.tool() + " (" + route + ")",
                    "action:" + action.idempotencyKey(), action.idempotencyKey(),
                    failure == null ? null : failure.getClass().getSimpleName() + ": " + failure.getMessage()));
        }
    }
}
