package io.continuityhub.channel.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.MetaWebhooks;
import io.continuityhub.support.TestData;
import io.continuityhub.support.SealedRows;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The webhook answers Meta once its messages are durable in the inbox; the intake then takes each
 * into its customer's session: one sender's in the order they came, after a stop as well as at
 * once, and a message it cannot take is tried again, then parked for a person, holding no one up.
 */
class WhatsAppInboxTest extends HubIntegrationTest {

    private static final long AT = 1_777_000_000L;

    @Test
    void oneSendersMessagesInWebhooksOneAfterAnotherReachTheSessionInTheirOrder() {
        String phone = TestData.phone();
        String other = TestData.phone();
        MetaWebhooks.post(hub, webhook(other, "someone else first"));
        for (int i = 1; i <= 20; i++) {
            // no wait for the intake between them: several intake workers take the inbox side by side
            assertThat(sendSigned(webhook(phone, "message " + i)).status()).isEqualTo(200);
            assertThat(sendSigned(webhook(other, "other " + i)).status()).isEqualTo(200);
        }
        MetaWebhooks.awaitIntake(hub);

        assertThat(customerTexts(phone)).containsExactlyElementsOf(IntStream.rangeClosed(1, 20).mapToObj(i -> "message " + i).toList());
        assertThat(customerTexts(other)).hasSize(21);
    }

    @Test
    void aMessageAcknowledgedWhileTheIntakeIsStoppedReachesItsSessionWhenTheIntakeRunsAgain() throws Exception {
        String phone = TestData.phone();
        camel.getRouteController().stopRoute("inbox-wake-ups");
        camel.getRouteController().stopRoute("inbox-sweep");
        try {
            String body = webhook(phone, "kept while the hub was going down");
            Response answer = sendSigned(body);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().get("accepted").asInt()).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM inbox WHERE sender_key = ? AND status = 'pending'", "tel:" + phone)).isOne();
            assertThat(count("SELECT count(*) FROM interaction WHERE handle_value = ?", phone)).isZero();
            Response again = sendSigned(body);
            assertThat(again.json().get("duplicates").asInt()).as("Meta's redelivery of a kept message").isOne();
        } finally {
            camel.getRouteController().startRoute("inbox-sweep");
            camel.getRouteController().startRoute("inbox-wake-ups");
        }
        MetaWebhooks.awaitIntake(hub);
        assertThat(customerTexts(phone)).containsExactly("kept while the hub was going down");
    }

    @Test
    void aMessageTheAcceptStageCannotTakeIsTriedAgainThenParkedAndHoldsNoOneUp() {
        String poisonSender = "tel:" + TestData.phone();
        String poisonId = "wamid.POISON" + UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO inbox (ingress, provider_message_id, sender_key, interaction, received_at)
                VALUES ('whatsapp', ?, ?, '{"ingress": "whatsapp", "text": "no sender"}', now())""")
                .params(poisonId, poisonSender).update();

        // tried, and due again only after its backoff: the hub's clock moves past each one
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            clock().advance(Duration.ofMinutes(2));
            return "parked".equals(jdbc.sql("SELECT status FROM inbox WHERE provider_message_id = ?").param(poisonId)
                    .query(String.class).single());
        });
        assertThat(count("SELECT attempts FROM inbox WHERE provider_message_id = ?", poisonId)).isEqualTo(5);

        JsonNode status = hub.opsGet("/api/v1/inbox").json();
        assertThat(status.get("pending").asLong()).isZero();
        assertThat(status.get("parked").findValuesAsText("providerMessageId")).contains(poisonId);
        assertThat(status.get("parked").findValues("lastError").toString()).as("why it was parked").contains("Interaction");
        assertThat(hub.opsGet("/actuator/prometheus").body()).containsPattern("hub_inbox_parked_total\\{[^}]*} [1-9]");

        String phone = TestData.phone();
        assertThat(MetaWebhooks.post(hub, webhook(phone, "after the poison")).status()).isEqualTo(200);
        assertThat(customerTexts(phone)).containsExactly("after the poison");
    }

    private Response sendSigned(String body) {
        return hub.send("POST", "/webhooks/whatsapp", body, "Content-Type", "application/json",
                "X-Hub-Signature-256", MetaWebhooks.sign(body));
    }

    private static String webhook(String phone, String text) {
        String digits = phone.substring(1);
        return MetaWebhooks.payload(digits, List.of(MetaWebhooks.textMessage(digits, "wamid.I" + UUID.randomUUID(), AT, text)),
                List.of());
    }

    private List<String> customerTexts(String phone) {
        return SealedRows.interactions(jdbc, "handle_value = ? AND event_seq IS NOT NULL", phone).stream()
                .sorted(java.util.Comparator.comparing(row -> ((Number) row.get("event_seq")).longValue()))
                .map(row -> (String) row.get("text")).toList();
    }
}
