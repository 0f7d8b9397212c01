package io.continuityhub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The customer's own turns among a session's events. Tests of the ingress count these: the agent
 * answers every turn in the background, and its decisions, replies and tool results are events too.
 */
public final class CustomerMessages {

    private CustomerMessages() {
    }

    public static ArrayNode of(JsonNode events) {
        ArrayNode messages = JsonNodeFactory.instance.arrayNode();
        events.forEach(event -> {
            if ("customer_message".equals(event.path("type").asText())) {
                messages.add(event);
            }
        });
        return messages;
    }
}
