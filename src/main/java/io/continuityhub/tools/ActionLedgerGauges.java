package io.continuityhub.tools;

import io.continuityhub.kernel.CachedReading;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code hub_actions{status}}: the action ledger's depth by status (pending, in_flight, succeeded,
 * failed, unknown, withdrawn). One {@code GROUP BY} serves every status, read at most every
 * {@link #MAX_AGE} however often Prometheus scrapes. (A full count: the ledger keeps its finished
 * rows until the retention sweep, so on a very large ledger this is the query to watch.)
 */
@Component
class ActionLedgerGauges {

    static final Duration MAX_AGE = Duration.ofSeconds(5);
    private static final List<String> STATUSES = List.of("pending", "in_flight", "succeeded", "failed", "unknown", "withdrawn");

    private final CachedReading<Map<String, Long>> depth;

    ActionLedgerGauges(JdbcClient jdbc, MeterRegistry meters) {
        this.depth = new CachedReading<>(MAX_AGE, () -> {
            Map<String, Long> counts = new HashMap<>();
            jdbc.sql("SELECT status, count(*) AS n FROM action GROUP BY status")
                    .query(rs -> {
                        counts.put(rs.getString("status"), rs.getLong("n"));
                    });
            return counts;
        }, null);
        for (String status : STATUSES) {
            Gauge.builder("hub.actions", this, gauges -> gauges.count(status))
                    .description("actions in the ledger, by status")
                    .tag("status", status)
                    .register(meters);
        }
    }

    private double count(String status) {
        Map<String, Long> counts = depth.get();
        return counts == null ? Double.NaN : counts.getOrDefault(status, 0L);
    }
}
