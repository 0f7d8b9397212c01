package io.continuityhub.escalation;

import io.continuityhub.session.EscalationRequest;
import io.continuityhub.session.Handoffs;
import com.fasterxml.jackson.core.type.TypeReference;
import io.continuityhub.identity.CustomerDirectory;
import io.continuityhub.identity.CustomerLock;
import io.continuityhub.identity.CustomerView;
import io.continuityhub.kernel.HubRequestException;
import io.continuityhub.kernel.JsonColumns;
import io.continuityhub.kernel.Outbox;
import io.continuityhub.kernel.crypto.Sealing;
import io.continuityhub.session.NewSessionEvent;
import io.continuityhub.session.SessionEvent;
import io.continuityhub.session.SessionPatch;
import io.continuityhub.session.SessionRecord;
import io.continuityhub.session.SessionStore;
import io.continuityhub.tools.ActionLedger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The queue of cases a person takes over. Opening one freezes the context a human needs (the
 * session record, its recent events, the failing action) so the customer is never asked to
 * repeat; resolving it hands the session back to automation. The context quotes the customer,
 * so it is sealed at rest ({@link Sealing}) like the events it copies.
 */
@Service
public class EscalationQueue implements Handoffs {

    static final int RECENT_EVENTS = 30;
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            escalation_id, customer_id, session_id, reason, opened_at, status, context::text AS context,
            claimed_by, claimed_at, resolved_by, resolved_at, resolution""";

    private final JdbcClient jdbc;
    private final JsonColumns json;
    private final Sealing sealing;
    private final SessionStore sessions;
    private final ActionLedger ledger;
    private final ProducerTemplate camel;
    private final CustomerLock customerLock;
    private final Clock clock;
    private final Outbox outbox;
    private final HandoffMetrics metrics;
    private final CustomerDirectory customers;

    EscalationQueue(JdbcClient jdbc, JsonColumns json, Sealing sealing, SessionStore sessions, ActionLedger ledger,
                    ProducerTemplate camel, CustomerLock customerLock, Clock clock, Outbox outbox, HandoffMetrics metrics,
                    CustomerDirectory customers) {
        this.customers = customers;
        this.metrics = metrics;
        this.outbox = outbox;
        this.customerLock = customerLock;
        this.jdbc = jdbc;
        this.json = json;
        this.sealing = sealing;
        this.sessions = sessions;
        this.ledger = ledger;
        this.camel = camel;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void handOver(EscalationRequest request) {
        open(request);
    }

    /** Opens the case's escalation, or returns the one already open for it. */
    @Transactional
    public EscalationView open(EscalationRequest request) {
        customerLock.lockSurvivor(request.customerId()); // before the insert's foreign-key share lock (see ActionLedger.record)
        Instant now = clock.instant();
        String escalationId = "esc-" + UUID.randomUUID();
        int inserted = jdbc.sql("""
                INSERT INTO escalation (escalation_id, customer_id, session_id, reason, case_key, status, context, opened_at)
                VALUES (?, ?, ?, ?, ?, 'open', ?::jsonb, ?)
                ON CONFLICT (case_key) DO NOTHING""")
                .params(escalationId, request.customerId(), request.sessionId(), request.reason(), request.caseKey(),
                        sealing.sealJson(json.write(context(request))), Timestamp.from(now))
                .update();
        EscalationView escalation = byCaseKey(request.caseKey());
        if (inserted == 1) {
            Map<String, Object> escalated = new LinkedHashMap<>();
            escalated.put("escalationId", escalationId);
            escalated.put("reason", request.reason());
            // the agent finishes the turn of the failure that handed the session over, and only that one
            escalated.put("failingActionKey", request.failingActionKey());
            sessions.append(request.customerId(), new NewSessionEvent(null, null, "escalated", "hub",
                    "handed to a person: " + request.reason(), escalated));
            updateSession(request.sessionId(), new SessionPatch(null, SessionRecord.ESCALATED, "escalated to a person: " + request.reason(),
                    "a person follows up"), "hub");
            publish(escalation);
        }
        return escalation;
    }

    @Transactional(readOnly = true)
    public boolean exists(String caseKey) {
        return jdbc.sql("SELECT count(*) FROM escalation WHERE case_key = ?").param(caseKey).query(Long.class).single() > 0;
    }

    @Transactional(readOnly = true)
    public List<EscalationView> list(String status) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM escalation WHERE (? IS NULL OR status = ?) ORDER BY opened_at")
                .params(status, status).query(this::view).list();
    }

    @Transactional(readOnly = true)
    public EscalationView get(String escalationId) {
        return find(escalationId).orElseThrow(() -> HubRequestException.notFound("no escalation " + escalationId));
    }

    /** Takes the case; a case another person holds is not taken from them. */
    @Transactional
    public EscalationView claim(String escalationId, String who) {
        EscalationView escalation = get(escalationId);
        int claimed = jdbc.sql("""
                UPDATE escalation SET status = 'claimed', claimed_by = ?, claimed_at = ?
                WHERE escalation_id = ? AND (status = 'open' OR (status = 'claimed' AND claimed_by = ?))""")
                .params(who, Timestamp.from(clock.instant()), escalationId, who)
                .update();
        if (claimed == 0) {
            throw HubRequestException.conflict("escalation_not_claimable", "escalation " + escalationId + " is "
                    + escalation.status() + (escalation.claimedBy() == null ? "" : " by " + escalation.claimedBy()));
        }
        sessions.append(escalation.customerId(), new NewSessionEvent(null, null, "escalation_claimed", who,
                who + " took the case", Map.of("escalationId", escalationId)));
        EscalationView taken = get(escalationId);
        if ("open".equals(escalation.status())) { // the first claim; the holder claiming again waited no longer
            metrics.claimed(taken.openedAt(), taken.claimedAt());
        }
        return taken;
    }

    /** Hands the session back to automation. */
    @Transactional
    public EscalationView resolve(String escalationId, String who, String resolution) {
        EscalationView escalation = requireHeldBy(escalationId, who);
        jdbc.sql("""
                UPDATE escalation SET status = 'resolved', resolved_by = ?, resolved_at = ?, resolution = ?
                WHERE escalation_id = ?""")
                .params(who, Timestamp.from(clock.instant()), resolution, escalationId)
                .update();
        Map<String, Object> resolved = new java.util.LinkedHashMap<>();
        resolved.put("escalationId", escalationId);
        resolved.put("resolution", resolution); // the agent takes over again knowing what the person settled
        sessions.append(escalation.customerId(), new NewSessionEvent(null, null, "escalation_resolved", who,
                "back to automation" + (resolution == null ? "" : ": " + resolution), resolved));
        updateSession(escalation.sessionId(), new SessionPatch(null, "automated", "resolved by " + who, null), who);
        EscalationView done = get(escalationId);
        metrics.resolved(done.openedAt(), done.resolvedAt());
        return done;
    }

    /** The escalation, if {@code who} holds it; a reply or a resolution needs the case first. */
    @Transactional(readOnly = true)
    public EscalationView requireHeldBy(String escalationId, String who) {
        EscalationView escalation = get(escalationId);
        if (!"claimed".equals(escalation.status()) || !who.equals(escalation.claimedBy())) {
            throw HubRequestException.conflict("escalation_not_held", "claim escalation " + escalationId
                    + " first (it is " + escalation.status() + (escalation.claimedBy() == null ? "" : " by " + escalation.claimedBy()) + ")");
        }
        return escalation;
    }

    private Map<String, Object> context(EscalationRequest request) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("customer", customer(request.customerId()));
        Optional<SessionRecord> session = request.sessionId() == null ? Optional.empty() : sessions.find(request.sessionId());
        context.put("session", session.orElse(null));
        List<SessionEvent> events = session.isEmpty() ? List.of() : sessions.events(request.sessionId());
        context.put("recentEvents", events.subList(Math.max(0, events.size() - RECENT_EVENTS), events.size()));
        context.put("failingAction", request.failingActionKey() == null ? null : ledger.find(request.failingActionKey()).orElse(null));
        context.put("error", request.error());
        return context;
    }

    /**
     * Who the person will be talking to (name, time zone), so the inbox shows it without the
     * customer read the agent role does not have. (The escalation's row needs the customer.)
     */
    private Map<String, Object> customer(String customerId) {
        CustomerView customer = customers.get(customerId);
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("customerId", customer.customerId());
        who.put("displayName", customer.displayName());
        who.put("timeZone", customer.timeZone());
        who.put("provisional", customer.provisional());
        return who;
    }

    private void updateSession(String sessionId, SessionPatch patch, String actor) {
        if (sessionId == null) {
            return;
        }
        sessions.find(sessionId).filter(s -> "open".equals(s.status()))
                .ifPresent(s -> sessions.update(sessionId, s.version(), patch, actor));
    }

    /**
     * On the bus (hub.bus=kafka) through the outbox, in this transaction: the topic gets the
     * escalation exactly when it committed. Otherwise to hub.escalation.publish-uri (a log line by
     * default) after the commit.
     */
    private void publish(EscalationView escalation) {
        if (outbox.enabled()) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("schema", "continuity-hub/escalation/v1");
            message.put("eventId", escalation.escalationId() + ":opened");
            message.put("escalation", escalation);
            outbox.add(outbox.escalationsTopic(), escalation.customerId(), escalation.customerId(), json.write(message));
            return;
        }
        publishAfterCommit(escalation);
    }

    private void publishAfterCommit(EscalationView escalation) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                camel.sendBody("direct:publish-escalation", escalation);
            }
        });
    }

    private EscalationView byCaseKey(String caseKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM escalation WHERE case_key = ?").param(caseKey).query(this::view).single();
    }

    private Optional<EscalationView> find(String escalationId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM escalation WHERE escalation_id = ?").param(escalationId)
                .query(this::view).optional();
    }

    private EscalationView view(ResultSet rs, int n) throws SQLException {
        return new EscalationView(rs.getString("escalation_id"), rs.getString("customer_id"), rs.getString("session_id"),
                rs.getString("reason"), instant(rs, "opened_at"), rs.getString("status"), json.read(sealing.openJson(rs.getString("context")), OBJECT),
                rs.getString("claimed_by"), instant(rs, "claimed_at"), rs.getString("resolved_by"), instant(rs, "resolved_at"),
                rs.getString("resolution"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
