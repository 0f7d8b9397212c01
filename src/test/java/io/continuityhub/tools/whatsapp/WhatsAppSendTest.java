package io.continuityhub.tools.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import io.continuityhub.tools.ActionLedger;
import io.continuityhub.tools.ActionView;
import io.continuityhub.tools.NewAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The hub's WhatsApp sends, against the sandbox's Cloud API simulator over HTTP. */
class WhatsAppSendTest extends HubIntegrationTest {

    @Autowired
    ActionLedger ledger;

    @AfterEach
    void normalRate() {
        setRateLimit(80);
    }

    @Test
    void aSendReachesTheCloudApiWithTheRightBodyAndKeepsItsWamid() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", phone));
        customerWrote(phone);
        NewAction send = new NewAction("test:" + TestData.eventId(), customerId, null, WhatsAppSends.TOOL, "reply",
                Map.of("to", phone, "text", "Your order O-99281 is delayed; Tuesday works?"));

        ledger.record(send);

        ActionView done = awaitStatus(send.idempotencyKey(), "succeeded");
        JsonNode sent = sentTo(phone);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).get("text").asText()).isEqualTo("Your order O-99281 is delayed; Tuesday works?");
        assertThat(sent.get(0).get("type").asText()).isEqualTo("text");
        assertThat(done.providerRef()).isEqualTo(sent.get(0).get("wamid").asText()).startsWith("wamid.");
    }

    @Test
    void aRateLimitedSendIsRetriedLaterNeitherDroppedNorSentTwice() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", phone));
        setRateLimit(0);
        customerWrote(phone);
        NewAction send = new NewAction("test:" + TestData.eventId(), customerId, null, WhatsAppSends.TOOL, "reply",
                Map.of("to", phone, "text", "hello after the rush"));

        ledger.record(send);

        ActionView refused = await().atMost(Duration.ofSeconds(15)).until(() -> ledger.find(send.idempotencyKey()).orElseThrow(),
                view -> "pending".equals(view.status()) && view.lastError() != null && view.lastError().contains("130429"));
        assertThat(refused.attempts()).as("refused with 130429, and no attempt used: a rate limit is no failure of the send")
                .isZero();
        assertThat(sentTo(phone)).isEmpty();

        setRateLimit(80);
        clock().advance(Duration.ofMinutes(5));
        awaitStatus(send.idempotencyKey(), "succeeded");
        clock().advance(Duration.ofHours(1));
        assertThat(sentTo(phone)).hasSize(1);
        assertThat(ledger.find(send.idempotencyKey()).orElseThrow().status()).isEqualTo("succeeded");
    }

    /** A burst beyond the business number's tier waits for permits: every send goes, and hardly any is refused. */
    @Test
    void aBurstOfSendsWaitsForTheTierInsteadOfBeingRefused() {
        String customerId = TestData.customerId();
        hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", TestData.phone()));
        int messages = 200; // 2.5 times the tier of 80 a second, sent at once on the dispatcher's workers
        long callsBefore = whatsAppCalls();
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < messages; i++) {
            String phone = TestData.phone();
            customerWrote(phone);
            NewAction send = new NewAction("burst:" + TestData.eventId(), customerId, null, WhatsAppSends.TOOL, "reply",
                    Map.of("to", phone, "text", "message " + i + " of the burst"));
            ledger.record(send);
            keys.add(send.idempotencyKey());
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "SELECT count(*) FROM action WHERE idempotency_key = ANY(?) AND status = 'succeeded'",
                (Object) keys.toArray(String[]::new)) == messages);
        assertThat(whatsAppCalls() - callsBefore).as("calls the simulator took for " + messages + " messages")
                .isLessThanOrEqualTo((long) (messages * 1.05));
        assertThat(count("SELECT max(attempts) FROM action WHERE idempotency_key = ANY(?)", (Object) keys.toArray(String[]::new)))
                .isEqualTo(1);
    }

    /** Opens the customer's 24-hour window at the simulator, as their message would. */
    private void customerWrote(String phone) {
        assertThat(hub.send("POST", "/sandbox/whatsapp/windows", "{\"user\": \"" + phone + "\"}",
                "Content-Type", "application/json").status()).isEqualTo(200);
    }

    private long whatsAppCalls() {
        return hub.send("GET", "/sandbox/calls?system=whatsapp", null).json().path("calls").asLong();
    }

    private ActionView awaitStatus(String key, String status) {
        await().atMost(Duration.ofSeconds(15)).until(() -> ledger.find(key).orElseThrow().status().equals(status));
        return ledger.find(key).orElseThrow();
    }

    private JsonNode sentTo(String phone) {
        return hub.send("GET", "/sandbox/whatsapp/sent?to=%2B" + phone.substring(1), null).json();
    }

    private void setRateLimit(int perSecond) {
        assertThat(hub.send("PUT", "/sandbox/whatsapp/rate-limit", "{\"maxSendsPerSecond\": " + perSecond + "}",
                "Content-Type", "application/json").status()).isEqualTo(200);
    }
}
