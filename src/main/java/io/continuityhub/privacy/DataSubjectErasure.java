package io.continuityhub.privacy;

import io.continuityhub.identity.CustomerLock;
import io.continuityhub.identity.IdentityErasure;
import io.continuityhub.kernel.JsonColumns;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A data subject's erasure: every customer of the person (their merge chain) loses its personal
 * data in every table of the hub, in one transaction, under the locks of all of them, so a message
 * arriving meanwhile is either erased with the rest or, once it has the lock, finds the customer
 * erased, fails and is retried as a stranger's (a new provisional customer).
 *
 * <p>Per table: handles, shipment watches, failed-turn records and kept carrier scans are deleted
 * (they are nothing but the person's data); customers, sessions, events, interactions, actions,
 * escalations and inbox rows are kept and redacted ({@link Redactions}), because counts,
 * idempotency keys, foreign keys and the ledger's "never act twice" rest on them. Actions not yet
 * run are withdrawn; open escalations are resolved; open sessions are closed. An erasure record
 * (who, when, which customers, counts) is kept without personal data.
 */
@Service
public class DataSubjectErasure {

    private static final Logger log = LoggerFactory.getLogger(DataSubjectErasure.class);

    /** The person's sessions, by the customers in {@code :customers}. */
    private static final String SESSIONS = "SELECT session_id FROM session WHERE customer_id IN (:customers)";
    /** The person's shipment watches. */
    private static final String WATCHES = "SELECT watch_id FROM shipment_watch WHERE customer_id IN (:customers)";

    private final CustomerLock customerLock;
    private final IdentityErasure identity;
    private final JdbcClient jdbc;
    private final JsonColumns json;
    private final Counter erasures;
    private final Clock clock;

    DataSubjectErasure(CustomerLock customerLock, IdentityErasure identity, JdbcClient jdbc, JsonColumns json,
                       MeterRegistry meters, Clock clock) {
        this.customerLock = customerLock;
        this.identity = identity;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.erasures = Counter.builder("hub.privacy.erasures")
                .description("data-subject erasures carried out (repeats included)").register(meters);
    }

    /** Erases the person {@code customerId} stands for; 404 (HubRequestException) when no such customer exists. */
    @Transactional
    public ErasureReport erase(String customerId, String requestedBy) {
        CustomerLock.MergeTree person = customerLock.lockMergeTree(customerId);
        List<String> customers = person.customerIds();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it: a repeat reports the same time
        String erasureId = "erasure-" + UUID.randomUUID();
        Timestamp at = Timestamp.from(now);

        IdentityErasure.ErasedIdentity erased = identity.erase(customers, requestedBy, erasureId, now);
        Map<String, Integer> rows = new LinkedHashMap<>(erased.rows());
        jdbc.sql(Redactions.ALLOW_EVENT_REDACTION).query().singleValue();

        int closedSessions = jdbc.sql("""
                UPDATE session SET status = 'closed', closed_at = coalesce(closed_at, :now), close_reason = 'erased',
                                   updated_at = :now, version = version + 1
                WHERE customer_id IN (:customers) AND status <> 'closed'""")
                .param("now", at).param("customers", customers).update();
        rows.put("session", update("session", Redactions.SESSION, "customer_id IN (:customers)", customers, at));
        rows.put("session_event", update("session_event", Redactions.SESSION_EVENT,
                "session_id IN (" + SESSIONS + ")", customers, at));
        String interactions = "customer_id IN (:customers) OR session_id IN (" + SESSIONS + ")";
        // the accept stage's de-duplication keys (<ingress>:<message id>) of the person's messages,
        // while the interactions still hold the ids in clear
        rows.put("inbound_message_id", jdbc.sql("UPDATE inbound_message_id SET message_id = "
                        + Redactions.hashed("message_id") + " WHERE message_id IN (SELECT ingress || ':' || provider_message_id"
                        + " FROM interaction WHERE (" + interactions + ") AND redacted_at IS NULL)")
                .param("customers", customers).update());
        // the inbox before the interactions only for readability: it finds its rows by their message ids, which stay
        rows.put("inbox", inbox(interactions, erased.matchKeys(), customers, at));
        rows.put("interaction", update("interaction", Redactions.INTERACTION, interactions, customers, at));

        int withdrawnActions = jdbc.sql("""
                UPDATE action SET status = 'withdrawn', claimed_until = NULL, updated_at = :now
                WHERE customer_id IN (:customers) AND status IN ('pending', 'in_flight')""")
                .param("now", at).param("customers", customers).update();
        rows.put("action", update("action", Redactions.ACTION,
                "customer_id IN (:customers) OR session_id IN (" + SESSIONS + ")", customers, at));

        int resolvedEscalations = jdbc.sql("""
                UPDATE escalation SET status = 'resolved', resolved_by = :by, resolved_at = :now
                WHERE (customer_id IN (:customers) OR session_id IN (""" + SESSIONS + ")) AND status <> 'resolved'")
                .param("by", requestedBy).param("now", at).param("customers", customers).update();
        rows.put("escalation", update("escalation", Redactions.ESCALATION,
                "customer_id IN (:customers) OR session_id IN (" + SESSIONS + ")", customers, at));

        rows.put("agent_turn_failure", jdbc.sql("DELETE FROM agent_turn_failure WHERE session_id IN (" + SESSIONS + ")")
                .param("customers", customers).update());
        // scans kept for the person's shipments, matched to a watch of theirs or still waiting for one
        rows.put("carrier_scan_unmatched", jdbc.sql("DELETE FROM carrier_scan_unmatched s"
                        + " WHERE s.matched_watch_id IN (" + WATCHES + ")"
                        + " OR (s.matched_at IS NULL AND EXISTS (SELECT 1 FROM shipment_watch w"
                        + " WHERE w.customer_id IN (:customers) AND w.carrier = s.carrier"
                        + " AND (w.tracking_code = s.tracking_code OR w.tracking_code = s.previous_tracking_code)))")
                .param("customers", customers).update());
        rows.put("shipment_watch", jdbc.sql("DELETE FROM shipment_watch WHERE customer_id IN (:customers)")
                .param("customers", customers).update());
        // records for the bus (hub.bus=kafka) not yet on their topic: they would publish what is erased
        rows.put("outbox", jdbc.sql("DELETE FROM outbox WHERE customer_id IN (:customers) OR message_key IN (:customers)")
                .param("customers", customers).update());

        Instant erasedAt = person.erasedAt() == null ? now : person.erasedAt();
        jdbc.sql("""
                INSERT INTO privacy_erasure (erasure_id, customer_id, customer_ids, requested_by, requested_at, erased_at,
                                             row_counts)
                VALUES (?, ?, ?::jsonb, ?, ?, ?, ?::jsonb)""")
                .params(erasureId, customerId, json.write(customers), requestedBy, at, Timestamp.from(erasedAt),
                        json.write(rows))
                .update();
        erasures.increment();
        boolean repeat = person.erasedAt() != null;
        log.info("Erasure {} of customer {} ({} customer(s) of one person) for {}{}: rows {}, {} action(s) withdrawn",
                erasureId, customerId, customers.size(), requestedBy, repeat ? ", a repeat" : "", rows, withdrawnActions);
        return new ErasureReport(erasureId, customerId, erasedAt, repeat, requestedBy, customers, rows, withdrawnActions,
                closedSessions, resolvedEscalations);
    }

    /** Redacts the rows of {@code table} in {@code scope} not redacted yet; returns how many. */
    private int update(String table, String redaction, String scope, List<String> customers, Timestamp now) {
        return jdbc.sql("UPDATE " + table + " SET " + redaction + " WHERE (" + scope + ") AND redacted_at IS NULL")
                .param("now", now).param("customers", customers).update();
    }

    /**
     * The person's WhatsApp messages the inbox kept after taking them in (found by their message
     * ids), and the parked ones that never reached a session (found by the sender's handle).
     * Messages still pending are left: they are taken in after the erasure, as a stranger's.
     */
    private int inbox(String interactions, List<String> matchKeys, List<String> customers, Timestamp now) {
        String parkedFromThePerson = matchKeys.isEmpty() ? "false" : "(status = 'parked' AND sender_key IN (:keys))";
        var statement = jdbc.sql("UPDATE inbox SET " + Redactions.INBOX
                        + " WHERE redacted_at IS NULL AND status <> 'pending'"
                        + " AND ((ingress, provider_message_id) IN (SELECT ingress, provider_message_id FROM interaction"
                        + " WHERE " + interactions + ") OR " + parkedFromThePerson + ")")
                .param("now", now).param("customers", customers);
        if (!matchKeys.isEmpty()) {
            statement = statement.param("keys", matchKeys);
        }
        return statement.update();
    }
}
