package io.continuityhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.continuityhub.support.HubClient;

/** Calls the sandbox's Cloud API send endpoint the way camel-whatsapp does. */
final class CloudApiRequests {

    static final String TOKEN = "sandbox-access-token";
    static final String PHONE_NUMBER_ID = "100000000000001";
    static final String MESSAGES_PATH = "/sandbox/whatsapp/v21.0/" + PHONE_NUMBER_ID + "/messages";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CloudApiRequests() {
    }

    static String textMessage(String to, String text) {
        ObjectNode body = JSON.createObjectNode().put("messaging_product", "whatsapp").put("recipient_type", "individual")
                .put("to", to).put("type", "text");
        body.putObject("text").put("preview_url", false).put("body", text);
        return body.toString();
    }

    /** A text message carrying the sender's reference in {@code biz_opaque_callback_data}. */
    static String textMessage(String to, String text, String callbackData) {
        try {
            return ((ObjectNode) JSON.readTree(textMessage(to, text))).put("biz_opaque_callback_data", callbackData).toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends as the business would, to a customer who has just written (so inside their 24-hour
     * window: the window itself is tested apart, in WhatsAppServiceWindowTest).
     */
    static HubClient.Response send(HubClient hub, String body) {
        try {
            JsonNode to = JSON.readTree(body).path("to");
            if (to.isTextual() && WhatsAppNumbers.e164(to.asText()).isPresent()) {
                customerWrote(hub, to.asText());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // not JSON: a test of how the simulator refuses it
        }
        return hub.send("POST", MESSAGES_PATH, body, "Content-Type", "application/json", "Authorization", "Bearer " + TOKEN);
    }

    /** Opens the customer's window, as their message to the business number would. */
    static void customerWrote(HubClient hub, String phone) {
        HubClient.Response opened = hub.send("POST", "/sandbox/whatsapp/windows", "{\"user\": \"" + phone + "\"}",
                "Content-Type", "application/json");
        if (opened.status() != 200) {
            throw new IllegalStateException("cannot open the window of " + phone + ": " + opened.body());
        }
    }

    static HubClient.Response sendText(HubClient hub, String to, String text) {
        return send(hub, textMessage(to, text));
    }
}
