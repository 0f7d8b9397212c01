package io.continuityhub.escalation;

import io.continuityhub.kernel.LatencyHistograms;
import io.continuityhub.kernel.CachedReading;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The human hand-off as operators watch it: {@code hub_handoff_wait_seconds{stage}}, how long a
 * customer's case waited from the escalation's opening until a person claimed it
 * ({@code stage="claimed"}) and until it was resolved ({@code stage="resolved"}); and
 * {@code hub_escalations_open{status}}, the escalations waiting for a person (open) or held by one
 * (claimed) now, counted with one query at most every few seconds.
 */
@Component
class HandoffMetrics {

    private static final List<String> WAITING = List.of("open", "claimed");

    private final Timer claimed;
    private final Timer resolved;

    HandoffMetrics(JdbcClient jdbc, MeterRegistry meters) {
        this.claimed = timer(meters, "claimed");
        this.resolved = timer(meters, "resolved");
        CachedReading<Map<String, Long>> open = new CachedReading<>(Duration.ofSeconds(5), () -> {
            Map<String, Long> counts = new HashMap<>();
            jdbc.sql("SELECT status, count(*) AS n FROM escalation WHERE status IN ('open', 'claimed') GROUP BY status")
                    .query(rs -> {
                        counts.put(rs.getString("status"), rs.getLong("n"));
                    });
            return counts;
        }, null);
        for (String status : WAITING) {
            Gauge.builder("hub.escalations.open", open, reading -> {
                        Map<String, Long> counts = reading.get();
                        return counts == null ? Double.NaN : counts.getOrDefault(status, 0L);
                    })
                    .description("escalations not resolved yet: waiting for a person (open) or held by one (claimed)")
                    .tag("status", status)
                    .strongReference(true)
                    .register(meters);
        }
    }

    void claimed(Instant openedAt, Instant claimedAt) {
        record(claimed, openedAt, claimedAt);
    }

    void resolved(Instant openedAt, Instant resolvedAt) {
        record(resolved, openedAt, resolvedAt);
    }

    private static void record(Timer timer, Instant from, Instant to) {
        if (from != null && to != null && !to.isBefore(from)) {
            timer.record(Duration.between(from, to));
        }
    }

    private static Timer timer(MeterRegistry meters, String stage) {
        return LatencyHistograms.timer("hub.handoff.wait",
                        "from an escalation's opening until a person claimed it, or resolved it",
                        Duration.ofSeconds(1), Duration.ofDays(3), Duration.ofMinutes(1), Duration.ofMinutes(5),
                        Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(24))
                .tag("stage", stage)
                .register(meters);
    }
}
