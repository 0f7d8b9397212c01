package io.continuityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.MetaWebhooks;
import io.continuityhub.support.TestData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The downstream tools against the sandbox's simulators over HTTP, with the simulators' faults. */
class DownstreamToolsTest extends HubIntegrationTest {

    @Autowired
    ActionLedger ledger;

    @AfterEach
    void noFaults() {
        for (String system : List.of("salesforce", "warehouse", "whatsapp")) {
            fault(system, "none", null);
        }
    }

    @Test
    void aCaseWrittenBeforeTheAnswerWasLostIsWrittenOnceWhenTheHubRetries() {
        Conversation conversation = conversation();
        String hubKey = "hub-" + UUID.randomUUID();
        // the hub logs in with a first case, so the fault below hits the upsert itself
        NewAction first = new NewAction(NewAction.key(conversation.sessionId, "case", "open"), conversation.customerId,
                conversation.sessionId, "salesforce-case", "open", Map.of("hubKey", "hub-" + UUID.randomUUID(),
                "Subject", "first contact", "Origin", "WhatsApp"));
        ledger.record(first);
        awaitStatus(first.idempotencyKey(), "succeeded");
        fault("salesforce", "timeout_after_commit", 4000L);
        NewAction upsert = new NewAction(NewAction.key(conversation.sessionId, "case", "upsert"), conversation.customerId,
                conversation.sessionId, "salesforce-case", "upsert", Map.of("hubKey", hubKey, "Subject",
                "Order O-99281 shipping delay", "Origin", "WhatsApp", "Status", "New"));

        ledger.record(upsert);
        awaitRetrying(upsert.idempotencyKey());
        fault("salesforce", "none", null);
        clock().advance(Duration.ofMinutes(2));
        awaitStatus(upsert.idempotencyKey(), "succeeded");

        assertThat(sideEffects("salesforce", hubKey)).as("cases created for the key").isEqualTo(1);
        assertThat(hub.send("GET", "/sandbox/salesforce/cases?hubKey=" + hubKey, null).json()).hasSize(1);
        assertThat(ledger.find(upsert.idempotencyKey()).orElseThrow().response()).containsEntry("created", false);
    }

    @Test
    void anExceptionRaisedBeforeTheAnswerWasLostIsRaisedOnceWhenReplayedWithItsKey() {
        Conversation conversation = conversation();
        fault("warehouse", "timeout_after_commit", 4000L);
        NewAction raise = new NewAction(NewAction.key(conversation.sessionId, "delay", "raise"), conversation.customerId,
                conversation.sessionId, "fulfillment-exception", "raise", Map.of("orderId", conversation.orderId,
                "type", "delay", "detail", "carrier issue", "resolution", "deliver Tuesday"));

        ledger.record(raise);
        awaitRetrying(raise.idempotencyKey());
        fault("warehouse", "none", null);
        clock().advance(Duration.ofMinutes(2));
        awaitStatus(raise.idempotencyKey(), "succeeded");

        assertThat(sideEffects("warehouse", raise.idempotencyKey())).isEqualTo(1);
        ActionView done = ledger.find(raise.idempotencyKey()).orElseThrow();
        assertThat(done.providerRef()).startsWith("FX-");
        assertThat(done.response()).containsEntry("replayed", true);
    }

    @Test
    void theWarehouseStatusReadsTheSeededOrder() {
        Conversation conversation = conversation();
        NewAction lookup = new NewAction(NewAction.key(conversation.sessionId, "status", "read"), conversation.customerId,
                conversation.sessionId, "warehouse-status", "read", Map.of("orderId", conversation.orderId));

        ledger.record(lookup);

        ActionView done = awaitStatus(lookup.idempotencyKey(), "succeeded");
        assertThat(done.response()).containsEntry("status", "delayed").containsEntry("carrier", "UPS")
                .containsEntry("delayReason", "carrier issue").containsEntry("deliveryOptions", List.of("Tuesday"));
    }

    @Test
    void aWarehouseOutageOpensTheBreakerTellsTheCustomerOnceAndFinishesWhenItIsBack() {
        Conversation conversation = conversation();
        fault("warehouse", "down", null);
        List<String> keys = new ArrayList<>();
        // twelve failures open the breaker whatever the last twenty calls were (it opens at 50 %)
        for (int i = 0; i < 12; i++) {
            NewAction lookup = new NewAction(NewAction.key(conversation.sessionId, "status-" + i, "read"),
                    conversation.customerId, conversation.sessionId, "warehouse-status", "read",
                    Map.of("orderId", conversation.orderId));
            keys.add(lookup.idempotencyKey());
            ledger.record(lookup);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> keys.stream()
                .allMatch(k -> ledger.find(k).orElseThrow().attempts() >= 1 && "pending".equals(ledger.find(k).orElseThrow().status())));

        long callsWhenOpen = calls("warehouse");
        clock().advance(Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> keys.stream().allMatch(k -> ledger.find(k).orElseThrow().attempts() >= 2));
        // the breaker half-opens 3 s (real time) after it opened: on a slow machine its probes may
        // fall in this round, but no more than the probes it permits
        assertThat(calls("warehouse") - callsWhenOpen).as("retries while the breaker is open do not reach the warehouse")
                .isLessThanOrEqualTo(3);
        assertThat(keys.stream().filter(k -> String.valueOf(ledger.find(k).orElseThrow().lastError()).contains("CallNotPermitted")))
                .as("refused by the open breaker").hasSizeGreaterThanOrEqualTo(keys.size() - 3);

        await().atMost(Duration.ofSeconds(10)).until(() -> sentTo(conversation.phone).size() >= 1);
        JsonNode told = sentTo(conversation.phone);
        assertThat(told).hasSize(1);
        assertThat(told.get(0).get("text").asText()).contains("warehouse system").contains("minutes");

        fault("warehouse", "none", null);
        long recoveredAt = System.nanoTime();
        // the breaker half-opens after its wait (3 s here, real time); the backoff runs on the hub's
        // clock, moved a minute a second: each step makes every retry due, and twenty of them stay
        // inside the warehouse's 30-minute SLA, past which a person would take the case instead
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofMillis(3500)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            clock().advance(Duration.ofMinutes(1));
            return keys.stream().allMatch(k -> "succeeded".equals(ledger.find(k).orElseThrow().status()));
        });
        assertThat(Duration.ofNanos(System.nanoTime() - recoveredAt)).isLessThan(Duration.ofSeconds(30));
        assertThat(sentTo(conversation.phone)).as("still told only once").hasSize(1);
    }

    @Test
    void aWarehouseDownPastItsSlaGoesToAPersonOnceWithItsContext() {
        Conversation conversation = conversation();
        fault("warehouse", "down", null);
        NewAction lookup = new NewAction(NewAction.key(conversation.sessionId, "sla-status", "read"), conversation.customerId,
                conversation.sessionId, "warehouse-status", "read", Map.of("orderId", conversation.orderId));
        ledger.record(lookup);
        awaitRetrying(lookup.idempotencyKey());

        // first the outage is news (hub.downstream.notice-after): the customer is told while the hub
        // still holds the conversation; once a person has it, the hub tells nothing more
        clock().advance(Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(conversation.phone).size() == 1);
        clock().advance(Duration.ofMinutes(29));

        await().atMost(Duration.ofSeconds(10)).until(() -> count(
                "SELECT count(*) FROM escalation WHERE case_key = ?", "sla:warehouse:" + conversation.sessionId) == 1);
        clock().advance(Duration.ofMinutes(5));
        pause();
        assertThat(count("SELECT count(*) FROM escalation WHERE session_id = ? AND case_key LIKE 'sla:%'", conversation.sessionId))
                .isEqualTo(1);
        JsonNode escalation = hub.opsGet("/api/v1/escalations?status=open").json();
        JsonNode ours = null;
        for (JsonNode e : escalation) {
            if (conversation.sessionId.equals(e.get("sessionId").asText())) {
                ours = e;
            }
        }
        assertThat(ours).isNotNull();
        assertThat(ours.get("reason").asText()).contains("warehouse system").contains("30 minutes");
        assertThat(ours.get("context").get("failingAction").get("idempotencyKey").asText()).isEqualTo(lookup.idempotencyKey());
        assertThat(ours.get("context").get("recentEvents").toString()).contains("where is my order");
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(conversation.phone).size() == 2);
        List<String> told = new ArrayList<>();
        sentTo(conversation.phone).forEach(message -> told.add(message.get("text").asText()));
        assertThat(told).anyMatch(text -> text.contains("a person")).anyMatch(text -> text.contains("not answering"));
    }

    @Test
    void twoHundredConversationsAgainstFlappingSystemsEndDoneOrEscalatedWithNoDuplicateSideEffect() {
        List<NewAction> actions = new ArrayList<>();
        List<Conversation> conversations = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // on chat, a channel the hub does not send on: this test is about side effects, not notices
            conversations.add(conversation("chat"));
        }
        fault("salesforce", "flapping", null, 0.5);
        fault("warehouse", "flapping", null, 0.5);
        for (Conversation c : conversations) {
            actions.add(new NewAction(NewAction.key(c.sessionId, "case", "upsert"), c.customerId, c.sessionId,
                    "salesforce-case", "upsert", Map.of("hubKey", "hub-" + c.sessionId, "Subject", "Order " + c.orderId + " delayed",
                    "Origin", "WhatsApp")));
            actions.add(new NewAction(NewAction.key(c.sessionId, "delay", "raise"), c.customerId, c.sessionId,
                    "fulfillment-exception", "raise", Map.of("orderId", c.orderId, "type", "delay", "detail", "carrier issue")));
        }
        actions.parallelStream().forEach(ledger::record);

        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            clock().advance(Duration.ofMinutes(2));
            return count("SELECT count(*) FROM action WHERE idempotency_key = ANY(?) AND status IN ('pending', 'in_flight')",
                    (Object) keys(actions)) == 0;
        });

        for (NewAction action : actions) {
            ActionView view = ledger.find(action.idempotencyKey()).orElseThrow();
            boolean escalated = count("SELECT count(*) FROM escalation WHERE case_key = ?", "action:" + action.idempotencyKey()) == 1;
            assertThat(view.status().equals("succeeded") || escalated).as(action.idempotencyKey() + " is " + view.status()).isTrue();
        }
        List<String> ourKeys = new ArrayList<>(List.of(keys(actions)));
        conversations.forEach(c -> ourKeys.add("hub-" + c.sessionId));
        assertThat(duplicateSideEffects("salesforce")).as("cases created twice for one key").doesNotContainAnyElementsOf(ourKeys);
        assertThat(duplicateSideEffects("warehouse")).as("exceptions raised twice for one key").doesNotContainAnyElementsOf(ourKeys);
    }

    private static String[] keys(List<NewAction> actions) {
        return actions.stream().map(NewAction::idempotencyKey).toArray(String[]::new);
    }

    private List<String> duplicateSideEffects(String system) {
        List<String> duplicates = new ArrayList<>();
        hub.send("GET", "/sandbox/ledger?system=" + system, null).json().forEach(row -> {
            if (row.get("count").asLong() > 1) {
                duplicates.add(row.get("key").asText());
            }
        });
        return duplicates;
    }

    private record Conversation(String customerId, String sessionId, String phone, String orderId) {
    }

    /** A seeded customer with a delayed order, who wrote on WhatsApp. */
    private Conversation conversation() {
        return conversation("whatsapp");
    }

    /** A seeded customer with a delayed order, who wrote on {@code channel} (whatsapp, or a touchpoint channel). */
    private Conversation conversation(String channel) {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        String orderId = "O-" + (100000 + Math.abs(UUID.randomUUID().hashCode() % 900000));
        Response seeded = hub.send("POST", "/sandbox/customers", """
                {"customerId": "%s", "displayName": "Jane Doe", "timeZone": "Europe/London",
                 "handles": [{"channel": "whatsapp", "value": "%s"}],
                 "orders": [{"orderId": "%s", "warehouse": "sap", "status": "delayed", "delayReason": "carrier issue",
                             "carrier": "UPS", "trackingCode": "1Z999AA10123456784", "deliveryOptions": ["Tuesday"]}]}"""
                .formatted(customerId, phone, orderId), "Content-Type", "application/json");
        assertThat(seeded.status()).as(seeded.body()).isEqualTo(201);
        String digits = phone.substring(1);
        // no order id in the message: the agent only asks which order, so the tool calls under test are the test's own
        if (channel.equals("whatsapp")) {
            MetaWebhooks.post(hub, MetaWebhooks.payload(digits, List.of(MetaWebhooks.textMessage(digits,
                    "wamid.D" + UUID.randomUUID(), 1_777_000_000L, "where is my order?")), List.of()));
        } else {
            hub.touchpoint(TestData.eventId(), channel, "phone", phone, "where is my order?");
        }
        String sessionId = hub.opsGet("/api/v1/customers/" + customerId + "/session").json().get("sessionId").asText();
        return new Conversation(customerId, sessionId, phone, orderId);
    }

    private void fault(String system, String mode, Long latencyMs) {
        fault(system, mode, latencyMs, null);
    }

    private void fault(String system, String mode, Long latencyMs, Double errorRate) {
        String body = "{\"system\": \"" + system + "\", \"mode\": \"" + mode + "\""
                + (latencyMs == null ? "" : ", \"latencyMs\": " + latencyMs)
                + (errorRate == null ? "" : ", \"errorRate\": " + errorRate) + "}";
        assertThat(hub.send("POST", "/sandbox/faults", body, "Content-Type", "application/json").status()).isEqualTo(200);
    }

    private long calls(String system) {
        return hub.send("GET", "/sandbox/calls?system=" + system, null).json().get("calls").asLong();
    }

    private long sideEffects(String system, String key) {
        for (JsonNode row : hub.send("GET", "/sandbox/ledger?system=" + system, null).json()) {
            if (key.equals(row.get("key").asText())) {
                return row.get("count").asLong();
            }
        }
        return 0;
    }

    /** What the hub told the customer about its systems: the WhatsApp messages other than the agent's replies. */
    private JsonNode sentTo(String phone) {
        List<String> agentReplies = jdbc.sql("SELECT provider_ref FROM action WHERE tool = 'whatsapp-send' AND step = 'reply'"
                + " AND provider_ref IS NOT NULL").query(String.class).list();
        com.fasterxml.jackson.databind.node.ArrayNode notices = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        hub.send("GET", "/sandbox/whatsapp/sent?to=%2B" + phone.substring(1), null).json().forEach(sent -> {
            if (!agentReplies.contains(sent.path("wamid").asText())) {
                notices.add(sent);
            }
        });
        return notices;
    }

    private void awaitRetrying(String key) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            ActionView view = ledger.find(key).orElseThrow();
            return view.attempts() >= 1 && "pending".equals(view.status());
        });
    }

    private ActionView awaitStatus(String key, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> status.equals(ledger.find(key).orElseThrow().status()));
        return ledger.find(key).orElseThrow();
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
