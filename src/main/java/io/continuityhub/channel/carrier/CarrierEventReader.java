package io.continuityhub.channel.carrier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.kernel.HubRequestException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;

/** Reads an EasyPost-shaped {@code tracker.updated} event, or refuses it naming the field at fault. */
@Component
public class CarrierEventReader {

    static final Set<String> STATUSES = Set.of("pre_transit", "in_transit", "out_for_delivery", "delivered",
            "return_to_sender", "failure", "unknown");

    private final ObjectMapper json;

    CarrierEventReader(ObjectMapper json) {
        this.json = json;
    }

    @SuppressWarnings("unchecked")
    public CarrierEvent read(@Body byte[] body) {
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (IOException e) {
            throw new HubRequestException(400, "malformed_json", null, "the body is not valid JSON: " + e.getMessage());
        }
        if (event == null || !event.isObject()) {
            throw new HubRequestException(400, "malformed_json", null, "the body must be a JSON object");
        }
        String id = text(event, "id", "id");
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
        return new CarrierEvent(id, text(tracker, "carrier", "result.carrier").toUpperCase(Locale.ROOT),
                text(tracker, "tracking_code", "result.tracking_code"),
                tracker.path("previous_tracking_code").asText(null), status, createdAt(event),
                tracker.path("est_delivery_date").asText(null), latest);
    }

    private static Instant createdAt(JsonNode event) {
        String value = text(event, "created_at", "created_at");
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw shape("created_at", "'" + value + "' is not an ISO-8601 time");
        }
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
