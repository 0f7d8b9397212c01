package io.continuityhub.channel.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.channel.IngressProperties;
import io.continuityhub.channel.IngressTimeWindow;
import io.continuityhub.channel.Interaction;
import io.continuityhub.channel.JsonBodyParser;
import io.continuityhub.identity.Handle;
import io.continuityhub.identity.HandleParser;
import io.continuityhub.kernel.HubRequestException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads a (signature-checked) WhatsApp Cloud API webhook: every message of every change of every
 * entry becomes one {@link Interaction}, every status a {@link WhatsAppNotification.Receipt}. A sender
 * is their phone number ({@code from}, {@code wa_id}) or, for a user known only by their
 * business-scoped user id, that id ({@code from_user_id}, {@code contacts[].user_id}); with both,
 * the id is paired with the number, so the user stays one customer whichever the next webhook carries.
 * A shape that is not Meta's, an id longer than {@code hub.ingress.max-id-chars} or a timestamp
 * outside {@code hub.ingress.time-window} is refused whole with a 400 naming the path, so nothing is
 * half-read; the rules of every JSON ingress held already ({@link JsonBodyParser}).
 */
@Component
public class WhatsAppWebhookReader {

    private static final Logger log = LoggerFactory.getLogger(WhatsAppWebhookReader.class);

    private final HandleParser handles;
    private final WhatsAppMessageText messageText;
    private final IngressTimeWindow timeWindow;
    private final int maxIdChars;

    WhatsAppWebhookReader(HandleParser handles, WhatsAppMessageText messageText, IngressTimeWindow timeWindow,
                          IngressProperties properties) {
        this.handles = handles;
        this.messageText = messageText;
        this.timeWindow = timeWindow;
        this.maxIdChars = properties.maxIdChars();
    }

    public WhatsAppNotification read(@Body JsonNode root) {
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
        WhatsAppContacts contacts = new WhatsAppContacts(value.path("contacts"));
        String phoneNumberId = value.path("metadata").path("phone_number_id").asText(null);
        for (int m = 0; m < messages.size(); m++) {
            JsonNode message = messages.get(m);
            String at = path + ".messages[" + m + "]";
            WhatsAppContacts.Sender sender = contacts.senderOf(message);
            Map<String, Object> attributes = new LinkedHashMap<>(messageText.attributes(message));
            // what the sender calls themselves: kept for the agent, never used to resolve
            if (sender.profileName() != null) {
                attributes.put("profileName", sender.profileName());
            }
            if (sender.username() != null) {
                attributes.put("username", sender.username());
            }
            if (phoneNumberId != null) {
                attributes.put("phoneNumberId", phoneNumberId);
            }
            into.add(new Interaction("whatsapp", id(message, at), "whatsapp", senderHandle(sender, at),
                    epochSeconds(message, at), messageText.text(message), attributes, pairedUserId(sender, at)));
        }
    }

    /** The phone number when the webhook has one (as before user ids existed), else the user id. */
    private Handle senderHandle(WhatsAppContacts.Sender sender, String at) {
        if (sender.waId() != null) {
            return handles.parse(at + ".type", "whatsapp", at + ".from", sender.waId());
        }
        if (sender.userId() != null) {
            return handles.parse(at + ".type", "whatsapp_user_id", at + ".from_user_id", sender.userId());
        }
        throw shape(at + ".from", "is required, or from_user_id for a user known by their WhatsApp user id only");
    }

    /**
     * The user id beside a phone number, which joins the number's customer. One Meta sends in a form
     * it does not document is dropped, not refused: a refused webhook is never sent again, so a 400
     * would lose the message for the sake of a second handle.
     */
    private List<Handle> pairedUserId(WhatsAppContacts.Sender sender, String at) {
        if (sender.waId() == null || sender.userId() == null) {
            return List.of();
        }
        try {
            return List.of(handles.parse(at + ".type", "whatsapp_user_id", at + ".from_user_id", sender.userId()));
        } catch (HubRequestException e) {
            log.warn("Ignoring the WhatsApp user id of {}: {}", at, e.getMessage());
            return List.of();
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
            into.add(new WhatsAppNotification.Receipt(id(status, at), required(status, "status", at),
                    epochSeconds(status, at), status.path("errors").path(0).path("title").asText(null)));
        }
    }

    private static String required(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw shape(path + "." + field, "is required and must be a string");
        }
        return value.asText();
    }

    /** A message's or a receipt's wamid: the inbox's and the ledger's key, so no longer than any id. */
    private String id(JsonNode node, String path) {
        String id = required(node, "id", path);
        if (id.length() > maxIdChars) {
            throw shape(path + ".id", "is longer than " + maxIdChars + " characters (hub.ingress.max-id-chars)");
        }
        return id;
    }

    private Instant epochSeconds(JsonNode node, String path) {
        String value = required(node, "timestamp", path);
        long seconds;
        try {
            seconds = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw shape(path + ".timestamp", "must be unix seconds as a string, e.g. \"1714380240\"");
        }
        return timeWindow.checkEpochSeconds(path + ".timestamp", seconds);
    }

    private static HubRequestException shape(String path, String problem) {
        return new HubRequestException(400, "wrong_shape", path, path + ": " + problem
                + " (this endpoint takes WhatsApp Cloud API webhooks)");
    }
}
