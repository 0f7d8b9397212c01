package io.continuityhub.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.kernel.UnreadableBusRecordException;
import io.continuityhub.session.SessionEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Reads a record of {@code hub.events} (docs/schemas/session-event.schema.json) for the agent's
 * turn: the session it belongs to is all the turn needs, as the events themselves are read from
 * PostgreSQL past the session's cursor. So a record seen twice, or late, asks for a turn that
 * finds nothing left to do.
 */
@Component
public class SessionEventRecords {

    private final ObjectMapper json;

    SessionEventRecords(ObjectMapper json) {
        this.json = json;
    }

    /** The record's session id; a record that is not a session event can never be, and is refused. */
    public String sessionId(String record) {
        JsonNode event;
        try {
            event = record == null ? null : json.readTree(record);
        } catch (JsonProcessingException e) {
            throw new UnreadableBusRecordException("not JSON (" + e.getOriginalMessage() + ")");
        }
        if (event == null || !event.isObject() || !SessionEventPublisher.SCHEMA.equals(event.path("schema").asText())) {
            throw new UnreadableBusRecordException("not a " + SessionEventPublisher.SCHEMA + " record");
        }
        String sessionId = event.path("sessionId").asText("");
        if (sessionId.isBlank()) {
            throw new UnreadableBusRecordException("a session event without a sessionId");
        }
        return sessionId;
    }
}
