package io.continuityhub.sandbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The simulators' count of side effects applied per idempotency key ({@code sandbox.side_effect}).
 * Every simulator records here in the same transaction as the effect itself, so a count above
 * one is a duplicate the far side really applied.
 */
@Repository
@Profile("sandbox")
public class SideEffectLedger {

    /** One idempotency key's count: how often the system applied its side effect, first and last when. */
    public record Entry(String key, int count, Instant firstAt, Instant lastAt) {
    }

    private final JdbcClient jdbc;

    SideEffectLedger(JdbcClient jdbc, SandboxSchemaConfiguration.SandboxSchema schema) {
        this.jdbc = jdbc;
    }

    /** Counts one more application of {@code key} by {@code system}; returns the count now. */
    public int record(String system, String key, Instant at) {
        return jdbc.sql("""
                        INSERT INTO sandbox.side_effect (system, idempotency_key, count, first_at, last_at)
                        VALUES (:system, :key, 1, :at, :at)
                        ON CONFLICT (system, idempotency_key)
                        DO UPDATE SET count = sandbox.side_effect.count + 1, last_at = EXCLUDED.last_at
                        RETURNING count""")
                .param("system", system)
                .param("key", key)
                .param("at", Timestamp.from(at))
                .query(Integer.class)
                .single();
    }

    /** Every key {@code system} applied a side effect for, the oldest first. */
    List<Entry> entries(String system) {
        return jdbc.sql("""
                        SELECT idempotency_key, count, first_at, last_at FROM sandbox.side_effect
                        WHERE system = :system ORDER BY first_at, idempotency_key""")
                .param("system", system)
                .query((rs, rowNum) -> new Entry(rs.getString("idempotency_key"), rs.getInt("count"),
                        rs.getTimestamp("first_at").toInstant(), rs.getTimestamp("last_at").toInstant()))
                .list();
    }
}
