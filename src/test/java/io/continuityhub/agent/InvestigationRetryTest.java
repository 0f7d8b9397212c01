package io.continuityhub.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.MetaWebhooks;
import io.continuityhub.support.TestData;
import io.continuityhub.support.SealedRows;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An order's investigation that broke is not the end of it: once the person who took the case
 * hands the session back, the customer asking again starts a new attempt with keys of its own
 * (the same key never carries two requests), up to hub.agent.investigation-attempts; then a
 * person takes the order over.
 */
class InvestigationRetryTest extends HubIntegrationTest {

    @Test
    void anOrderTheWarehouseDidNotKnowIsLookedUpAgainUnderNewKeysWhenTheCustomerAsksAfterTheHandback() {
        String phone = TestData.phone();
        String customerId = seededCustomer(phone);
        String orderId = newOrderId();

        writes(phone, "Where is order " + orderId + "?");
        String sessionId = sessionOf(customerId);
        awaitQuiet(sessionId);
        String firstLookup = sessionId + ":investigate-" + orderId + ":status";
        assertThat(status(firstLookup)).as("the warehouse does not know " + orderId + " yet").isEqualTo("failed");

        assertThat(hub.send("POST", "/sandbox/customers", """
                {"customerId": "%s", "orders": [{"orderId": "%s", "warehouse": "sap", "status": "shipped"}]}"""
                .formatted(customerId, orderId), "Content-Type", "application/json").status()).isEqualTo(200);
        handBack(sessionId);
        long handedBackAt = lastSeq(sessionId);
        writes(phone, "Any news on " + orderId + "?");
        awaitQuiet(sessionId);

        assertThat(status(sessionId + ":investigate-" + orderId + ":status.2")).isEqualTo("succeeded");
        assertThat(status(sessionId + ":investigate-" + orderId + ":case.2")).isEqualTo("succeeded");
        assertThat(status(firstLookup)).as("the first attempt's key still stands for its own request").isEqualTo("failed");
        assertThat(repliesAfter(sessionId, handedBackAt))
                .satisfies(replies -> assertThat(replies.get(0)).contains("checking order " + orderId + " with the warehouse again"))
                .anySatisfy(reply -> assertThat(reply).contains(orderId).containsIgnoringCase("shipped"));
        assertThat(count("SELECT count(*) FROM agent_turn_failure WHERE session_id = ?", sessionId)).as("no turn failed").isZero();
    }

    @Test
    void anOrderThatNeverTurnsUpGoesToAPersonAfterTheConfiguredAttempts() {
        String phone = TestData.phone();
        String customerId = seededCustomer(phone);
        String orderId = newOrderId();
        String sessionId = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            writes(phone, "Where is order " + orderId + "?");
            sessionId = sessionOf(customerId);
            awaitQuiet(sessionId);
            handBack(sessionId);
        }
        long lastHandBack = lastSeq(sessionId);
        writes(phone, "Where is order " + orderId + "??");
        awaitQuiet(sessionId);

        assertThat(count("SELECT count(*) FROM action WHERE session_id = ? AND tool = 'warehouse-status'", sessionId))
                .as("three lookups, each under its own key").isEqualTo(3);
        assertThat(repliesAfter(sessionId, lastHandBack)).singleElement().asString()
                .contains("asked a colleague to take it over");
        assertThat(count("SELECT count(*) FROM escalation WHERE session_id = ? AND status = 'open' AND reason LIKE ?",
                sessionId, "%could not be looked up after 3 attempts%")).as("a person has the order").isEqualTo(1);
    }

    /** The person who holds the session resolves every case open on it, handing it back to the agent. */
    private void handBack(String sessionId) {
        List<String> open = jdbc.sql("SELECT escalation_id FROM escalation WHERE session_id = ? AND status <> 'resolved'")
                .param(sessionId).query(String.class).list();
        assertThat(open).as("the broken lookup went to a person").isNotEmpty();
        for (String escalationId : open) {
            hub.opsPost("/api/v1/escalations/" + escalationId + "/claim", null);
            assertThat(hub.opsPost("/api/v1/escalations/" + escalationId + "/resolve",
                    "{\"resolution\": \"asked the customer to check the order number\"}").status()).isEqualTo(200);
        }
    }

    private String seededCustomer(String phone) {
        String customerId = TestData.customerId();
        assertThat(hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", phone)).status()).isEqualTo(201);
        return customerId;
    }

    private static String newOrderId() {
        return "O-" + (100000 + Math.abs(UUID.randomUUID().hashCode() % 900000));
    }

    private void writes(String phone, String text) {
        assertThat(MetaWebhooks.customerWrites(hub, phone, text, clock().instant()).status()).isEqualTo(200);
    }

    private String sessionOf(String customerId) {
        return hub.opsGet("/api/v1/customers/" + customerId + "/session").json().get("sessionId").asText();
    }

    private String status(String key) {
        return jdbc.sql("SELECT status FROM action WHERE idempotency_key = ?").param(key).query(String.class).single();
    }

    private long lastSeq(String sessionId) {
        return count("SELECT max(seq) FROM session_event WHERE session_id = ?", sessionId);
    }

    private List<String> repliesAfter(String sessionId, long seq) {
        return SealedRows.events(jdbc, "session_id = ? AND seq > ? AND type = 'agent_reply'", sessionId, seq).stream()
                .map(reply -> reply.payload().path("text").asText(null)).toList();
    }
}
