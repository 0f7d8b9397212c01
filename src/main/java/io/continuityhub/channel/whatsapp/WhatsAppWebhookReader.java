package io.continuityhub.channel.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.channel.Interaction;
import io.continuityhub.identity.Handle;
import io.continuityhub.identity.HandleParser;
import io.continuityhub.kernel.HubRequestException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;

/**
 * Reads a (signature-checked) WhatsApp Cloud API webhook: every message of every change of every
 * entry becomes one {@link Interaction}, every status a {@link WhatsAppNotification.Receipt}.
 * A shape that is not Meta's is refused whole with a 400 naming the path, so nothing is half-read.
 */
@Component
public class WhatsAppWebhookReader {

    private final ObjectMapper json;
    private final HandleParser handles;
    private final WhatsAppMessageText messageText;

    WhatsAppWebhookReader(ObjectMapper json, HandleParser handles, WhatsAppMessageText messageText) {
        this.json = json;
        this.handles = handles;
        this.messageText = messageText;
    }

    public WhatsAppNotification read(@Body byte[] body) {
        JsonNode root = parse(body);
        if (!"whatsapp_business_account".equals(root.path("object").asText())) {
            throw shape("object", "must be \"whatsapp_business_account\"");
        }
        JsonNode entries = root.get("entry");
        if (entries == null || !entries.isArray()) {
            throw shape("entry", "must be an array");
        }
        List<Interaction> messages = new ArrayList<>();
        List<WhatsAppNotification.Receipt> statuses = new ArrayList<>();
        for (int e = 0; e < entries.size(); e++) {
            JsonNode changes = entries.get(e).get("changes");
            if (changes == null || !changes.isArray()) {
                throw shape("entry[" + e + "].changes", "must be an array");
            }
            for (int c = 0; c < changes.size(); c++) {
                String path = "entry[" + e + "].changes[" + c + "].value";
                JsonNode value = changes.get(c).get("value");
                if (!"messages".equals(changes.get(c).path("field").asText())) {
                    continue; // account and template updates are not conversations
                }
                if (value == null || !value.isObject()) {
                    throw shape(path, "must be an object");
                }
                readMessages(value, path, messages);
                readStatuses(value, path, statuses);
            }
        }
        return new WhatsAppNotification(messages, statuses);
    }

    private void readMessages(JsonNode value, String path, List<Interaction> into) {
        JsonNode messages = value.path("messages");
        if (messages.isMissingNode()) {
            return;
        }
        if (!messages.isArray()) {
            throw shape(path + ".messages", "must be an array");
        }
        Map<String, String> profileNames = new HashMap<>();
        value.path("contacts").forEach(contact ->
                profileNames.put(contact.path("wa_id").asText(), contact.path("profile").path("name").asText(null)));
        String phoneNumberId = value.path("metadata").path("phone_number_id").asText(null);
        for (int m = 0; m < messages.size(); m++) {
            JsonNode message = messages.get(m);
            String at = path + ".messages[" + m + "]";
            String from = required(message, "from", at);
            Handle handle = handles.parse(at + ".type", "whatsapp", at + ".from", from);
            Map<String, Object> attributes = new LinkedHashMap<>(messageText.attributes(message));
            // the profile name is what the sender typed about themselves: kept for the agent, never used to resolve
            if (profileNames.get(from) != null) {
                attributes.put("profileName", profileNames.get(from));
            }
            if (phoneNumberId != null) {
                attributes.put("phoneNumberId", phoneNumberId);
            }
            into.add(new Interaction("whatsapp", required(message, "id", at), "whatsapp", handle,
                    epochSeconds(message, at), messageText.text(message), attributes));
        }
    }

    private void readStatuses(JsonNode value, String path, List<WhatsAppNotification.Receipt> into) {
        JsonNode statuses = value.path("statuses");
        if (statuses.isMissingNode()) {
            return;
        }
        if (!statuses.isArray()) {
            throw shape(path + ".statuses", "must be an array");
        }
        for (int s = 0; s < statuses.size(); s++) {
            JsonNode status = statuses.get(s);
            String at = path + ".statuses[" + s + "]";
            into.add(new WhatsAppNotification.Receipt(required(status, "id", at), required(status, "status", at),
                    epochSeconds(status, at), status.path("errors").path(0).path("title").asText(null)));
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode root = json.readTree(body);
            if (root == null || !root.isObject()) {
                throw new HubRequestException(400, "malformed_json", null, "the body must be a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new HubRequestException(400, "malformed_json", null, "the body is not valid JSON: " + e.getMessage());
        }
    }

    private static String required(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw shape(path + "." + field, "is required and must be a string");
        }
        return value.asText();
    }

    private static Instant epochSeconds(JsonNode node, String path) {
        String value = required(node, "timestamp", path);
        try {
            return Instant.ofEpochSecond(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw shape(path + ".timestamp", "must be unix seconds as a string, e.g. \"1714380240\"");
        }
    }

    private static HubRequestException shape(String path, String problem) {
        return new HubRequestException(400, "wrong_shape", path, path + ": " + problem
                + " (this endpoint takes WhatsApp Cloud API webhooks)");
    }
}
