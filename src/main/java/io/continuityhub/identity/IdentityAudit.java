package io.continuityhub.identity;

import io.continuityhub.kernel.JsonColumns;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Writes who changed the identity graph, what and why; part of the change's own transaction. */
@Component
class IdentityAudit {

    private final JdbcClient jdbc;
    private final JsonColumns json;
    private final Clock clock;

    IdentityAudit(JdbcClient jdbc, JsonColumns json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    void record(String actor, String action, String customerId, String otherCustomerId, Map<String, ?> detail) {
        jdbc.sql("""
                INSERT INTO identity_audit (at, actor, action, customer_id, other_customer_id, detail)
                VALUES (?, ?, ?, ?, ?, ?::jsonb)""")
                .params(Timestamp.from(clock.instant()), actor, action, customerId, otherCustomerId, json.write(detail))
                .update();
    }
}
