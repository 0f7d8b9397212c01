package io.continuityhub.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.identity.Handle;
import io.continuityhub.identity.HandleParser;
import io.continuityhub.kernel.HubRequestException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;

/**
 * Reads a voice, chat, in-person or SMS touchpoint (API.md) into an {@link Interaction}, or
 * refuses it naming the field at fault. It reads the tree {@link JsonBodyParser} made of the body,
 * so the rules for every JSON ingress (encoding, characters, nesting, numbers) hold already.
 * Unknown fields are ignored so that senders can add them.
 */
@Component
public class TouchpointReader {

    static final List<String> CHANNELS = List.of("voice", "chat", "in_person", "sms");

    private final HandleParser handles;
    private final Clock clock;
    private final IngressTimeWindow timeWindow;
    private final int maxTextChars;
    private final int maxIdChars;

    TouchpointReader(HandleParser handles, Clock clock, IngressTimeWindow timeWindow, IngressProperties properties) {
        this.handles = handles;
        this.clock = clock;
        this.timeWindow = timeWindow;
        this.maxTextChars = properties.maxTextChars();
        this.maxIdChars = properties.maxIdChars();
    }

    public Interaction read(@Body JsonNode root) {
        String eventId = requiredText(root, "eventId");
        if (eventId.length() > maxIdChars) {
            throw HubRequestException.badField("eventId", "is longer than " + maxIdChars + " characters (hub.ingress.max-id-chars)");
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
        Instant at;
        try {
            at = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw HubRequestException.badField("occurredAt", "'" + value + "' is not an ISO-8601 UTC time such as 2026-04-28T10:15:00Z");
        }
        return timeWindow.check("occurredAt", at);
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
