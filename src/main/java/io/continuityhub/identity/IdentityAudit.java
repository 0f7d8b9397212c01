package io.continuityhub.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Writes who changed the identity graph, what and why; part of the change's own transaction. */
@Component
class IdentityAudit {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    IdentityAudit(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    void record(String actor, String action, String customerId, String otherCustomerId, Map<String, ?> detail) {
        try {
            jdbc.sql("""
                    INSERT INTO identity_audit (at, actor, action, customer_id, other_customer_id, detail)
                    VALUES (?, ?, ?, ?, ?, ?::jsonb)""")
                    .params(Timestamp.from(clock.instant()), actor, action, customerId, otherCustomerId,
                            json.writeValueAsString(detail))
                    .update();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit detail is not serialisable", e);
        }
    }
}
