package io.continuityhub.session;

import com.fasterxml.jackson.core.type.TypeReference;
import io.continuityhub.kernel.JsonColumns;
import io.continuityhub.kernel.crypto.Sealing;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Rows of {@code session} and {@code session_event}; callers hold the customer's lock for writes.
 * An event's summary and payload (what the customer and the hub said) are sealed at rest
 * ({@link Sealing}): written sealed here, opened here, never queried into by SQL.
 */
@Repository
class SessionRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final String SELECT_SESSION = """
            SELECT session_id, customer_id, status, version, channels::text AS channels, issue, state,
                   last_action, next_action, opened_at, updated_at, expires_at, closed_at,
                   carried_summary::text AS carried_summary, last_seq
            FROM session""";

    record Row(SessionRecord record, long lastSeq) {
    }

    private final JdbcClient jdbc;
    private final JsonColumns json;
    private final Sealing sealing;

    SessionRepository(JdbcClient jdbc, JsonColumns json, Sealing sealing) {
        this.jdbc = jdbc;
        this.json = json;
        this.sealing = sealing;
    }

    Optional<Row> openOf(String customerId) {
        return jdbc.sql(SELECT_SESSION + " WHERE customer_id = ? AND status = 'open'")
                .param(customerId).query(rowMapper()).optional();
    }

    Optional<Row> find(String sessionId) {
        return jdbc.sql(SELECT_SESSION + " WHERE session_id = ?").param(sessionId).query(rowMapper()).optional();
    }

    Optional<Row> lastClosedOf(String customerId) {
        return jdbc.sql(SELECT_SESSION + " WHERE customer_id = ? AND status = 'closed' ORDER BY closed_at DESC LIMIT 1")
                .param(customerId).query(rowMapper()).optional();
    }

    Optional<Row> absorbedOf(String customerId) {
        return jdbc.sql(SELECT_SESSION + " WHERE customer_id = ? AND status = 'absorbed' ORDER BY opened_at DESC LIMIT 1")
                .param(customerId).query(rowMapper()).optional();
    }

    List<String> expiredOpenSessions(Instant now, int limit) {
        return jdbc.sql("SELECT customer_id FROM session WHERE status = 'open' AND expires_at <= ? ORDER BY expires_at LIMIT ?")
                .params(Timestamp.from(now), limit).query(String.class).list();
    }

    String insertOpen(String customerId, Instant now, Instant expiresAt, Optional<Row> previous) {
        String sessionId = "sess-" + UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO session (session_id, customer_id, status, channels, state, version, last_seq,
                                     opened_at, updated_at, expires_at, previous_session_id, carried_summary)
                VALUES (?, ?, 'open', '[]', 'new', 0, 0, ?, ?, ?, ?, ?::jsonb)""")
                .params(sessionId, customerId, Timestamp.from(now), Timestamp.from(now), Timestamp.from(expiresAt),
                        previous.map(p -> p.record().sessionId()).orElse(null),
                        previous.map(p -> json.write(summaryOf(p.record()))).orElse(null))
                .update();
        return sessionId;
    }

    void insertEvent(String sessionId, long seq, Instant at, NewSessionEvent event) {
        jdbc.sql("""
                INSERT INTO session_event (session_id, seq, at, channel, channel_label, type, actor, summary, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")
                .params(sessionId, seq, Timestamp.from(at), event.channel(), event.channelLabel(), event.type(),
                        event.actor(), sealing.seal(event.summary()),
                        sealing.sealJson(json.write(event.payload() == null ? Map.of() : event.payload())))
                .update();
    }

    /** Records an appended event on the session: one more version, the sliding expiry moved on. */
    void recordAppend(String sessionId, long seq, List<String> channels, Instant now, Instant expiresAt) {
        jdbc.sql("""
                UPDATE session SET last_seq = ?, version = version + 1, channels = ?::jsonb,
                                   updated_at = ?, expires_at = ?
                WHERE session_id = ?""")
                .params(seq, json.write(channels), Timestamp.from(now), Timestamp.from(expiresAt), sessionId)
                .update();
    }

    /** Optimistic write of the summary fields; false when the version moved on. */
    boolean patch(String sessionId, long expectedVersion, SessionPatch patch) {
        return jdbc.sql("""
                UPDATE session SET issue = coalesce(?, issue), state = coalesce(?, state),
                                   last_action = coalesce(?, last_action), next_action = coalesce(?, next_action)
                WHERE session_id = ? AND version = ?""")
                .params(patch.issue(), patch.state(), patch.lastAction(), patch.nextAction(), sessionId, expectedVersion)
                .update() == 1;
    }

    void setStatus(String sessionId, String status, Instant now, String closeReason, String absorbedInto) {
        Timestamp closedAt = "closed".equals(status) ? Timestamp.from(now) : null;
        jdbc.sql("""
                UPDATE session SET status = ?, updated_at = ?, version = version + 1, closed_at = ?,
                                   close_reason = ?, absorbed_into = ?
                WHERE session_id = ?""")
                .params(status, Timestamp.from(now), closedAt, closeReason, absorbedInto, sessionId)
                .update();
    }

    void setChannels(String sessionId, List<String> channels) {
        jdbc.sql("UPDATE session SET channels = ?::jsonb WHERE session_id = ?").params(json.write(channels), sessionId).update();
    }

    /** The channels a session's own events arrived on, in first-seen order. */
    List<String> ownChannels(String sessionId) {
        return jdbc.sql("""
                SELECT channel_label FROM session_event WHERE session_id = ? AND channel_label IS NOT NULL
                GROUP BY channel_label ORDER BY min(seq)""")
                .param(sessionId).query(String.class).list();
    }

    List<SessionEvent> events(String sessionId) {
        return jdbc.sql("""
                SELECT session_id, seq, at, channel, type, actor, summary, payload::text AS payload
                FROM session_event WHERE session_id = ? ORDER BY seq""")
                .param(sessionId).query(this::event).list();
    }

    /** When the customer last wrote from this channel and handle in the session or one merged into it. */
    Optional<Instant> lastCustomerMessageAt(String sessionId, String channelLabel) {
        return jdbc.sql("""
                        SELECT at FROM session_event
                        WHERE session_id IN (SELECT ? UNION ALL SELECT session_id FROM session WHERE absorbed_into = ?)
                          AND type = 'customer_message' AND channel_label = ?
                        ORDER BY at DESC LIMIT 1""")
                .params(sessionId, sessionId, channelLabel)
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant);
    }

    List<String> sessionsAbsorbedInto(String sessionId) {
        return jdbc.sql("SELECT session_id FROM session WHERE absorbed_into = ? ORDER BY opened_at")
                .param(sessionId).query(String.class).list();
    }

    private RowMapper<Row> rowMapper() {
        return (rs, n) -> new Row(new SessionRecord(rs.getString("session_id"), rs.getString("customer_id"),
                rs.getString("status"), rs.getLong("version"), json.read(rs.getString("channels"), STRINGS),
                rs.getString("issue"), rs.getString("state"), rs.getString("last_action"), rs.getString("next_action"),
                instant(rs, "opened_at"), instant(rs, "updated_at"), instant(rs, "expires_at"), instant(rs, "closed_at"),
                rs.getString("carried_summary") == null ? null : json.read(rs.getString("carried_summary"), OBJECT)),
                rs.getLong("last_seq"));
    }

    private SessionEvent event(ResultSet rs, int n) throws SQLException {
        return new SessionEvent(rs.getString("session_id"), rs.getLong("seq"), instant(rs, "at"), rs.getString("channel"),
                rs.getString("type"), rs.getString("actor"), sealing.open(rs.getString("summary")),
                json.read(sealing.openJson(rs.getString("payload")), OBJECT));
    }

    private static Map<String, Object> summaryOf(SessionRecord closed) {
        var summary = new java.util.LinkedHashMap<String, Object>();
        summary.put("sessionId", closed.sessionId());
        summary.put("issue", closed.issue());
        summary.put("state", closed.state());
        summary.put("lastAction", closed.lastAction());
        summary.put("nextAction", closed.nextAction());
        summary.put("channels", closed.channels());
        summary.put("closedAt", String.valueOf(closed.closedAt()));
        return summary;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
