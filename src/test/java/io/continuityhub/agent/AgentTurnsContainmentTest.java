package io.continuityhub.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.continuityhub.support.HubIntegrationTest;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.continuityhub.support.MetaWebhooks;
import io.continuityhub.support.PolicyFaults;
import io.continuityhub.support.TestData;
import io.continuityhub.support.SealedRows;
import io.continuityhub.tools.ActionLedger;
import io.continuityhub.tools.NewAction;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * No customer is left waiting on a turn that cannot be taken: a question asked again while its
 * investigation is in flight is answered, and a turn that keeps failing is tried again with
 * backoff a bounded number of times, then parked and handed to a person, and the session goes on once
 * they hand it back.
 */
class AgentTurnsContainmentTest extends HubIntegrationTest {

    @Autowired
    ActionLedger ledger;

    @Autowired
    MeterRegistry meters;

    @Autowired
    AgentProperties properties;

    @AfterEach
    void warehouseBack() {
        hub.send("POST", "/sandbox/faults", "{\"system\": \"warehouse\", \"mode\": \"none\"}", "Content-Type", "application/json");
    }

    @Test
    void aCustomerAskingThreeTimesDuringAWarehouseOutageIsAnsweredEachTimeAndNothingStalls() {
        Customer jane = seededCustomerWithAnOrder();
        assertThat(hub.send("POST", "/sandbox/faults", "{\"system\": \"warehouse\", \"mode\": \"down\"}",
                "Content-Type", "application/json").status()).isEqualTo(200);

        jane.writes("Where is order " + jane.orderId + "?");
        String sessionId = sessionOf(jane);
        awaitReplies(sessionId, 1);
        jane.writes("Any news on order " + jane.orderId + "?");
        awaitReplies(sessionId, 2);
        jane.writes("Hello? Order " + jane.orderId + " please");
        awaitReplies(sessionId, 3);
        awaitAgentDone(sessionId);

        assertThat(SealedRows.events(jdbc, "session_id = ? AND type = 'agent_reply'", sessionId).stream()
                .map(SealedRows.Event::summary).toList())
                .as("the first answer, then what is known while the warehouse is down")
                .satisfies(replies -> assertThat(replies.get(0)).contains("looking into order " + jane.orderId))
                .satisfies(replies -> assertThat(replies.subList(1, 3)).allMatch(reply -> reply.contains("still checking")));
        assertThat(count("SELECT count(*) FROM agent_turn_failure WHERE session_id = ?", sessionId))
                .as("no turn failed").isZero();
    }

    @Test
    void aTurnThatKeepsFailingIsTriedAgainWithBackoffThenParkedAndTheSessionGoesOn() {
        Customer sam = seededCustomerWithAnOrder();
        sam.writes("Hello");
        String sessionId = sessionOf(sam);
        awaitQuiet(sessionId); // nothing more to come before Sam's next message
        // Sam's next message follows the note the ledger writes for the action below
        long next = count("SELECT last_seq FROM session WHERE session_id = ?", sessionId) + 2;
        // the key the agent's reply to that message will take, already used for another request:
        // recording that turn's plan fails every time, as a turn with a real conflict would
        ledger.record(new NewAction(NewAction.key(sessionId, "turn-" + next, "reply"), sam.customerId, sessionId,
                "no-such-tool", "reply", Map.of("text", "something else")), clock().instant().plus(Duration.ofDays(1)));
        double parkedBefore = parkedCount();

        sam.writes("Where is my parcel?");
        assertThat(count("SELECT count(*) FROM session_event WHERE session_id = ? AND seq = ? AND type = 'customer_message'",
                sessionId, next)).as("Sam's message is event " + next).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            clock().advance(Duration.ofMinutes(2)); // past any backoff
            return count("SELECT count(*) FROM agent_turn_failure WHERE session_id = ? AND parked", sessionId) == 1;
        });

        assertThat(count("SELECT attempts FROM agent_turn_failure WHERE session_id = ? AND seq = ?", sessionId, next))
                .as("tries before the event was parked").isEqualTo(5);
        assertThat(SealedRows.events(jdbc, "session_id = ? AND type = 'turn_parked'", sessionId)).as("which event, and why")
                .singleElement().satisfies(parked -> assertThat(parked.payload().path("parkedSeq").asLong()).isEqualTo(next))
                .satisfies(parked -> assertThat(parked.payload().toString()).contains("first used for a different request"));
        assertThat(SealedRows.escalationContexts(jdbc, "case_key = ?", "parked:" + sessionId + ":" + next).stream()
                .map(context -> context.path("error").asText()).toList())
                .as("a person has the session, once, with the reason").singleElement().asString()
                .contains("first used for a different request");
        assertThat(parkedCount()).isEqualTo(parkedBefore + 1);
        awaitAgentDone(sessionId);

        // the person who has the session answers; the agent holds back until they hand it back
        sam.writes("It's order " + sam.orderId);
        awaitAgentDone(sessionId);
        assertThat(repliesMentioning(sessionId, sam.orderId)).as("no answer of the agent's own while a person has it").isZero();
        String escalationId = jdbc.sql("SELECT escalation_id FROM escalation WHERE case_key = ?")
                .param("parked:" + sessionId + ":" + next).query(String.class).single();
        hub.opsPost("/api/v1/escalations/" + escalationId + "/claim", null);
        assertThat(hub.opsPost("/api/v1/escalations/" + escalationId + "/resolve",
                "{\"resolution\": \"answered Sam by phone\"}").status()).isEqualTo(200);

        sam.writes("And order " + sam.orderId + "?");
        await().atMost(Duration.ofSeconds(10)).until(() -> repliesMentioning(sessionId, sam.orderId) >= 1);
        clock().advance(Duration.ofMinutes(10));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> count(
                "SELECT attempts FROM agent_turn_failure WHERE session_id = ? AND seq = ?", sessionId, next) == 5);
    }

    @Test
    void aPolicyThatAlwaysThrowsIsTriedABoundedNumberOfTimesOverMinutesThenParkedAndEscalatedOnce() {
        Customer kim = seededCustomerWithAnOrder();
        kim.writes("Hello");
        String sessionId = sessionOf(kim);
        awaitQuiet(sessionId);
        int maxAttempts = properties.turnRetries().maxAttempts();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        long seq;
        try {
            kim.writes("Where is order " + kim.orderId + "? " + PolicyFaults.MARKER);
            seq = count("SELECT max(seq) FROM session_event WHERE session_id = ? AND type = 'customer_message'", sessionId);
            Instant start = clock().instant();
            // the hub's clock runs on in 5 s steps: past every backoff, over two minutes of hub time
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                clock().advance(Duration.ofSeconds(5));
                return Duration.between(start, clock().instant()).compareTo(Duration.ofMinutes(2)) > 0
                        && count("SELECT count(*) FROM agent_turn_failure WHERE session_id = ? AND parked", sessionId) == 1;
            });
            awaitAgentDone(sessionId);
        } finally {
            root.detachAppender(logs);
        }

        assertThat(PolicyFaults.tries(sessionId, seq)).as("turns taken on the event").isEqualTo(maxAttempts);
        assertThat(count("SELECT attempts FROM agent_turn_failure WHERE session_id = ? AND seq = ?", sessionId, seq))
                .isEqualTo(maxAttempts);
        assertThat(logs.list.stream().filter(line -> line.getLevel().isGreaterOrEqual(Level.WARN))
                .filter(line -> line.getFormattedMessage().contains(sessionId)).count())
                .as("warnings and errors about the session: one a try, not one a sweep").isBetween(1L, (long) maxAttempts);
        assertThat(SealedRows.events(jdbc, "session_id = ? AND type = 'turn_parked'", sessionId))
                .singleElement().satisfies(parked -> assertThat(parked.payload().path("parkedSeq").asLong()).isEqualTo(seq))
                .satisfies(parked -> assertThat(parked.payload().toString()).contains("cannot decide"));
        assertThat(jdbc.sql("SELECT reason, context::text AS context FROM escalation WHERE session_id = ? AND status = 'open'")
                .param(sessionId).query((rs, n) -> rs.getString("reason") + " / "
                        + SealedRows.escalationContexts(jdbc, "session_id = ? AND status = 'open'", sessionId).get(0)
                        .path("error").asText()).list())
                .as("one person has the session, told which event and why")
                .singleElement().asString().contains("event " + seq).contains("cannot decide");

        long before = count("SELECT max(seq) FROM session_event WHERE session_id = ?", sessionId);
        kim.writes("Hello? Order " + kim.orderId + " please");
        await().atMost(Duration.ofSeconds(10)).until(() -> count("""
                SELECT count(*) FROM session_event WHERE session_id = ? AND seq > ? AND type = 'agent_reply'""",
                sessionId, before) == 1);
        assertThat(PolicyFaults.tries(sessionId, seq)).as("the parked event is not tried again").isEqualTo(maxAttempts);
    }

    private double parkedCount() {
        return meters.find("hub.agent.turns.parked").counter() == null ? 0 : meters.find("hub.agent.turns.parked").counter().count();
    }

    private void awaitReplies(String sessionId, int replies) {
        await().atMost(Duration.ofSeconds(10)).until(() -> count(
                "SELECT count(*) FROM session_event WHERE session_id = ? AND type = 'agent_reply'", sessionId) >= replies);
    }

    private String sessionOf(Customer customer) {
        return hub.opsGet("/api/v1/customers/" + customer.customerId + "/session").json().get("sessionId").asText();
    }

    private Customer seededCustomerWithAnOrder() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        String orderId = "O-" + (100000 + Math.abs(UUID.randomUUID().hashCode() % 900000));
        assertThat(hub.send("POST", "/sandbox/customers", """
                {"customerId": "%s", "displayName": "Jane Doe", "timeZone": "Europe/London",
                 "handles": [{"channel": "whatsapp", "value": "%s"}],
                 "orders": [{"orderId": "%s", "warehouse": "sap", "status": "delayed", "delayReason": "carrier issue"}]}"""
                .formatted(customerId, phone, orderId), "Content-Type", "application/json").status()).isEqualTo(201);
        return new Customer(customerId, phone, orderId);
    }

    private final class Customer {
        final String customerId;
        final String phone;
        final String orderId;

        Customer(String customerId, String phone, String orderId) {
            this.customerId = customerId;
            this.phone = phone;
            this.orderId = orderId;
        }

        void writes(String text) {
            String digits = phone.substring(1);
            assertThat(MetaWebhooks.post(hub, MetaWebhooks.payload(digits, List.of(MetaWebhooks.textMessage(digits,
                    "wamid.C" + UUID.randomUUID(), clock().instant().getEpochSecond(), text)), List.of())).status())
                    .isEqualTo(200);
        }
    }

    /** The agent's replies in the session whose summary mentions {@code text} (summaries are sealed: read in Java). */
    private long repliesMentioning(String sessionId, String text) {
        return SealedRows.events(jdbc, "session_id = ? AND type = 'agent_reply'", sessionId).stream()
                .filter(reply -> reply.summary() != null && reply.summary().contains(text)).count();
    }
}
