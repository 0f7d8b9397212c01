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
import io.continuityhub.tools.ActionLedger;
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
        assertThat(count("""
                SELECT count(*) FROM session_event WHERE session_id = ? AND seq > ? AND type = 'agent_decided'
                  AND jsonb_exists(payload, 'withheldWhileHeldByAPerson')""",
                conversation.sessionId, escalatedAt)).as("what the agent would have done is kept for the person").isGreaterThanOrEqualTo(3);

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
    void turnsRacingAnEscalationAHundredTimesNeverTakeTheSessionBackOrTalkOverThePerson() throws Exception {
        List<Conversation> conversations = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            conversations.add(conversation());
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> racing = new ArrayList<>();
            for (Conversation conversation : conversations) {
                racing.add(pool.submit(() -> write(conversation, "thanks, and one more thing")));
                racing.add(pool.submit(() -> queue.open(new EscalationRequest(conversation.customerId,
                        conversation.sessionId, "race", "race:" + conversation.sessionId, null, null))));
            }
            for (Future<?> f : racing) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        awaitAllQuiet(conversations.stream().map(Conversation::sessionId).toList());
        for (Conversation conversation : conversations) {
            long escalatedAt = count("SELECT seq FROM session_event WHERE session_id = ? AND type = 'escalated'",
                    conversation.sessionId);
            assertThat(state(conversation.sessionId)).as(conversation.sessionId).isEqualTo("escalated");
            assertThat(repliesAfter(conversation.sessionId, escalatedAt)).as(conversation.sessionId)
                    .allMatch(HOLDING::equals).hasSizeLessThanOrEqualTo(1);
        }
    }

    /** {@link #awaitQuiet} for many sessions at once: one quiet spell for all, not one each. */
    private void awaitAllQuiet(List<String> sessionIds) {
        await().atMost(Duration.ofSeconds(90)).during(Duration.ofSeconds(1)).until(() -> jdbc.sql("""
                SELECT count(*) FROM session s WHERE s.session_id IN (:ids) AND s.agent_seq = s.last_seq
                  AND NOT EXISTS (SELECT 1 FROM action a WHERE a.session_id = s.session_id
                                  AND a.status IN ('pending', 'in_flight'))""")
                .param("ids", sessionIds).query(Long.class).single() == sessionIds.size());
    }

    private record Conversation(String customerId, String phone, String sessionId) {
    }

    /** A known customer who wrote once and was answered. */
    private Conversation conversation() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", phone));
        Conversation first = new Conversation(customerId, phone, null);
        write(first, "hi");
        String sessionId = hub.opsGet("/api/v1/customers/" + customerId + "/session").json().get("sessionId").asText();
        return new Conversation(customerId, phone, sessionId);
    }

    private void write(Conversation conversation, String text) {
        String digits = conversation.phone.substring(1);
        Response accepted = MetaWebhooks.post(hub, MetaWebhooks.payload(digits, List.of(MetaWebhooks.textMessage(digits,
                "wamid.H" + UUID.randomUUID(), clock().instant().getEpochSecond(), text)), List.of()));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    }

    private List<String> repliesAfter(String sessionId, long seq) {
        return jdbc.sql("SELECT payload->>'text' FROM session_event WHERE session_id = ? AND seq > ? AND type = 'agent_reply'"
                + " ORDER BY seq").params(sessionId, seq).query(String.class).list();
    }

    private long lastSeq(String sessionId) {
        return count("SELECT max(seq) FROM session_event WHERE session_id = ?", sessionId);
    }

    private String state(String sessionId) {
        return await().atMost(Duration.ofSeconds(5)).until(() -> sessions.find(sessionId).orElseThrow().state(),
                s -> s != null);
    }
}
