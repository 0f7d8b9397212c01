package io.continuityhub.tools;

import com.fasterxml.jackson.core.type.TypeReference;
import io.continuityhub.identity.CustomerLock;
import io.continuityhub.kernel.HubRequestException;
import io.continuityhub.kernel.JsonColumns;
import io.continuityhub.kernel.WakeUps;
import io.continuityhub.kernel.crypto.Sealing;
import io.continuityhub.session.NewSessionEvent;
import io.continuityhub.session.SessionStore;
import io.github.resilience4j.core.IntervalFunction;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The durable record of every state-changing call. An action is recorded once per idempotency
 * key (recording it again returns the first), claimed by one dispatcher at a time
 * ({@code FOR UPDATE SKIP LOCKED}, so several hub instances share the work), and ends succeeded,
 * failed, or unknown. A succeeded action is never run again; an unknown one is never re-sent
 * blindly. Each outcome is also an event in the customer's session. A request and its response
 * (phone numbers, addresses, message text) are sealed at rest ({@link Sealing}).
 */
@Service
public class ActionLedger {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            idempotency_key, customer_id, session_id, tool, step, status, attempts, next_attempt_at, last_error,
            provider_ref, delivery_status, request::text AS request, response::text AS response, created_at, updated_at""";

    private final JdbcClient jdbc;
    private final JsonColumns json;
    private final Sealing sealing;
    private final SessionStore sessions;
    private final CustomerLock customerLock;
    private final WakeUps wakeUps;
    private final ActionProperties properties;
    private final IntervalFunction backoff;
    private final Clock clock;

    ActionLedger(JdbcClient jdbc, JsonColumns json, Sealing sealing, SessionStore sessions, CustomerLock customerLock,
                 ActionProperties properties, WakeUps wakeUps, Clock clock) {
        this.jdbc = jdbc;
        this.wakeUps = wakeUps;
        this.json = json;
        this.sealing = sealing;
        this.sessions = sessions;
        this.customerLock = customerLock;
        this.properties = properties;
        this.clock = clock;
        ActionProperties.Backoff settings = properties.backoff();
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initial(), settings.multiplier(),
                settings.randomization(), settings.max());
    }

    /**
     * Records the action unless its key is known; either way returns the ledger's row. The same
     * key with a different tool or request is a bug in the caller, refused rather than run.
     */
    @Transactional
    public ActionView record(NewAction action) {
        return record(action, null);
    }

    /**
     * The same, due at {@code dueAt} rather than now (a message held for the customer's quiet
     * hours): the row is the schedule, so it survives a restart and runs once.
     */
    @Transactional
    public ActionView record(NewAction action, Instant dueAt) {
        // the customer's lock before the insert: the insert's foreign key takes a share lock on the
        // customer row, and upgrading it later (the session note) would deadlock with a twin writer
        customerLock.lockSurvivor(action.customerId());
        Instant now = clock.instant();
        Instant due = dueAt == null || dueAt.isBefore(now) ? now : dueAt;
        int inserted = jdbc.sql("""
                INSERT INTO action (idempotency_key, customer_id, session_id, tool, step, request, status,
                                    next_attempt_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, 'pending', ?, ?, ?)
                ON CONFLICT (idempotency_key) DO NOTHING""")
                .params(action.idempotencyKey(), action.customerId(), action.sessionId(), action.tool(), action.step(),
                        writeSealed(action.request()), Timestamp.from(due), Timestamp.from(now), Timestamp.from(now))
                .update();
        ActionView recorded = find(action.idempotencyKey()).orElseThrow();
        if (inserted == 0 && (!recorded.tool().equals(action.tool()) || !Objects.equals(recorded.request(), action.request()))) {
            throw HubRequestException.conflict("idempotency_key_reused",
                    "idempotency key " + action.idempotencyKey() + " was first used for a different request");
        }
        if (inserted == 1 && !due.isAfter(now)) {
            wakeUps.signal(WakeUps.ACTIONS, "");
        }
        if (inserted == 1) {
            note(recorded, "action_queued", action.tool() + " queued" + (due.isAfter(now) ? " for " + due : ""),
                    due.isAfter(now) ? Map.of("dueAt", due.toString()) : Map.of());
        }
        return recorded;
    }

    /** Claims up to {@code limit} due actions for this dispatcher; no other instance gets them. */
    @Transactional
    public List<Action> claimDue(int limit) {
        Instant now = clock.instant();
        // An action of an in-order tool waits while an earlier one of its session and tool is in
        // flight or being tried again (refused for now, retrying): so a customer's messages never
        // overtake each other. One merely scheduled later (held for quiet hours) does not hold up a
        // reply due now.
        return jdbc.sql("""
                WITH claimed AS (
                    UPDATE action SET status = 'in_flight', attempts = attempts + 1, claimed_until = :lease, updated_at = :now
                    WHERE idempotency_key IN (
                        SELECT a.idempotency_key FROM action a
                        WHERE a.status = 'pending' AND a.next_attempt_at <= :now
                          AND (a.tool NOT IN (:inOrderTools)
                               OR NOT EXISTS (SELECT 1 FROM action earlier
                                              WHERE earlier.session_id = a.session_id AND earlier.tool = a.tool
                                                AND earlier.queued_seq < a.queued_seq
                                                AND earlier.status IN ('pending', 'in_flight')
                                                AND (earlier.status = 'in_flight' OR earlier.last_error IS NOT NULL)))
                        ORDER BY a.next_attempt_at, a.queued_seq LIMIT :limit FOR UPDATE SKIP LOCKED)
                    RETURNING idempotency_key, customer_id, session_id, tool, step, request::text AS request, attempts,
                              queued_seq)
                SELECT * FROM claimed ORDER BY queued_seq""")
                .param("lease", Timestamp.from(now.plus(properties.inFlightLease())))
                .param("now", Timestamp.from(now))
                .param("inOrderTools", inOrderTools())
                .param("limit", limit)
                .query((rs, n) -> new Action(rs.getString("idempotency_key"), rs.getString("customer_id"),
                        rs.getString("session_id"), rs.getString("tool"), rs.getString("step"),
                        readSealed(rs.getString("request")), rs.getInt("attempts")))
                .list();
    }

    /**
     * True when an earlier action of the same session and tool has not succeeded yet: it was just
     * refused or is being retried, so this one, claimed beside it, must not overtake it.
     */
    @Transactional(readOnly = true)
    public boolean waitsForAnEarlier(Action action) {
        return action.sessionId() != null && properties.inOrderTools().contains(action.tool()) && jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM action earlier, action a
                               WHERE a.idempotency_key = ? AND earlier.session_id = a.session_id
                                 AND earlier.tool = a.tool AND earlier.queued_seq < a.queued_seq
                                 AND earlier.status = 'pending' AND earlier.last_error IS NOT NULL)""")
                .param(action.idempotencyKey()).query(Boolean.class).single();
    }

    /** An empty IN list is not SQL; a name no tool has stands for "none". */
    private List<String> inOrderTools() {
        return properties.inOrderTools().isEmpty() ? List.of("") : properties.inOrderTools();
    }

    /** Gives a claimed action back untried: its attempt is returned and it is due again at once. */
    @Transactional
    public void giveBack(Action action) {
        jdbc.sql("""
                UPDATE action SET status = 'pending', attempts = greatest(attempts - 1, 0), claimed_until = NULL, updated_at = ?
                WHERE idempotency_key = ? AND status = 'in_flight'""")
                .params(Timestamp.from(clock.instant()), action.idempotencyKey())
                .update();
    }

    /**
     * Claims due actions grouped by session, each group in the order its actions were due: the
     * dispatcher runs groups side by side and each group one action at a time, so a customer's
     * messages never overtake each other while different customers do not wait for one another.
     * Actions of other tools (hub.actions.in-order-tools) are each a group of their own.
     */
    public List<List<Action>> claimDueBySession() {
        Map<String, List<Action>> bySession = new LinkedHashMap<>();
        for (Action action : claimDue(properties.batchSize())) {
            boolean inOrder = action.sessionId() != null && properties.inOrderTools().contains(action.tool());
            String group = inOrder ? action.sessionId() : action.idempotencyKey();
            bySession.computeIfAbsent(group, g -> new java.util.ArrayList<>()).add(action);
        }
        return List.copyOf(bySession.values());
    }

    @Transactional
    public void succeeded(Action action, ToolOutcome outcome) {
        if (finish(action, "succeeded", null, outcome)) {
            note(action, "action_succeeded", action.tool() + " done", outcome.providerRef() == null ? Map.of()
                    : Map.of("providerRef", outcome.providerRef()));
        }
    }

    /**
     * The far side did not act: run again after an exponential, jittered wait. Returns false
     * when the action is out of attempts and was failed instead.
     */
    @Transactional
    public boolean retryLater(Action action, String error) {
        if (action.attempts() >= properties.maxAttempts()) {
            failed(action, "gave up after " + action.attempts() + " attempts: " + error);
            return false;
        }
        Duration wait = Duration.ofMillis(backoff.apply(action.attempts()));
        jdbc.sql("""
                UPDATE action SET status = 'pending', next_attempt_at = ?, last_error = ?, claimed_until = NULL, updated_at = ?,
                                  first_failed_at = coalesce(first_failed_at, ?)
                WHERE idempotency_key = ? AND status = 'in_flight'""")
                .params(Timestamp.from(clock.instant().plus(wait)), error, Timestamp.from(clock.instant()),
                        Timestamp.from(clock.instant()), action.idempotencyKey())
                .update();
        return true;
    }

    /**
     * The far side said "slow down" (a rate limit, a key still being processed): the action is due
     * again after the first backoff step and the attempt it was claimed with is given back, since
     * nothing was tried. A refusal that lasts still reaches a person: it counts toward the
     * system's SLA from its first failure, as an outage does.
     */
    @Transactional
    public void refusedForNow(Action action, String error) {
        Duration wait = Duration.ofMillis(backoff.apply(1));
        jdbc.sql("""
                UPDATE action SET status = 'pending', attempts = greatest(attempts - 1, 0), next_attempt_at = ?,
                                  last_error = ?, claimed_until = NULL, updated_at = ?, first_failed_at = coalesce(first_failed_at, ?)
                WHERE idempotency_key = ? AND status = 'in_flight'""")
                .params(Timestamp.from(clock.instant().plus(wait)), error, Timestamp.from(clock.instant()),
                        Timestamp.from(clock.instant()), action.idempotencyKey())
                .update();
    }

    @Transactional
    public void failed(Action action, String error) {
        if (finish(action, "failed", error, null)) {
            note(action, "action_failed", action.tool() + " failed", Map.of("error", error));
        }
    }

    /** The far side may have acted: record it for reconciliation, never re-run it from here. */
    @Transactional
    public void unknown(Action action, String error) {
        if (finish(action, "unknown", error, null)) {
            note(action, "action_unknown", action.tool() + " outcome unknown", Map.of("error", error));
        }
    }

    /**
     * Actions whose dispatcher died mid-call. Where the far side de-duplicates on the action's
     * key (hub.actions.replay-safe-tools), the action is simply due again: replaying it is the
     * reconciliation. Anywhere else the outcome is unknown and it is not run again. Returns the
     * actions that became unknown, for the caller to publish.
     */
    @Transactional
    public List<Action> expireLeases() {
        Instant now = clock.instant();
        List<Action> abandoned = jdbc.sql("""
                SELECT idempotency_key, customer_id, session_id, tool, step, request::text AS request, attempts
                FROM action WHERE status = 'in_flight' AND claimed_until < ? FOR UPDATE SKIP LOCKED""")
                .param(Timestamp.from(now))
                .query((rs, n) -> new Action(rs.getString("idempotency_key"), rs.getString("customer_id"),
                        rs.getString("session_id"), rs.getString("tool"), rs.getString("step"),
                        readSealed(rs.getString("request")), rs.getInt("attempts")))
                .list();
        List<Action> unknown = new java.util.ArrayList<>();
        for (Action action : abandoned) {
            if (properties.replaySafeTools().contains(action.tool())) {
                jdbc.sql("""
                        UPDATE action SET status = 'pending', next_attempt_at = ?, claimed_until = NULL, updated_at = ?,
                                          last_error = 'the dispatcher that claimed it stopped; replaying with the same key'
                        WHERE idempotency_key = ?""")
                        .params(Timestamp.from(now), Timestamp.from(now), action.idempotencyKey())
                        .update();
            } else {
                unknown(action, "the dispatcher that claimed it stopped before it finished");
                unknown.add(action);
            }
        }
        return unknown;
    }

    /**
     * What the channel later said about a message the hub sent (sent, delivered, read, failed).
     * Receipts arrive out of order and more than once: a status never moves backwards.
     */
    @Transactional
    public boolean recordDelivery(String tool, String providerRef, DeliveryStatus status, Instant at) {
        return jdbc.sql("""
                UPDATE action SET delivery_status = ?, delivery_updated_at = ?
                WHERE tool = ? AND provider_ref = ?
                  AND (delivery_status IS NULL OR array_position(?::text[], delivery_status) < array_position(?::text[], ?))""")
                .params(status.wireName(), Timestamp.from(at), tool, providerRef, DeliveryStatus.ORDER, DeliveryStatus.ORDER,
                        status.wireName())
                .update() == 1;
    }

    /** An action waiting on a system that failed it, since {@code firstFailedAt}. */
    public record FailingAction(String idempotencyKey, String customerId, String sessionId, String tool,
                                Instant firstFailedAt, String lastError) {
    }

    /** Actions of a session still waiting on a system that has failed them (the SLA watch reads these). */
    @Transactional(readOnly = true)
    public List<FailingAction> failingInSessions() {
        return jdbc.sql("""
                SELECT idempotency_key, customer_id, session_id, tool, first_failed_at, last_error FROM action
                WHERE status = 'pending' AND first_failed_at IS NOT NULL AND session_id IS NOT NULL
                ORDER BY first_failed_at""")
                .query((rs, n) -> new FailingAction(rs.getString("idempotency_key"), rs.getString("customer_id"),
                        rs.getString("session_id"), rs.getString("tool"), rs.getTimestamp("first_failed_at").toInstant(),
                        rs.getString("last_error")))
                .list();
    }

    /**
     * True when the action was withdrawn while it ran: its customer was erased (the row is
     * redacted, the customer refuses writers). Its outcome is not recorded: the far side may have
     * acted, the customer's data is gone either way.
     */
    @Transactional(readOnly = true)
    public boolean withdrawn(Action action) {
        return jdbc.sql("SELECT count(*) FROM action WHERE idempotency_key = ? AND status = 'withdrawn'")
                .param(action.idempotencyKey()).query(Long.class).single() > 0;
    }

    @Transactional(readOnly = true)
    public Optional<ActionView> find(String idempotencyKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM action WHERE idempotency_key = ?")
                .param(idempotencyKey).query(this::view).optional();
    }

    @Transactional(readOnly = true)
    public List<ActionView> ofSession(String sessionId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM action WHERE session_id = ? ORDER BY created_at")
                .param(sessionId).query(this::view).list();
    }

    /**
     * Records a verdict for an action this dispatcher holds. A success that arrives after the
     * lease ran out (the action was marked unknown meanwhile) still counts: it is the far side's word.
     */
    private boolean finish(Action action, String status, String error, ToolOutcome outcome) {
        // the customer before the action's row, the order record() takes them in: a turn recording
        // the same key again holds the customer and waits on this row, so the other order deadlocks
        customerLock.lockSurvivor(action.customerId());
        if (properties.inOrderTools().contains(action.tool())) {
            wakeUps.signal(WakeUps.ACTIONS, ""); // the session's next message may go now
        }
        return jdbc.sql("""
                UPDATE action SET status = ?, last_error = ?, provider_ref = coalesce(?, provider_ref),
                                  response = coalesce(?::jsonb, response), claimed_until = NULL, updated_at = ?
                WHERE idempotency_key = ? AND (status = 'in_flight' OR (status = 'unknown' AND ? = 'succeeded'))""")
                .params(status, error, outcome == null ? null : outcome.providerRef(),
                        outcome == null ? null : writeSealed(outcome.response()), Timestamp.from(clock.instant()),
                        action.idempotencyKey(), status)
                .update() == 1;
    }

    private void note(Action action, String type, String summary, Map<String, Object> detail) {
        note(action.customerId(), action.idempotencyKey(), action.tool(), action.step(), type, summary, detail);
    }

    private void note(ActionView action, String type, String summary, Map<String, Object> detail) {
        note(action.customerId(), action.idempotencyKey(), action.tool(), action.step(), type, summary, detail);
    }

    private void note(String customerId, String key, String tool, String step, String type, String summary,
                      Map<String, Object> detail) {
        Map<String, Object> payload = new LinkedHashMap<>(detail);
        payload.put("idempotencyKey", key);
        payload.put("tool", tool);
        payload.put("step", step);
        sessions.append(customerId, new NewSessionEvent(null, null, type, "hub", summary, payload));
    }

    private String writeSealed(Object value) {
        return sealing.sealJson(json.write(value));
    }

    private Map<String, Object> readSealed(String stored) {
        return json.read(sealing.openJson(stored), OBJECT);
    }

    private ActionView view(ResultSet rs, int n) throws SQLException {
        return new ActionView(rs.getString("idempotency_key"), rs.getString("customer_id"), rs.getString("session_id"),
                rs.getString("tool"), rs.getString("step"), rs.getString("status"), rs.getInt("attempts"),
                rs.getTimestamp("next_attempt_at").toInstant(), rs.getString("last_error"), rs.getString("provider_ref"),
                rs.getString("delivery_status"), readSealed(rs.getString("request")),
                rs.getString("response") == null ? null : readSealed(rs.getString("response")),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
