package io.continuityhub.sandbox;

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

    static HubClient.Response send(HubClient hub, String body) {
        return hub.send("POST", MESSAGES_PATH, body, "Content-Type", "application/json", "Authorization", "Bearer " + TOKEN);
    }

    static HubClient.Response sendText(HubClient hub, String to, String text) {
        return send(hub, textMessage(to, text));
    }
}
