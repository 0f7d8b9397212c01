package io.continuityhub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds and signs WhatsApp Cloud API webhooks the way Meta does, for tests. */
public final class MetaWebhooks {

    public static final String APP_SECRET = "sandbox-app-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetaWebhooks() {
    }

    public static String textMessage(String fromDigits, String wamid, long unixSeconds, String text) {
        return """
                {"from": "%s", "id": "%s", "timestamp": "%d", "type": "text", "text": {"body": "%s"}}"""
                .formatted(fromDigits, wamid, unixSeconds, text);
    }

    public static String status(String wamid, String status, long unixSeconds, String recipientDigits) {
        return """
                {"id": "%s", "status": "%s", "timestamp": "%d", "recipient_id": "%s"}"""
                .formatted(wamid, status, unixSeconds, recipientDigits);
    }

    /** One entry, one change, with these messages (JSON objects) and statuses. */
    public static String payload(String contactDigits, List<String> messages, List<String> statuses) {
        return """
                {"object": "whatsapp_business_account", "entry": [{"id": "1029384756", "changes": [{"field": "messages",
                 "value": {"messaging_product": "whatsapp",
                   "metadata": {"display_phone_number": "15550001111", "phone_number_id": "100000000000001"},
                   "contacts": [{"profile": {"name": "Jane"}, "wa_id": "%s"}]%s%s}}]}]}"""
                .formatted(contactDigits,
                        messages.isEmpty() ? "" : ", \"messages\": [" + String.join(", ", messages) + "]",
                        statuses.isEmpty() ? "" : ", \"statuses\": [" + statuses.stream().collect(Collectors.joining(", ")) + "]");
    }

    /** The phone numbers (E.164) and user ids of the messages' senders; none for a body that is not a webhook. */
    static List<String> sendersOf(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            return List.of();
        }
        List<String> senders = new ArrayList<>();
        if (root != null) {
            root.path("entry").forEach(entry -> entry.path("changes").forEach(change ->
                    change.path("value").path("messages").forEach(message -> {
                        if (message.path("from").isTextual()) {
                            senders.add("+" + message.path("from").asText());
                        }
                        if (message.path("from_user_id").isTextual()) {
                            senders.add(message.path("from_user_id").asText());
                        }
                    })));
        }
        return senders.stream().distinct().toList();
    }

    public static String sign(String body) {
        return sign(body.getBytes(StandardCharsets.UTF_8));
    }

    public static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Delivers the webhook as Meta would, and first tells the sandbox's Cloud API simulator that
     * its senders wrote (Meta opens a user's 24-hour window when they write; the simulator cannot
     * see a webhook it did not send itself).
     */
    public static HubClient.Response post(HubClient hub, String body) {
        sendersOf(body).forEach(user -> hub.send("POST", "/sandbox/whatsapp/windows",
                "{\"user\": \"" + user + "\"}", "Content-Type", "application/json"));
        HubClient.Response answer = hub.send("POST", "/webhooks/whatsapp", body, "Content-Type", "application/json",
                "X-Hub-Signature-256", sign(body));
        if (answer.status() == 200) {
            awaitIntake(hub);
        }
        return answer;
    }

    /**
     * Waits until the inbox's intake has taken every acknowledged message into its session (the
     * webhook answers once the messages are durable; the session is written just after), so a
     * test reads the session as the customer's next turn would find it.
     */
    public static void awaitIntake(HubClient hub) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(20))
                .until(() -> hub.opsGet("/api/v1/inbox").json().get("pending").asLong() == 0);
    }

    /** The customer with this phone number (+E.164) writes one text message, as Meta delivers it. */
    public static HubClient.Response customerWrites(HubClient hub, String phone, String text, java.time.Instant at) {
        String digits = phone.substring(1);
        return post(hub, payload(digits, List.of(textMessage(digits, "wamid.T" + java.util.UUID.randomUUID(),
                at.getEpochSecond(), text)), List.of()));
    }
}
