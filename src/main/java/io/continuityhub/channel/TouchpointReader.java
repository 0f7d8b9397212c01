package io.continuityhub.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.identity.Handle;
import io.continuityhub.identity.HandleParser;
import io.continuityhub.kernel.HubRequestException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads a voice, chat, in-person or SMS touchpoint (API.md) into an {@link Interaction}, or
 * refuses it naming the field at fault. Unknown fields are ignored so that senders can add them.
 */
@Component
public class TouchpointReader {

    static final List<String> CHANNELS = List.of("voice", "chat", "in_person", "sms");
    private static final int MAX_EVENT_ID_CHARS = 200;

    private final ObjectMapper json;
    private final HandleParser handles;
    private final Clock clock;
    private final int maxTextChars;

    TouchpointReader(ObjectMapper json, HandleParser handles, Clock clock,
                     @Value("${hub.ingress.max-text-chars}") int maxTextChars) {
        this.json = json;
        this.handles = handles;
        this.clock = clock;
        this.maxTextChars = maxTextChars;
    }

    public Interaction read(@Body byte[] body) {
        JsonNode root = parse(body);
        String eventId = requiredText(root, "eventId");
        if (eventId.length() > MAX_EVENT_ID_CHARS) {
            throw HubRequestException.badField("eventId", "is longer than " + MAX_EVENT_ID_CHARS + " characters");
        }
        String channel = requiredText(root, "channel");
        if (!CHANNELS.contains(channel)) {
            throw HubRequestException.badField("channel", "'" + channel + "' is not a touchpoint channel; use one of "
                    + String.join(", ", CHANNELS));
        }
        JsonNode handle = root.path("handle");
        if (!handle.isObject()) {
            throw HubRequestException.badField("handle", "is required: {\"type\": \"phone\", \"value\": \"+447700900123\"}");
        }
        Handle parsed = handles.parse("handle.type", optionalText(handle, "type", "handle.type"), "handle.value",
                optionalText(handle, "value", "handle.value"));
        return new Interaction("touchpoint", eventId, channel, parsed, occurredAt(root), text(root), attributes(root));
    }

    private JsonNode parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new HubRequestException(400, "malformed_json", null, "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new HubRequestException(400, "malformed_json", null, "the body could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new HubRequestException(400, "malformed_json", null, "the body must be a JSON object");
        }
        return root;
    }

    private static String requiredText(JsonNode node, String field) {
        String value = optionalText(node, field, field);
        if (value == null || value.isBlank()) {
            throw HubRequestException.badField(field, "is required");
        }
        return value.trim();
    }

    private static String optionalText(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw HubRequestException.badField(path, "must be a string");
        }
        return value.asText();
    }

    private Instant occurredAt(JsonNode root) {
        String value = optionalText(root, "occurredAt", "occurredAt");
        if (value == null) {
            return clock.instant();
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw HubRequestException.badField("occurredAt", "'" + value + "' is not an ISO-8601 UTC time such as 2026-04-28T10:15:00Z");
        }
    }

    private String text(JsonNode root) {
        String text = optionalText(root, "text", "text");
        if (text != null && text.length() > maxTextChars) {
            throw HubRequestException.badField("text", "is " + text.length() + " characters; at most " + maxTextChars
                    + " are accepted (hub.ingress.max-text-chars)");
        }
        return text;
    }

    private static Map<String, Object> attributes(JsonNode root) {
        JsonNode attributes = root.get("attributes");
        if (attributes == null || attributes.isNull()) {
            return Map.of();
        }
        if (!attributes.isObject()) {
            throw HubRequestException.badField("attributes", "must be an object of names to strings, numbers or booleans");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        attributes.fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            if (!value.isValueNode()) {
                throw HubRequestException.badField("attributes." + entry.getKey(), "must be a string, number or boolean");
            }
            values.put(entry.getKey(), value.isNumber() ? value.numberValue() : value.isBoolean() ? value.asBoolean() : value.asText());
        });
        return values;
    }
}
