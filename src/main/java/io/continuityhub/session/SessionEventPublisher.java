package io.continuityhub.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.continuityhub.kernel.Outbox;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Puts each session event in the outbox for {@code hub.events} (hub.bus=kafka), in the event's
 * own transaction, keyed by the customer id the session belongs to. The message's schema is
 * docs/schemas/session-event.schema.json; {@code eventId} ("sessionId:seq") is its idempotency key.
 */
@Component
public class SessionEventPublisher {

    /** The schema every record of hub.events names; its readers check it. */
    public static final String SCHEMA = "continuity-hub/session-event/v1";

    private final Outbox outbox;
    private final ObjectMapper json;

    SessionEventPublisher(Outbox outbox, ObjectMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    void published(String customerId, String sessionId, long seq, Instant at, NewSessionEvent event) {
        if (!outbox.enabled()) {
            return;
        }
        ObjectNode message = json.createObjectNode()
                .put("schema", SCHEMA)
                .put("eventId", sessionId + ":" + seq)
                .put("customerId", customerId)
                .put("sessionId", sessionId)
                .put("seq", seq)
                .put("at", at.toString())
                .put("type", event.type())
                .put("actor", event.actor())
                .put("channel", event.channel())
                .put("summary", event.summary());
        message.set("payload", json.valueToTree(event.payload() == null ? Map.of() : event.payload()));
        outbox.add(outbox.eventsTopic(), customerId, customerId, message.toString());
    }
}
