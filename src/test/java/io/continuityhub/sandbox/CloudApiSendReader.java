package io.continuityhub.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Reads a Cloud API send request and refuses what graph.facebook.com refuses, with a Graph
 * error naming the parameter, so a hub bug shows up in the sandbox and not first in production.
 */
@Component
@Profile("sandbox")
class CloudApiSendReader {

    /**
     * A send the Cloud API would accept. {@code to} is as sent (or the {@code recipient} field, for a
     * user addressed by their business-scoped user id); {@code recipient} is its E.164 form, or that
     * user id; {@code text} is a text message's body or a template's first body parameter;
     * {@code templateName} is set for templates; {@code bizOpaqueCallbackData} is the sender's own
     * reference, which Meta echoes in the message's status webhooks (null when not sent).
     */
    record CloudApiSend(String to, String recipient, String type, String text, String templateName,
                        String bizOpaqueCallbackData) {
    }

    // WhatsApp's limit on a text message body
    static final int MAX_TEXT_CHARS = 4096;
    // Meta's limit on biz_opaque_callback_data
    static final int MAX_CALLBACK_DATA_CHARS = 512;
    static final String CALLBACK_DATA = "biz_opaque_callback_data";

    private static final List<String> TYPES = List.of("text", "template", "interactive", "image", "audio", "video",
            "document", "sticker", "location", "contacts", "reaction");

    private final ObjectMapper json;

    CloudApiSendReader(ObjectMapper json) {
        this.json = json;
    }

    CloudApiSend read(String body) {
        JsonNode request = parse(body);
        JsonNode product = request.get("messaging_product");
        if (product == null || product.isNull()) {
            throw GraphApiException.invalidParameter("The parameter messaging_product is required.");
        }
        if (!"whatsapp".equals(product.asText())) {
            throw GraphApiException.invalidParameter("Param messaging_product must be one of {WHATSAPP} - got \""
                    + product.asText() + "\".");
        }
        JsonNode recipientType = request.get("recipient_type");
        if (recipientType != null && !recipientType.isNull() && !"individual".equals(recipientType.asText())) {
            throw GraphApiException.invalidParameter("Param recipient_type must be one of {INDIVIDUAL} - got \""
                    + recipientType.asText() + "\".");
        }
        String to = text(request, "to");
        String userId = text(request, "recipient");
        String recipient;
        if (to != null && !to.isBlank()) {
            recipient = WhatsAppNumbers.e164(to).orElseThrow(() -> GraphApiException.invalidParameter(
                    "Invalid parameter: to must be a phone number in international form, e.g. 447700900123."));
        } else if (userId != null && !userId.isBlank()) {
            recipient = WhatsAppNumbers.userId(userId).orElseThrow(() -> GraphApiException.invalidParameter(
                    "Invalid parameter: recipient must be a business-scoped user id, e.g. US.13491208655302741918."));
            to = userId;
        } else {
            throw GraphApiException.invalidParameter("The parameter to is required.");
        }
        String type = request.hasNonNull("type") ? request.get("type").asText() : "text"; // the API's default
        if (!TYPES.contains(type)) {
            throw GraphApiException.invalidParameter("Param type must be one of " + TYPES + " - got \"" + type + "\".");
        }
        JsonNode content = request.get(type);
        if (content == null || !content.isObject()) {
            throw GraphApiException.invalidParameter("The parameter " + type + " is required.");
        }
        String text = null;
        if ("text".equals(type)) {
            text = text(content, "body");
            if (text == null || text.isBlank()) {
                throw GraphApiException.invalidParameter("The parameter text['body'] is required.");
            }
            if (text.length() > MAX_TEXT_CHARS) {
                throw GraphApiException.invalidParameter("Param text['body'] must be at most " + MAX_TEXT_CHARS
                        + " characters long.");
            }
        }
        String templateName = null;
        if ("template".equals(type)) {
            templateName = text(content, "name");
            if (templateName == null || templateName.isBlank()) {
                throw GraphApiException.invalidParameter("The parameter template['name'] is required.");
            }
            if (text(content.path("language"), "code") == null) {
                throw GraphApiException.invalidParameter("The parameter template['language']['code'] is required.");
            }
            text = firstBodyParameter(content);
        }
        return new CloudApiSend(to, recipient, type, text, templateName, callbackData(request));
    }

    private static String firstBodyParameter(JsonNode template) {
        for (JsonNode component : template.path("components")) {
            if ("body".equals(component.path("type").asText())) {
                return text(component.path("parameters").path(0), "text");
            }
        }
        return null;
    }

    /**
     * What the sandbox's per-key faults count this send under, the way a retry of the same message
     * repeats it: its {@code biz_opaque_callback_data} (the hub puts its action key there), else
     * recipient and content. Null for a body that is no send at all; never throws, as it is read
     * before the send is checked.
     */
    String faultKey(String body) {
        JsonNode request;
        try {
            request = body == null ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (request == null || !request.isObject()) {
            return null;
        }
        String callbackData = text(request, CALLBACK_DATA);
        if (callbackData != null && !callbackData.isBlank()) {
            return callbackData;
        }
        String to = text(request, "to") != null ? text(request, "to") : text(request, "recipient");
        String type = request.hasNonNull("type") ? request.get("type").asText() : "text";
        JsonNode content = request.get(type);
        if (to == null || content == null) {
            return null;
        }
        String recipient = WhatsAppNumbers.e164(to).orElse(to);
        String says = "text".equals(type) && text(content, "body") != null ? text(content, "body") : content.toString();
        return recipient + ":" + says;
    }

    private static String callbackData(JsonNode request) {
        JsonNode value = request.get(CALLBACK_DATA);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw GraphApiException.invalidParameter("Param " + CALLBACK_DATA + " must be a string.");
        }
        if (value.asText().length() > MAX_CALLBACK_DATA_CHARS) {
            throw GraphApiException.invalidParameter("Param " + CALLBACK_DATA + " must be at most "
                    + MAX_CALLBACK_DATA_CHARS + " characters long.");
        }
        return value.asText();
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw GraphApiException.invalidParameter("The parameter messaging_product is required.");
        }
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw GraphApiException.invalidParameter("Invalid JSON in the request body: " + e.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
            throw GraphApiException.invalidParameter("The request body must be a JSON object.");
        }
        return request;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
    }
}
