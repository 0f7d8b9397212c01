package io.continuityhub.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Builds the webhooks Meta sends for a WhatsApp business number — a customer's text message, or
 * a delivery status of a message the hub sent — and signs their exact bytes with the app secret,
 * as Meta does. Timestamps are unix seconds, as strings, from the hub's clock.
 */
@Component
@Profile("sandbox")
class WhatsAppWebhookFactory {

    static final String SIGNATURE_HEADER = "X-Hub-Signature-256";

    private final String appSecret;
    private final String phoneNumberId;
    private final String displayPhoneNumber;
    private final String businessAccountId;
    private final WebhookSigner signer;
    private final ObjectMapper json;
    private final Clock clock;

    WhatsAppWebhookFactory(@Value("${hub.whatsapp.app-secret}") String appSecret,
                           @Value("${hub.whatsapp.phone-number-id}") String phoneNumberId,
                           @Value("${sandbox.whatsapp.display-phone-number}") String displayPhoneNumber,
                           @Value("${sandbox.whatsapp.business-account-id}") String businessAccountId,
                           WebhookSigner signer, ObjectMapper json, Clock clock) {
        this.appSecret = appSecret;
        this.phoneNumberId = phoneNumberId;
        this.displayPhoneNumber = displayPhoneNumber;
        this.businessAccountId = businessAccountId;
        this.signer = signer;
        this.json = json;
        this.clock = clock;
    }

    /** Who writes: an E.164 number, a business-scoped user id, or both; a username only beside a user id. */
    record WhatsAppUser(String phoneE164, String userId, String username) {
    }

    /** A customer's text message, from an E.164 number. */
    SignedWebhook customerText(String fromE164, String text, String profileName) {
        return customerText(new WhatsAppUser(fromE164, null, null), text, profileName);
    }

    /**
     * A customer's text message as Meta sends it since business-scoped user ids: the contact
     * carries {@code user_id} (and {@code username}), and a user without a known phone number has
     * no {@code wa_id} and no {@code from}, only {@code from_user_id}.
     */
    SignedWebhook customerText(WhatsAppUser user, String text, String profileName) {
        String wamid = WhatsAppIds.wamid();
        String waId = user.phoneE164() == null ? null : WhatsAppNumbers.waId(user.phoneE164());
        ObjectNode root = json.createObjectNode();
        ObjectNode value = envelope(root);
        ObjectNode contact = value.putArray("contacts").addObject()
                .set("profile", json.createObjectNode().put("name", profileName));
        putIfPresent(contact, "wa_id", waId);
        putIfPresent(contact, "user_id", user.userId());
        putIfPresent(contact, "username", user.username());
        ObjectNode message = value.putArray("messages").addObject();
        putIfPresent(message, "from", waId);
        putIfPresent(message, "from_user_id", user.userId());
        message.put("id", wamid)
                .put("timestamp", now())
                .put("type", "text");
        message.putObject("text").put("body", text);
        return sign(wamid, root);
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /**
     * A status ({@code sent|delivered|read|failed}) of a message the hub sent to an E.164 number
     * ({@code recipient_id}) or a user id ({@code recipient_user_id}, without {@code recipient_id}).
     * {@code bizOpaqueCallbackData} is what the send carried in that field, echoed as Meta does;
     * null when it carried none (then the status has no such field).
     */
    SignedWebhook deliveryStatus(String wamid, String status, String recipient, String bizOpaqueCallbackData) {
        ObjectNode root = json.createObjectNode();
        ObjectNode value = envelope(root);
        ObjectNode statusNode = value.putArray("statuses").addObject()
                .put("id", wamid)
                .put("status", status)
                .put("timestamp", now());
        if (WhatsAppNumbers.isUserId(recipient)) {
            statusNode.put("recipient_user_id", recipient);
        } else {
            statusNode.put("recipient_id", WhatsAppNumbers.waId(recipient));
        }
        if (bizOpaqueCallbackData != null) {
            statusNode.put(CloudApiSendReader.CALLBACK_DATA, bizOpaqueCallbackData);
        }
        switch (status) {
            case "sent", "delivered" -> {
                // Meta reports the billing conversation with sent and delivered statuses
                statusNode.putObject("conversation").put("id", WhatsAppIds.conversationId())
                        .putObject("origin").put("type", "service");
                statusNode.putObject("pricing").put("billable", true).put("pricing_model", "CBP")
                        .put("category", "service");
            }
            case "failed" -> {
                ObjectNode error = statusNode.putArray("errors").addObject()
                        .put("code", 131026)
                        .put("title", "Message undeliverable")
                        .put("message", "Message undeliverable");
                error.putObject("error_data").put("details", "Message Undeliverable.");
            }
            default -> {
                // "read" carries nothing more
            }
        }
        return sign(wamid, root);
    }

    /** {@code {"object","entry":[{"id","changes":[{"field":"messages","value":{…}}]}]}}; returns the value node. */
    private ObjectNode envelope(ObjectNode root) {
        root.put("object", "whatsapp_business_account");
        ObjectNode entry = root.putArray("entry").addObject().put("id", businessAccountId);
        ObjectNode change = entry.putArray("changes").addObject();
        ObjectNode value = json.createObjectNode().put("messaging_product", "whatsapp");
        value.putObject("metadata").put("display_phone_number", displayPhoneNumber).put("phone_number_id", phoneNumberId);
        change.put("field", "messages").set("value", value);
        return value;
    }

    private String now() {
        return Long.toString(clock.instant().getEpochSecond());
    }

    private SignedWebhook sign(String wamid, ObjectNode payload) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a webhook payload", e);
        }
        return new SignedWebhook(wamid, body, SIGNATURE_HEADER, "sha256=" + signer.hmacSha256Hex(appSecret, body));
    }
}
