package io.continuityhub.channel.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.channel.reply.CustomerMessenger;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.MetaWebhooks;
import io.continuityhub.support.TestData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * WhatsApp's customer-service window: free-form messages only within 24 hours of the customer's
 * last message. Outside it the hub sends the approved re-engagement template with the same text,
 * and a refusal for the window is never an outage or a failure a person must handle.
 */
class WhatsAppServiceWindowTest extends HubIntegrationTest {

    private static final String SEND = "/sandbox/whatsapp/v21.0/100000000000001/messages";

    @Autowired
    CustomerMessenger messenger;

    @Test
    void theSimulatorRefusesFreeFormOutsideTheWindowAndTemplatesItHasNotApproved() {
        String phone = TestData.phone();

        Response freeForm = cloudApi("""
                {"messaging_product": "whatsapp", "to": "%s", "type": "text", "text": {"body": "hi"}}"""
                .formatted(phone.substring(1)));
        Response unknownTemplate = cloudApi(template(phone, "not_approved"));
        Response approved = cloudApi(template(phone, "continuity_update"));

        assertThat(freeForm.status()).isEqualTo(400);
        assertThat(freeForm.json().get("error").get("code").asInt()).isEqualTo(131047);
        assertThat(unknownTemplate.status()).isEqualTo(400);
        assertThat(unknownTemplate.json().get("error").get("code").asInt()).isEqualTo(132001);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(sentTo(phone)).extracting(sent -> sent.get("type").asText()).containsExactly("template");
    }

    @Test
    void aMessageAfterTheWindowClosedGoesAsTheApprovedTemplateWithItsText() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", phone));
        String sessionId = write(phone, "Hello there", true);
        awaitQuiet(sessionId);
        int before = sentTo(phone).size();

        clock().advance(Duration.ofHours(25));
        String key = "window-" + UUID.randomUUID();
        messenger.tell(customerId, sessionId, key, "human-reply", "Your parcel arrives tomorrow.");

        await().atMost(Duration.ofSeconds(15)).until(() -> sentTo(phone).size() > before);
        JsonNode last = sentTo(phone).get(sentTo(phone).size() - 1);
        assertThat(last.get("type").asText()).isEqualTo("template");
        assertThat(last.get("text").asText()).isEqualTo("Your parcel arrives tomorrow.");
        assertThat(actionStatus(key)).isEqualTo("succeeded");
        assertThat(count("SELECT count(*) FROM escalation WHERE session_id = ?", sessionId)).isZero();
    }

    @Test
    void aFreeFormSendTheCloudApiRefusesForTheWindowIsSentAgainAsTheTemplateOnce() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", phone));
        // delivered without telling the simulator: the hub believes the window open, Meta does not
        String sessionId = write(phone, "Hello there", false);

        awaitQuiet(sessionId);

        List<JsonNode> sent = sentTo(phone);
        assertThat(sent).isNotEmpty().allMatch(message -> message.get("type").asText().equals("template"));
        assertThat(count("SELECT count(*) FROM action WHERE session_id = ? AND tool = 'whatsapp-send' AND status <> 'succeeded'",
                sessionId)).isZero();
        assertThat(count("SELECT count(*) FROM escalation WHERE session_id = ?", sessionId)).isZero();
        assertThat(count("SELECT count(*) FROM session_event WHERE session_id = ? AND type LIKE 'outage%'", sessionId)).isZero();
    }

    private String write(String phone, String text, boolean throughMeta) {
        String digits = phone.substring(1);
        String body = MetaWebhooks.payload(digits, List.of(MetaWebhooks.textMessage(digits, "wamid.W" + UUID.randomUUID(),
                clock().instant().getEpochSecond(), text)), List.of());
        Response accepted = throughMeta ? MetaWebhooks.post(hub, body) : hub.send("POST", "/webhooks/whatsapp", body,
                "Content-Type", "application/json", "X-Hub-Signature-256", MetaWebhooks.sign(body));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        MetaWebhooks.awaitIntake(hub);
        return jdbc.sql("SELECT session_id FROM interaction WHERE handle_value = ? ORDER BY received_at DESC LIMIT 1")
                .param(phone).query(String.class).single();
    }

    private String actionStatus(String key) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql("SELECT status FROM action WHERE idempotency_key = ?")
                .param(key).query(String.class).single(), status -> !status.equals("pending") && !status.equals("in_flight"));
    }

    private Response cloudApi(String body) {
        return hub.send("POST", SEND, body, "Content-Type", "application/json", "Authorization", "Bearer sandbox-access-token");
    }

    private static String template(String phone, String name) {
        return """
                {"messaging_product": "whatsapp", "to": "%s", "type": "template", "template": {"name": "%s",
                 "language": {"code": "en_GB"}, "components": [{"type": "body", "parameters": [{"type": "text", "text": "hi"}]}]}}"""
                .formatted(phone.substring(1), name);
    }

    private List<JsonNode> sentTo(String phone) {
        JsonNode sent = hub.send("GET", "/sandbox/whatsapp/sent?to=%2B" + phone.substring(1), null).json();
        return StreamSupport.stream(sent.spliterator(), false).toList();
    }
}
