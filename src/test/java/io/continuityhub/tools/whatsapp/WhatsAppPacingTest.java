package io.continuityhub.tools.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.continuityhub.session.NewSessionEvent;
import io.continuityhub.session.SessionStore;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import io.continuityhub.tools.ActionLedger;
import io.continuityhub.tools.NewAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Outbound pacing: sends wait for the business number's tier and for each recipient instead of
 * failing, a rate-limit refusal costs no attempt, and a customer's messages arrive in the order
 * they were queued, refused or not.
 */
class WhatsAppPacingTest extends HubIntegrationTest {

    @Autowired
    ActionLedger ledger;

    @Autowired
    SessionStore sessions;

    @AfterEach
    void sandboxLimits() {
        rateLimit("{\"maxSendsPerSecond\": 80, \"maxSendsPerRecipient\": 10}");
    }

    @Test
    void messagesRefusedForThePairRateLimitAreSentLaterInTheirOrderWithoutUsingAnAttempt() {
        rateLimit("{\"maxSendsPerRecipient\": 1}"); // the simulator takes one message to a user per 6 s
        Customer customer = customer();
        List<String> keys = new ArrayList<>();
        for (int m = 1; m <= 3; m++) {
            keys.add(queue(customer, m));
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            clock().advance(Duration.ofSeconds(5)); // the ledger's backoff runs on the hub's clock
            return succeeded(keys) == keys.size();
        });

        assertThat(textsSentTo(customer.phone)).containsExactly("message 1", "message 2", "message 3");
        assertThat(count("SELECT max(attempts) FROM action WHERE idempotency_key = ANY(?)", (Object) keys.toArray(String[]::new)))
                .as("131056 is no failure of the send").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM escalation WHERE session_id = ?", customer.sessionId)).isZero();
    }

    @Test
    void fiveThousandRepliesQueuedAtOnceAreAllDeliveredInOrderAtTheTier() {
        int customers = 1000;
        int perCustomer = 5;
        List<Customer> all = new ArrayList<>();
        for (int i = 0; i < customers; i++) {
            all.add(customer());
        }
        long callsBefore = whatsAppCalls();
        List<String> keys = new ArrayList<>();
        for (int m = 1; m <= perCustomer; m++) {
            for (Customer customer : all) {
                keys.add(queue(customer, m));
            }
        }
        String[] keyArray = keys.toArray(String[]::new);

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .until(() -> count("SELECT count(*) FROM action WHERE idempotency_key = ANY(?) AND status NOT IN ('pending', 'in_flight')",
                        (Object) keyArray) == keys.size());

        assertThat(succeeded(keys)).as("all delivered, none failed").isEqualTo(keys.size());
        assertThat(whatsAppCalls() - callsBefore).as("calls the simulator took for " + keys.size() + " messages")
                .isLessThanOrEqualTo((long) (keys.size() * 1.05));
        assertThat(count("SELECT count(*) FROM escalation WHERE session_id = ANY(?)",
                (Object) all.stream().map(Customer::sessionId).toArray(String[]::new))).as("none escalated").isZero();
        Map<String, List<String>> received = new LinkedHashMap<>();
        jdbc.sql("SELECT recipient, text FROM sandbox.whatsapp_sent WHERE recipient = ANY(?) ORDER BY seq")
                .param(all.stream().map(Customer::phone).toArray(String[]::new))
                .query((rs, n) -> received.computeIfAbsent(rs.getString(1), r -> new ArrayList<>()).add(rs.getString(2)))
                .list();
        List<String> inOrder = List.of("message 1", "message 2", "message 3", "message 4", "message 5");
        assertThat(received).hasSize(customers).allSatisfy((phone, texts) -> assertThat(texts).as(phone).isEqualTo(inOrder));
    }

    private record Customer(String customerId, String phone, String sessionId) {
    }

    /** A known WhatsApp customer with a session, inside their 24-hour window at the simulator. */
    private Customer customer() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", phone));
        String sessionId = sessions.append(customerId, new NewSessionEvent(null, null, "note", "test",
                "a session to send in", Map.of())).sessionId();
        assertThat(hub.send("POST", "/sandbox/whatsapp/windows", "{\"user\": \"" + phone + "\"}",
                "Content-Type", "application/json").status()).isEqualTo(200);
        return new Customer(customerId, phone, sessionId);
    }

    private String queue(Customer customer, int message) {
        NewAction send = new NewAction(NewAction.key(customer.sessionId, "burst-" + message, "reply"), customer.customerId,
                customer.sessionId, WhatsAppSends.TOOL, "reply", Map.of("to", customer.phone, "text", "message " + message));
        ledger.record(send);
        return send.idempotencyKey();
    }

    private long succeeded(List<String> keys) {
        return count("SELECT count(*) FROM action WHERE idempotency_key = ANY(?) AND status = 'succeeded'",
                (Object) keys.toArray(String[]::new));
    }

    private List<String> textsSentTo(String phone) {
        return jdbc.sql("SELECT text FROM sandbox.whatsapp_sent WHERE recipient = ? ORDER BY seq").param(phone)
                .query(String.class).list();
    }

    private long whatsAppCalls() {
        return hub.send("GET", "/sandbox/calls?system=whatsapp", null).json().path("calls").asLong();
    }

    private void rateLimit(String json) {
        assertThat(hub.send("PUT", "/sandbox/whatsapp/rate-limit", json, "Content-Type", "application/json").status())
                .isEqualTo(200);
    }
}
