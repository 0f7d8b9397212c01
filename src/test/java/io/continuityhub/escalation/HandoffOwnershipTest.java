package io.continuityhub.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.continuityhub.agent.SessionMemoryReader;
import io.continuityhub.session.EscalationRequest;
import io.continuityhub.session.SessionStore;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.MetaWebhooks;
import io.continuityhub.support.TestData;
import io.continuityhub.support.SealedRows;
import io.continuityhub.tools.ActionLedger;
import io.continuityhub.tools.NewAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One owner at a time: from escalation until a person resolves it the agent records what arrives
 * but sends nothing of its own (one holding reply at most), calls no system and never changes the
 * session's state; on resolve it takes over again knowing what the person settled.
 */
class HandoffOwnershipTest extends HubIntegrationTest {

    private static final String HOLDING = "Thank you - a colleague has your conversation and will answer you here.";

    @Autowired
    EscalationQueue queue;

    @Autowired
    SessionStore sessions;

    @Autowired
    ActionLedger ledger;

    @Autowired
    SessionMemoryReader memoryReader;

    @Test
    void whileAPersonHoldsTheSessionTheAgentSendsOneHoldingReplyAndCallsNothing() {
        Conversation conversation = conversation();
        String escalationId = queue.open(new EscalationRequest(conversation.customerId, conversation.sessionId,
                "customer asked for a person", "ask:" + conversation.sessionId, null, null)).escalationId();
        long escalatedAt = lastSeq(conversation.sessionId);

        write(conversation, "Where is order O-40001?");
        write(conversation, "Hello? Anyone there?");
        write(conversation, "Please change the address of O-40001");
        awaitQuiet(conversation.sessionId);

        assertThat(repliesAfter(conversation.sessionId, escalatedAt)).containsExactly(HOLDING);
        assertThat(count("""
                SELECT count(*) FROM action WHERE session_id = ? AND tool <> 'whatsapp-send'""", conversation.sessionId))
                .as("no system called while the person holds it").isZero();
        assertThat(state(conversation.sessionId)).isEqualTo("escalated");
        assertThat(SealedRows.events(jdbc, "session_id = ? AND seq > ? AND type = 'agent_decided'",
                conversation.sessionId, escalatedAt))
                .filteredOn(decided -> decided.payload().has("withheldWhileHeldByAPerson"))
                .as("what the agent would have done is kept for the person").hasSizeGreaterThanOrEqualTo(3);

        hub.opsPost("/api/v1/escalations/" + escalationId + "/claim", null);
        Response resolved = hub.opsPost("/api/v1/escalations/" + escalationId + "/resolve",
                "{\"resolution\": \"address of O-40001 changed by phone\"}");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        long resolvedAt = lastSeq(conversation.sessionId);
        write(conversation, "thanks!");
        awaitQuiet(conversation.sessionId);

        assertThat(repliesAfter(conversation.sessionId, resolvedAt)).as("the agent answers again").hasSize(1)
                .noneMatch(HOLDING::equals);
        assertThat(memoryReader.read(sessions.events(conversation.sessionId), List.of()).personResolution())
                .isEqualTo("address of O-40001 changed by phone");
    }

    @Test
    void turnsRacingAnEscalationTwoHundredTimesNeverTakeTheSessionBackOrTalkOverThePerson() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Conversation>> starting = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                starting.add(pool.submit(this::conversationAboutAnOrder));
            }
            List<Conversation> conversations = new ArrayList<>();
            for (Future<Conversation> f : starting) {
                conversations.add(f.get());
            }
            List<Future<?>> racing = new ArrayList<>();
            for (Conversation conversation : conversations) {
                // a question that, decided before the escalation, starts an investigation (a Case, a
                // warehouse lookup) and moves the session to investigating; decided after it, nothing
                racing.add(pool.submit(() -> write(conversation, "Where is order " + conversation.orderId + "?")));
                racing.add(pool.submit(() -> queue.open(new EscalationRequest(conversation.customerId,
                        conversation.sessionId, "race", "race:" + conversation.sessionId, null, null))));
            }
            for (Future<?> f : racing) {
                f.get();
            }
            awaitAllQuiet(conversations.stream().map(Conversation::sessionId).toList());
            for (Conversation conversation : conversations) {
                String sessionId = conversation.sessionId;
                long escalatedAt = count("SELECT seq FROM session_event WHERE session_id = ? AND type = 'escalated'", sessionId);
                assertThat(state(sessionId)).as(sessionId).isEqualTo("escalated");
                assertThat(repliesAfter(sessionId, escalatedAt)).as(sessionId)
                        .allMatch(HOLDING::equals).hasSizeLessThanOrEqualTo(1);
                List<SealedRows.Event> before = SealedRows.events(jdbc, "session_id = ? AND seq < ?", sessionId, escalatedAt);
                assertThat(jdbc.sql("SELECT idempotency_key FROM action WHERE session_id = ?")
                        .param(sessionId).query(String.class).list().stream()
                        .filter(key -> before.stream().noneMatch(event -> mentions(event, key))).toList())
                        .as("%s: planned after the escalation", sessionId).allMatch(key -> key.endsWith(":holding-reply"));
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * A call the agent made before the person took the session fails for good while they hold it:
     * the verdict is recorded (and what the agent would have said kept for the person), but the
     * customer hears nothing from the agent and no system is called to undo anything.
     */
    @Test
    void aToolFailingWhileAPersonHoldsTheSessionIsRecordedButNotAnsweredByTheAgent() {
        Conversation conversation = conversationAbout("delayed");
        String sessionId = conversation.sessionId;
        // the first three calls of each key get a 503: the status read is retried (the hub's clock
        // runs on until it succeeds), then raising the delay waits for its next try
        fault("{\"system\": \"warehouse\", \"mode\": \"down\", \"timesPerKey\": 3}");
        try {
            write(conversation, "Where is order " + conversation.orderId + "?");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                clock().advance(Duration.ofSeconds(10));
                return count("SELECT count(*) FROM action WHERE session_id = ? AND tool = 'warehouse-status'"
                        + " AND status = 'succeeded'", sessionId) == 1;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> count("""
                    SELECT count(*) FROM action WHERE session_id = ? AND tool = 'fulfillment-exception'
                      AND status = 'pending' AND attempts > 0""", sessionId) == 1);
            queue.open(new EscalationRequest(conversation.customerId, sessionId, "customer asked for a person",
                    "ask:" + sessionId, null, null));
            long escalatedAt = lastSeq(sessionId);
            List<String> actionsBefore = actions(sessionId);
            fault("{\"system\": \"warehouse\", \"mode\": \"reject\"}");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                clock().advance(Duration.ofSeconds(30)); // past the retry's backoff
                return count("SELECT count(*) FROM action WHERE session_id = ? AND tool = 'fulfillment-exception'"
                        + " AND status = 'failed'", sessionId) == 1;
            });
            awaitQuiet(sessionId);

            assertThat(repliesAfter(sessionId, escalatedAt)).as("the person speaks for the hub now").isEmpty();
            assertThat(actions(sessionId)).as("nothing undone or sent by the agent").isEqualTo(actionsBefore);
            assertThat(SealedRows.events(jdbc, "session_id = ? AND seq > ? AND type = 'agent_decided'", sessionId, escalatedAt)
                    .stream().map(decided -> decided.payload().path("withheldWhileHeldByAPerson").path("replies").toString())
                    .toList())
                    .as("what the agent would have said is kept for the person")
                    .anySatisfy(replies -> assertThat(replies).contains("couldn't register the delay"));
            assertThat(state(sessionId)).isEqualTo("escalated");
        } finally {
            fault("{\"system\": \"warehouse\", \"mode\": \"none\"}");
        }
    }

    @Test
    void anOutageWhileAPersonHoldsTheSessionIsNotToldByTheHub() {
        Conversation conversation = conversationAboutAnOrder();
        awaitQuiet(conversation.sessionId);
        queue.open(new EscalationRequest(conversation.customerId, conversation.sessionId, "customer asked for a person",
                "ask:" + conversation.sessionId, null, null));
        long escalatedAt = lastSeq(conversation.sessionId);
        fault("{\"system\": \"warehouse\", \"mode\": \"down\"}");
        try {
            NewAction lookup = new NewAction(NewAction.key(conversation.sessionId, "held-status", "read"),
                    conversation.customerId, conversation.sessionId, "warehouse-status", "read",
                    Map.of("orderId", conversation.orderId));
            ledger.record(lookup);
            // past hub.downstream.notice-after, the outage is news the customer would be told of
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                clock().advance(Duration.ofSeconds(30));
                return ledger.find(lookup.idempotencyKey()).orElseThrow().attempts() >= 3;
            });

            assertThat(count("SELECT count(*) FROM action WHERE session_id = ? AND step = 'outage-notice'",
                    conversation.sessionId)).as("no outage notice over the person").isZero();
            assertThat(repliesAfter(conversation.sessionId, escalatedAt)).isEmpty();
        } finally {
            fault("{\"system\": \"warehouse\", \"mode\": \"none\"}");
        }
    }

    @Test
    void onHandBackTheAgentGoesOnFromWhatThePersonSettled() {
        Conversation conversation = conversationAboutAnOrder();
        String sessionId = conversation.sessionId;
        String escalationId = queue.open(new EscalationRequest(conversation.customerId, sessionId,
                "customer asked for a person", "ask:" + sessionId, null, null)).escalationId();
        hub.opsPost("/api/v1/escalations/" + escalationId + "/claim", null);
        assertThat(hub.opsPost("/api/v1/escalations/" + escalationId + "/resolve", "{\"resolution\": \"customer called about order "
                + conversation.orderId + "; address changed by phone\"}").status()).isEqualTo(200);
        long resolvedAt = lastSeq(sessionId);

        write(conversation, "Where is my parcel now?");
        awaitQuiet(sessionId);

        assertThat(repliesAfter(sessionId, resolvedAt)).as("the order the person settled is not asked for again")
                .isNotEmpty().noneMatch(reply -> reply.contains("Which order"))
                .first().asString().contains(conversation.orderId);
    }

    /** {@link #awaitQuiet} for many sessions at once: one quiet spell for all, not one each. */
    private void awaitAllQuiet(List<String> sessionIds) {
        await().atMost(Duration.ofSeconds(90)).during(Duration.ofSeconds(1)).until(() -> jdbc.sql("""
                SELECT count(*) FROM session s WHERE s.session_id IN (:ids) AND s.agent_seq = s.last_seq
                  AND NOT EXISTS (SELECT 1 FROM action a WHERE a.session_id = s.session_id
                                  AND a.status IN ('pending', 'in_flight'))""")
                .param("ids", sessionIds).query(Long.class).single() == sessionIds.size());
    }

    private record Conversation(String customerId, String phone, String sessionId, String orderId) {
    }

    /** A known customer who wrote once and was answered. */
    private Conversation conversation() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", phone));
        return wroteOnce(customerId, phone, null);
    }

    /** {@link #conversation()}, for a customer with a shipped order the warehouse knows. */
    private Conversation conversationAboutAnOrder() {
        return conversationAbout("shipped");
    }

    private Conversation conversationAbout(String orderStatus) {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        String orderId = "O-" + (100000 + Math.abs(UUID.randomUUID().hashCode() % 900000));
        Response seeded = hub.send("POST", "/sandbox/customers", """
                {"customerId": "%s", "displayName": "Race", "timeZone": "UTC",
                 "handles": [{"channel": "whatsapp", "value": "%s"}],
                 "orders": [{"orderId": "%s", "warehouse": "sap", "status": "%s", "delayReason": "carrier issue"}]}"""
                .formatted(customerId, phone, orderId, orderStatus), "Content-Type", "application/json");
        assertThat(seeded.status()).as(seeded.body()).isEqualTo(201);
        return wroteOnce(customerId, phone, orderId);
    }

    private Conversation wroteOnce(String customerId, String phone, String orderId) {
        write(new Conversation(customerId, phone, null, null), "hi");
        String sessionId = hub.opsGet("/api/v1/customers/" + customerId + "/session").json().get("sessionId").asText();
        return new Conversation(customerId, phone, sessionId, orderId);
    }

    private void write(Conversation conversation, String text) {
        String digits = conversation.phone.substring(1);
        Response accepted = MetaWebhooks.post(hub, MetaWebhooks.payload(digits, List.of(MetaWebhooks.textMessage(digits,
                "wamid.H" + UUID.randomUUID(), clock().instant().getEpochSecond(), text)), List.of()));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    }

    /** The agent's actions: the hub's notice of the warehouse outage (OutageNotices) is not the agent's. */
    private List<String> actions(String sessionId) {
        return jdbc.sql("""
                SELECT tool || ' ' || idempotency_key FROM action WHERE session_id = ? AND step <> 'outage-notice'
                ORDER BY idempotency_key""").param(sessionId).query(String.class).list();
    }

    private void fault(String body) {
        assertThat(hub.send("POST", "/sandbox/faults", body, "Content-Type", "application/json").status()).isEqualTo(200);
    }

    private List<String> repliesAfter(String sessionId, long seq) {
        return SealedRows.events(jdbc, "session_id = ? AND seq > ? AND type = 'agent_reply'", sessionId, seq).stream()
                .map(reply -> reply.payload().path("text").asText(null)).toList();
    }

    /** The event is the ledger's note of the action, or the agent's decision that planned it. */
    private static boolean mentions(SealedRows.Event event, String idempotencyKey) {
        if (idempotencyKey.equals(event.payload().path("idempotencyKey").asText(null))) {
            return true;
        }
        var planned = event.payload().path("plannedActions");
        if (!"agent_decided".equals(event.type())) {
            return false;
        }
        if (planned.isObject()) {
            return planned.has(idempotencyKey);
        }
        for (var key : planned) {
            if (idempotencyKey.equals(key.asText())) {
                return true;
            }
        }
        return false;
    }

    private long lastSeq(String sessionId) {
        return count("SELECT max(seq) FROM session_event WHERE session_id = ?", sessionId);
    }

    private String state(String sessionId) {
        return await().atMost(Duration.ofSeconds(5)).until(() -> sessions.find(sessionId).orElseThrow().state(),
                s -> s != null);
    }
}
