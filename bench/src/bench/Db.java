package bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the hub's own records in its PostgreSQL: when each message's reply was confirmed sent
 * (the session's action_succeeded event of the whatsapp-send action after the customer_message
 * event of the message), and the action ledger's counts. Read-only.
 */
final class Db implements AutoCloseable {

    private final Connection connection;

    Db(String jdbcUrl) {
        try {
            connection = DriverManager.getConnection(jdbcUrl);
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the hub's PostgreSQL at " + jdbcUrl, e);
        }
    }

    /** Per wamid of the phase: epoch micros when its first reply after it was confirmed sent (absent: not yet). */
    Map<String, Long> replySentMicros(String phase) {
        Map<String, Long> out = new HashMap<>();
        String sql = """
                SELECT i.provider_message_id,
                       -- the ledger's row, not the session event: event payloads are sealed at rest; a
                       -- succeeded action's updated_at is when its success was recorded (the event's at)
                       (SELECT min(a.updated_at) FROM action a
                         WHERE a.session_id = i.session_id AND a.created_at >= i.received_at
                           AND a.tool = 'whatsapp-send' AND a.status = 'succeeded') AS reply_at
                FROM interaction i
                WHERE i.ingress = 'whatsapp' AND i.provider_message_id LIKE ?""";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, "wamid.BENCH." + phase + ".%");
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp(2);
                    out.put(rs.getString(1), at == null ? null : at.getTime() * 1000 + (at.getNanos() / 1000) % 1000);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** How many messages of the phase have their reply confirmed sent. */
    int repliesConfirmed(String phase) {
        return count("""
                SELECT count(*) FROM interaction i
                WHERE i.ingress = 'whatsapp' AND i.provider_message_id LIKE ?
                  AND EXISTS (SELECT 1 FROM action a
                               WHERE a.session_id = i.session_id AND a.created_at >= i.received_at
                                 AND a.tool = 'whatsapp-send' AND a.status = 'succeeded')""",
                "wamid.BENCH." + phase + ".%");
    }

    /** Actions not settled yet (pending or in flight), every tool. */
    int openActions() {
        return count("SELECT count(*) FROM action WHERE status IN ('pending', 'in_flight') AND tool <> ?", "");
    }

    /** How many messages of the phase the hub stored (interactions). */
    int interactions(String phase) {
        return count("SELECT count(*) FROM interaction WHERE provider_message_id LIKE ?", "wamid.BENCH." + phase + ".%");
    }

    /** How many messages of the phase the hub's webhook kept (its inbox; the intake takes them to their session after the answer). */
    int kept(String phase) {
        return count("SELECT count(*) FROM inbox WHERE provider_message_id LIKE ?", "wamid.BENCH." + phase + ".%");
    }

    /** Replies (whatsapp-send actions) confirmed sent, all phases. */
    int whatsappSendsSucceeded() {
        return count("SELECT count(*) FROM action WHERE tool = ? AND status = 'succeeded'", "whatsapp-send");
    }

    /** The actions of a tool by status. */
    Map<String, Integer> actionsByStatus(String tool) {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT status, count(*) FROM action WHERE tool = ? GROUP BY status ORDER BY status")) {
            statement.setString(1, tool);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Attempts the hub made of a tool's actions, all told. */
    int attempts(String tool) {
        return count("SELECT coalesce(sum(attempts), 0) FROM action WHERE tool = ?", tool);
    }

    int count(String sql, String param) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, param);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hub's active PostgreSQL sessions right now, by what they wait on ("CPU" when on nothing). */
    Map<String, Integer> activeByWait() {
        Map<String, Integer> out = new LinkedHashMap<>();
        String sql = """
                SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU')
                       || CASE WHEN wait_event_type = 'Lock' THEN ' in ' || left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 90) ELSE '' END,
                       count(*)
                FROM pg_stat_activity
                WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                GROUP BY 1""";
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing
        }
    }
}
