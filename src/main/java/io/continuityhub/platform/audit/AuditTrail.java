package io.continuityhub.platform.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps an audit event in PostgreSQL ({@code audit_event}) and writes it as one ECS JSON line to
 * the {@code audit} logger, which {@link AuditLogOutput} sends to its own appender, the bare line
 * and nothing else, so Splunk, Elastic or Sentinel can take it as is. An audit that cannot be
 * stored is still logged, and counted: the refusal or the action it records has happened.
 */
@Component
public class AuditTrail {

    static final String LOGGER = "audit";
    private static final Logger audit = LoggerFactory.getLogger(LOGGER);
    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final MeterRegistry meters;

    AuditTrail(JdbcClient jdbc, ObjectMapper json, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.meters = meters;
    }

    public void record(AuditEvent event) {
        Instant at = clock.instant();
        String line = ecs(event, at).toString();
        audit.info(line);
        meters.counter("hub_audit_events", "action", event.action(), "outcome", event.outcome().ecs()).increment();
        try {
            jdbc.sql("""
                    INSERT INTO audit_event (at, action, category, outcome, actor, source_ip, target, reason, ecs)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")
                    .params(Timestamp.from(at), event.action(), event.category(), event.outcome().ecs(), event.actor(),
                            event.sourceIp(), event.target(), event.reason(), line)
                    .update();
        } catch (RuntimeException e) {
            meters.counter("hub_audit_unstored").increment();
            log.warn("could not store the audit event {} ({}); its log line was written", event.action(), e.toString());
        }
    }

    /** The reason of the latest event of an action, per target: the last state an audit recorded. */
    public Map<String, String> latestReasons(String action) {
        Map<String, String> latest = new HashMap<>();
        jdbc.sql("""
                SELECT DISTINCT ON (target) target, reason FROM audit_event
                 WHERE action = ? AND target IS NOT NULL ORDER BY target, id DESC""")
                .param(action)
                .query((row, n) -> latest.put(row.getString("target"), row.getString("reason")))
                .list();
        return latest;
    }

    /** The event in the Elastic Common Schema (8.x), nested as ECS documents are. */
    private ObjectNode ecs(AuditEvent event, Instant at) {
        ObjectNode line = json.createObjectNode();
        line.put("@timestamp", at.toString());
        line.putObject("ecs").put("version", "8.11.0");
        line.putObject("log").put("logger", LOGGER);
        ObjectNode what = line.putObject("event");
        what.put("kind", "event").put("action", event.action()).put("outcome", event.outcome().ecs())
                .put("dataset", "continuity_hub.audit");
        what.putArray("category").add(event.category());
        what.putArray("type").add(event.type());
        if (event.reason() != null) {
            what.put("reason", event.reason());
        }
        line.putObject("service").put("name", "continuity-hub");
        if (event.actor() != null) {
            line.putObject("user").put("name", event.actor());
        }
        if (event.sourceIp() != null) {
            line.putObject("source").put("ip", event.sourceIp());
        }
        if (event.method() != null) {
            line.putObject("http").putObject("request").put("method", event.method());
        }
        if (event.path() != null) {
            line.putObject("url").put("path", event.path());
        }
        if (event.target() != null) {
            line.putObject("labels").put("target", event.target());
        }
        line.put("message", event.action() + " " + event.outcome().ecs()
                + (event.actor() != null ? " by " + event.actor() : "") + (event.target() != null ? " on " + event.target() : ""));
        return line;
    }
}
