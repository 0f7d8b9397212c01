package io.continuityhub.tools;

import io.continuityhub.kernel.LatencyHistograms;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * {@code hub_reply_latency_seconds{channel}}: the wait a customer sees, from the hub's record of
 * their message (its session event) until the agent's reply to it is confirmed sent (the ledger
 * records the send's success), per channel the customer wrote on. A reply is known by its key
 * ({@link NewAction#replyKey}); only replies to a customer's message count, not the hub's own
 * messages (a tracking update answers a carrier scan). Recorded after the success commits, with one
 * primary-key read; a reply held for the customer's quiet hours counts with its wait.
 */
@Component
class ReplyLatency {

    private static final Logger log = LoggerFactory.getLogger(ReplyLatency.class);
    private static final String METRIC = "hub.reply.latency";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final MeterRegistry meters;

    ReplyLatency(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.meters = meters;
        List.of("whatsapp", "email").forEach(this::timer); // the channels the hub replies on, shown from the start
    }

    private record Answered(String channel, Instant at) {
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(ActionVerdict verdict) {
        if (verdict.kind() != ActionVerdict.Kind.RECOVERED) {
            return;
        }
        Action action = verdict.action();
        OptionalLong seq = NewAction.answeredSeq(action.sessionId(), action.idempotencyKey());
        if (seq.isEmpty()) {
            return;
        }
        try {
            jdbc.sql("""
                    SELECT channel, at FROM session_event
                    WHERE session_id = ? AND seq = ? AND type = 'customer_message' AND channel IS NOT NULL""")
                    .params(action.sessionId(), seq.getAsLong())
                    .query((rs, n) -> new Answered(rs.getString("channel"), rs.getTimestamp("at").toInstant()))
                    .optional()
                    .ifPresent(answered -> {
                        Duration wait = Duration.between(answered.at(), clock.instant());
                        if (!wait.isNegative()) {
                            timer(answered.channel()).record(wait);
                        }
                    });
        } catch (RuntimeException e) {
            log.debug("the reply latency of {} was not recorded", action.idempotencyKey(), e);
        }
    }

    private Timer timer(String channel) {
        return LatencyHistograms.timer(METRIC,
                        "from a customer's message to the agent's reply to it confirmed sent, per channel written on",
                        Duration.ofMillis(100), Duration.ofHours(12), Duration.ofSeconds(1), Duration.ofSeconds(2),
                        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5))
                .tag("channel", channel)
                .register(meters);
    }
}
