package io.continuityhub.privacy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retention: personal data older than {@code hub.privacy.retention} is redacted (rows that
 * something still counts on) or deleted (rows that are nothing but personal data), in the same
 * way as an erasure ({@link Redactions}), in batches of {@code hub.privacy.retention-batch-size}
 * rows, each batch a transaction of its own. Run by the {@code privacy-retention-sweep} route.
 *
 * <p>What a conversation still in use reads is left alone, however old: the events, interactions,
 * actions and failed turns of a session that is open (or absorbed into an open one), pending and
 * in-flight actions, open escalations and messages still pending in the inbox. They are swept once
 * the session closes (14 days after its last event, hub.session.ttl) and they have aged past the
 * retention. Customers and their handles are the identity graph, kept until an erasure.
 */
@Component
public class PrivacyRetentionSweeper {

    private static final Logger log = LoggerFactory.getLogger(PrivacyRetentionSweeper.class);

    /** The session (by a SQL expression of its id) is in use: open, or absorbed into an open one. */
    private static String inUse(String sessionId) {
        return "EXISTS (SELECT 1 FROM session u WHERE u.session_id = " + sessionId + " AND (u.status = 'open'"
                + " OR EXISTS (SELECT 1 FROM session o WHERE o.session_id = u.absorbed_into AND o.status = 'open')))";
    }

    /** One table's sweep: redact (a SET clause) or delete (null) the rows in {@code scope}, by their key. */
    private record Sweep(String table, String key, String redaction, String scope) {
    }

    private static final List<Sweep> SWEEPS = List.of(
            new Sweep("interaction", "interaction_id", Redactions.INTERACTION,
                    "redacted_at IS NULL AND received_at < :cutoff AND NOT " + inUse("interaction.session_id")),
            new Sweep("session_event", "session_id, seq", Redactions.SESSION_EVENT,
                    "redacted_at IS NULL AND at < :cutoff AND NOT " + inUse("session_event.session_id")),
            new Sweep("session", "session_id", Redactions.SESSION,
                    "redacted_at IS NULL AND status <> 'open' AND updated_at < :cutoff AND NOT " + inUse("session.session_id")),
            new Sweep("action", "idempotency_key", Redactions.ACTION,
                    "redacted_at IS NULL AND status NOT IN ('pending', 'in_flight') AND updated_at < :cutoff AND NOT "
                            + inUse("action.session_id")),
            new Sweep("escalation", "escalation_id", Redactions.ESCALATION,
                    "redacted_at IS NULL AND status = 'resolved' AND resolved_at < :cutoff"),
            new Sweep("inbox", "seq", Redactions.INBOX,
                    "redacted_at IS NULL AND status <> 'pending' AND received_at < :cutoff"),
            new Sweep("agent_turn_failure", "session_id, seq", null,
                    "updated_at < :cutoff AND NOT " + inUse("agent_turn_failure.session_id")),
            new Sweep("carrier_scan_unmatched", "event_id", null, "received_at < :cutoff"),
            // the accept stage's de-duplication keys: no channel redelivers a message this old
            new Sweep("inbound_message_id", "processor_name, message_id", null, "created_at < :cutoff"),
            new Sweep("shipment_watch", "watch_id", null,
                    "coalesce(last_event_at, created_at) < :cutoff AND NOT (status = 'watching' AND "
                            + inUse("shipment_watch.session_id") + ")"));

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final PrivacyProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;

    PrivacyRetentionSweeper(JdbcClient jdbc, TransactionTemplate transactions, PrivacyProperties properties,
                            MeterRegistry meters, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    /** Sweeps every table to the end; returns the rows redacted or deleted per table (tables with none left out). */
    public Map<String, Integer> sweep() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(properties.retention());
        Map<String, Integer> swept = new LinkedHashMap<>();
        for (Sweep sweep : SWEEPS) {
            int rows = 0;
            int batch;
            do {
                batch = transactions.execute(status -> batch(sweep, cutoff, now));
                rows += batch;
            } while (batch == properties.retentionBatchSize());
            if (rows > 0) {
                swept.put(sweep.table(), rows);
                counter(sweep).increment(rows);
            }
        }
        if (!swept.isEmpty()) {
            log.info("Retention sweep: personal data older than {} (before {}) redacted or deleted, rows per table {}",
                    readable(properties.retention()), cutoff, swept);
        }
        return swept;
    }

    /** P400D rather than PT9600H. */
    private static String readable(java.time.Duration retention) {
        return retention.toHoursPart() == 0 && retention.toMinutesPart() == 0 && retention.toSecondsPart() == 0
                && retention.toNanosPart() == 0 ? "P" + retention.toDays() + "D" : retention.toString();
    }

    private int batch(Sweep sweep, Instant cutoff, Instant now) {
        String chosen = "(" + sweep.key() + ") IN (SELECT " + sweep.key() + " FROM " + sweep.table() + " WHERE "
                + sweep.scope() + " LIMIT :batch FOR UPDATE SKIP LOCKED)";
        if (sweep.redaction() == null) {
            return jdbc.sql("DELETE FROM " + sweep.table() + " WHERE " + chosen)
                    .param("cutoff", Timestamp.from(cutoff)).param("batch", properties.retentionBatchSize()).update();
        }
        if ("session_event".equals(sweep.table())) {
            jdbc.sql(Redactions.ALLOW_EVENT_REDACTION).query().singleValue();
        }
        return jdbc.sql("UPDATE " + sweep.table() + " SET " + sweep.redaction() + " WHERE " + chosen)
                .param("cutoff", Timestamp.from(cutoff)).param("batch", properties.retentionBatchSize())
                .param("now", Timestamp.from(now)).update();
    }

    private Counter counter(Sweep sweep) {
        return Counter.builder("hub.privacy.retention.rows")
                .description("rows whose personal data the retention sweep redacted or deleted, past hub.privacy.retention")
                .tag("table", sweep.table()).register(meters);
    }
}
