package io.continuityhub.channel.carrier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.channel.IngressProperties;
import io.continuityhub.channel.IngressTimeWindow;
import io.continuityhub.channel.JsonBodyParser;
import io.continuityhub.kernel.HubRequestException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;

/**
 * Reads an EasyPost-shaped {@code tracker.updated} event, or refuses it naming the field at fault:
 * a shape that is not a tracker event, an id, carrier or tracking code longer than {@code
 * hub.ingress.max-id-chars} (they are keys the hub indexes), a {@code created_at} outside {@code
 * hub.ingress.time-window}. The rules of every JSON ingress held already ({@link JsonBodyParser}).
 */
@Component
public class CarrierEventReader {

    static final Set<String> STATUSES = Set.of("pre_transit", "in_transit", "out_for_delivery", "delivered",
            "return_to_sender", "failure", "unknown");

    private final ObjectMapper json;
    private final IngressTimeWindow timeWindow;
    private final int maxIdChars;

    CarrierEventReader(ObjectMapper json, IngressTimeWindow timeWindow, IngressProperties properties) {
        this.json = json;
        this.timeWindow = timeWindow;
        this.maxIdChars = properties.maxIdChars();
    }

    @SuppressWarnings("unchecked")
    public CarrierEvent read(@Body JsonNode event) {
        String id = key(event, "id", "id");
        if (!"tracker.updated".equals(event.path("description").asText())) {
            throw shape("description", "must be \"tracker.updated\"");
        }
        JsonNode tracker = event.path("result");
        if (!tracker.isObject()) {
            throw shape("result", "must be the tracker object");
        }
        String status = text(tracker, "status", "result.status");
        if (!STATUSES.contains(status)) {
            throw shape("result.status", "'" + status + "' is not a tracker status (" + String.join(", ", STATUSES) + ")");
        }
        JsonNode details = tracker.path("tracking_details");
        Map<String, Object> latest = details.isArray() && !details.isEmpty()
                ? json.convertValue(details.get(details.size() - 1), Map.class) : Map.of();
        String previousCode = tracker.path("previous_tracking_code").asText(null);
        if (previousCode != null && previousCode.length() > maxIdChars) {
            throw tooLong("result.previous_tracking_code");
        }
        return new CarrierEvent(id, key(tracker, "carrier", "result.carrier").toUpperCase(Locale.ROOT),
                key(tracker, "tracking_code", "result.tracking_code"), previousCode, status, createdAt(event),
                tracker.path("est_delivery_date").asText(null), latest);
    }

    private Instant createdAt(JsonNode event) {
        String value = text(event, "created_at", "created_at");
        Instant at;
        try {
            at = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw shape("created_at", "'" + value + "' is not an ISO-8601 time");
        }
        return timeWindow.check("created_at", at);
    }

    /** A text the hub looks events up by (event id, carrier, tracking code): no longer than any id. */
    private String key(JsonNode node, String field, String path) {
        String value = text(node, field, path);
        if (value.length() > maxIdChars) {
            throw tooLong(path);
        }
        return value;
    }

    private HubRequestException tooLong(String path) {
        return shape(path, "is longer than " + maxIdChars + " characters (hub.ingress.max-id-chars)");
    }

    private static String text(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw shape(path, "is required and must be a string");
        }
        return value.asText();
    }

    private static HubRequestException shape(String path, String problem) {
        return new HubRequestException(400, "wrong_shape", path, path + ": " + problem + " (this endpoint takes tracker.updated events)");
    }
}
