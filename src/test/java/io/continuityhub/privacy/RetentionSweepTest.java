package io.continuityhub.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.continuityhub.support.HubClient;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Retention (hub.privacy.retention, P400D): a customer's conversation of 420 days ago, long closed,
 * loses its personal data to the sweep (messages, events, actions, the escalation, the inbox, the
 * shipment watch), while a conversation of today, and anything still in an open session, is left as
 * it was. The sweep runs every hour in the app (first after an hour, so never inside the test
 * suite); here it is called directly.
 */
class RetentionSweepTest extends HubIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    PrivacyRetentionSweeper sweeper;

    @Autowired
    MeterRegistry meters;

    @Test
    void theSweepRedactsPersonalDataPastTheRetentionAndLeavesTodaysAlone() {
        Instant longAgo = Instant.now().minus(Duration.ofDays(420));
        clock().set(longAgo);
        Person old = new Person(hub, "Otto Oldtimer").seed();
        old.whatsApp("Where is my order " + old.orderId + "? " + old.marker("wa"));
        old.awaitWatched(this::watches);
        String oldSession = old.sessionId();
        assertThat(hub.touchpoint(TestData.eventId(), "voice", "phone", old.phone, "Calling " + old.marker("voice")).status())
                .isEqualTo(202);
        old.whatsApp("I want to speak to a person " + old.marker("person"));
        String escalationId = await().atMost(PATIENCE).until(() -> jdbc.sql(
                        "SELECT escalation_id FROM escalation WHERE customer_id = ? AND status = 'open'")
                .param(old.customerId).query(String.class).optional().orElse(null), id -> id != null);
        assertThat(hub.opsPost("/api/v1/escalations/" + escalationId + "/claim", null).status()).isEqualTo(200);
        HubClient.Response resolved = hub.opsPost("/api/v1/escalations/" + escalationId + "/resolve",
                "{\"resolution\": \"told " + old.name + " the parcel is late\"}");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        awaitQuiet(oldSession);

        clock().reset();
        // 420 days without contact: the expiry sweep closes the session now
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM session WHERE session_id = ? AND status = 'closed'",
                oldSession) == 1);
        Person recent = new Person(hub, "Nina Newcomer").seed();
        recent.whatsApp("Where is my order " + recent.orderId + "? " + recent.marker("wa"));
        recent.awaitWatched(this::watches);
        assertThat(hub.touchpoint(TestData.eventId(), "voice", "phone", recent.phone, "Calling " + recent.marker("voice"))
                .status()).isEqualTo(202);
        awaitQuiet(recent.sessionId());

        PersonRows oldRows = PersonRows.of(jdbc, List.of(old.customerId));
        PersonRows recentRows = PersonRows.of(jdbc, List.of(recent.customerId));
        assertThat(oldRows.rowsIn("interaction")).isGreaterThanOrEqualTo(3);
        assertThat(oldRows.rowsIn("inbox")).isGreaterThanOrEqualTo(2);
        assertThat(oldRows.rowsIn("action")).isGreaterThanOrEqualTo(3);
        assertThat(oldRows.rowsIn("shipment_watch")).isEqualTo(1);
        Map<String, List<String>> recentBefore = recentRows.rows();
        double interactionsSweptBefore = sweptCount("interaction");

        Map<String, Integer> swept = sweeper.sweep();

        assertThat(swept).containsKeys("interaction", "session_event", "action", "escalation", "inbox", "shipment_watch");
        assertThat(count("SELECT count(*) FROM interaction WHERE customer_id = ? AND redacted_at IS NULL", old.customerId))
                .isZero();
        assertThat(oldRows.values("interaction", "text")).containsOnlyNulls();
        assertThat(oldRows.values("interaction", "handle_value")).containsOnly("[redacted]");
        assertThat(oldRows.values("interaction", "provider_message_id")).allMatch(id -> id.startsWith("sha256:"));
        assertThat(count("""
                SELECT count(*) FROM session_event WHERE session_id = ? AND at < ? AND redacted_at IS NULL""",
                oldSession, java.sql.Timestamp.from(longAgo.plus(Duration.ofDays(1))))).isZero();
        assertThat(oldRows.values("action", "request")).containsOnly("{\"redacted\": true}");
        assertThat(oldRows.values("escalation", "context")).containsOnly("{\"redacted\": true}");
        assertThat(oldRows.values("escalation", "resolution")).containsOnlyNulls();
        assertThat(oldRows.values("inbox", "sender_key")).containsOnly("[redacted]");
        assertThat(oldRows.rowsIn("shipment_watch")).isZero();
        // the events of today (the session's expiry) have nothing personal and are not old: they stay;
        // the session record was last changed today (when it closed), so it waits its 400 days too
        assertThat(oldRows.anyRowMentions(old.markers)).allMatch(row -> row.startsWith("session mentions")
                || row.startsWith("customer") || row.startsWith("identity_audit"));

        assertThat(recentRows.rows()).as("today's conversation").isEqualTo(recentBefore);
        assertThat(sweptCount("interaction") - interactionsSweptBefore).isEqualTo(swept.get("interaction").doubleValue());
        assertThat(sweeper.sweep()).as("a second sweep finds nothing left").isEmpty();
    }

    @Test
    void theSweepRunsOnItsOwnRouteEveryRetentionSweepPeriod() {
        Route route = camel.getRoute("privacy-retention-sweep");

        assertThat(route).isNotNull();
        assertThat(route.getEndpoint().getEndpointUri()).startsWith("timer://privacy-retention-sweep");
        assertThat(camel.getRouteController().getRouteStatus("privacy-retention-sweep").isStarted()).isTrue();
    }

    private long watches(String customerId) {
        return count("SELECT count(*) FROM shipment_watch WHERE customer_id = ?", customerId);
    }

    private double sweptCount(String table) {
        var counter = meters.find("hub.privacy.retention.rows").tag("table", table).counter();
        return counter == null ? 0 : counter.count();
    }
}
