package io.continuityhub.agent;

import io.continuityhub.kernel.CachedReading;
import io.continuityhub.session.EscalationRequest;
import io.continuityhub.session.Handoffs;
import io.continuityhub.session.NewSessionEvent;
import io.continuityhub.session.SessionRecord;
import io.continuityhub.session.SessionStore;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A turn that failed is contained: the event is tried again with exponential backoff (so nothing
 * loops hot), and after {@code hub.agent.turn-retries.max-attempts} it is parked: a
 * {@code turn_parked} event says which event and why, a person gets the session once, and the
 * session's later events are decided on as usual.
 */
@Service
public class TurnFailures {

    private static final Logger log = LoggerFactory.getLogger(TurnFailures.class);
    private static final int ERROR_CHARS = 500;

    private final JdbcClient jdbc;
    private final SessionStore sessions;
    private final Handoffs handoffs;
    private final AgentProperties.TurnRetries retries;
    private final IntervalFunction backoff;
    private final Clock clock;
    private final Counter failed;
    private final Counter parked;

    TurnFailures(JdbcClient jdbc, SessionStore sessions, Handoffs handoffs, AgentProperties properties, Clock clock,
                 MeterRegistry meters) {
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.handoffs = handoffs;
        this.retries = properties.turnRetries();
        this.backoff = IntervalFunction.ofExponentialBackoff(retries.initialBackoff(), 2.0, retries.maxBackoff());
        this.clock = clock;
        this.failed = Counter.builder("hub.agent.turns.failed").description("agent turns that failed and were rolled back")
                .register(meters);
        this.parked = Counter.builder("hub.agent.turns.parked")
                .description("events parked after their turn failed every try; a person has each session").register(meters);
        CachedReading<Long> parkedNow = new CachedReading<>(Duration.ofSeconds(5),
                () -> jdbc.sql("SELECT count(*) FROM agent_turn_failure WHERE parked").query(Long.class).single(), null);
        Gauge.builder("hub.parked.turns", parkedNow, reading -> {
                    Long count = reading.get();
                    return count == null ? Double.NaN : count;
                })
                .description("events whose agent turn was parked after every try failed (kept as the record until retention or erasure)")
                .strongReference(true)
                .register(meters);
    }

    /** The agent-turn route's doCatch: the body is the session id, the caught exception the turn's. */
    @Transactional
    public void record(Exchange exchange) {
        String sessionId = exchange.getMessage().getBody(String.class);
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        TurnFailedException turn = ObjectHelper.getException(TurnFailedException.class, caught);
        long seq = turn != null ? turn.seq() : firstUndecided(sessionId);
        Throwable cause = turn != null && turn.getCause() != null ? turn.getCause() : caught;
        String error = describe(cause);
        Instant now = clock.instant();
        int attempts = jdbc.sql("""
                INSERT INTO agent_turn_failure (session_id, seq, attempts, next_at, last_error, updated_at)
                VALUES (?, ?, 1, ?, ?, ?)
                ON CONFLICT (session_id, seq) DO UPDATE SET attempts = agent_turn_failure.attempts + 1,
                    last_error = EXCLUDED.last_error, updated_at = EXCLUDED.updated_at
                RETURNING attempts""")
                .params(sessionId, seq, Timestamp.from(now), error, Timestamp.from(now)).query(Integer.class).single();
        failed.increment();
        if (attempts < retries.maxAttempts()) {
            Duration wait = Duration.ofMillis(backoff.apply(attempts));
            jdbc.sql("UPDATE agent_turn_failure SET next_at = ? WHERE session_id = ? AND seq = ?")
                    .params(Timestamp.from(now.plus(wait)), sessionId, seq).update();
            log.warn("The agent's turn on event {} of {} failed ({} of {} tries), trying again in {}: {}", seq, sessionId,
                    attempts, retries.maxAttempts(), wait, error);
            return;
        }
        park(sessionId, seq, attempts, error, cause);
    }

    private void park(String sessionId, long seq, int attempts, String error, Throwable cause) {
        jdbc.sql("UPDATE agent_turn_failure SET parked = true WHERE session_id = ? AND seq = ?").params(sessionId, seq).update();
        SessionRecord session = sessions.find(sessionId).orElseThrow();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("parkedSeq", seq);
        payload.put("attempts", attempts);
        payload.put("error", error);
        sessions.append(session.customerId(), new NewSessionEvent(null, null, "turn_parked", "hub",
                "the agent could not take its turn on event " + seq + "; a person has the session", payload));
        handoffs.handOver(new EscalationRequest(session.customerId(), sessionId,
                "the agent could not take its turn on event " + seq + " after " + attempts + " tries",
                "parked:" + sessionId + ":" + seq, null, error));
        parked.increment();
        log.error("Parked event {} of {} after {} failed turns; the session is escalated", seq, sessionId, attempts, cause);
    }

    /** The events of a session the agent skips: their turns failed every try. */
    @Transactional(readOnly = true)
    public Set<Long> parked(String sessionId) {
        return Set.copyOf(jdbc.sql("SELECT seq FROM agent_turn_failure WHERE session_id = ? AND parked")
                .param(sessionId).query(Long.class).list());
    }

    /** A turn went through: a failure that was waiting for another try is settled. */
    public void settled(String sessionId) {
        jdbc.sql("DELETE FROM agent_turn_failure WHERE session_id = ? AND NOT parked").param(sessionId).update();
    }

    private long firstUndecided(String sessionId) {
        return jdbc.sql("SELECT agent_seq + 1 FROM session WHERE session_id = ?").param(sessionId).query(Long.class).single();
    }

    private static String describe(Throwable cause) {
        String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return text.length() <= ERROR_CHARS ? text : text.substring(0, ERROR_CHARS - 1) + "…";
    }
}
