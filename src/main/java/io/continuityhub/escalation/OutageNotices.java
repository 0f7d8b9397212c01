package io.continuityhub.escalation;

import io.continuityhub.channel.reply.CustomerMessenger;
import io.continuityhub.session.SessionRecord;
import io.continuityhub.session.SessionStore;
import io.continuityhub.tools.Action;
import io.continuityhub.tools.ActionVerdict;
import io.continuityhub.tools.DownstreamSystems;
import io.continuityhub.tools.NewAction;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * While a downstream system is down, the customer waiting on it is told once, with the delay
 * to expect, instead of hearing nothing. Not when the system down is the very channel the
 * customer would be told on, nor for actions outside a session, nor while a person holds the
 * session (they speak for the hub then).
 */
@Service
public class OutageNotices {

    private static final Logger log = LoggerFactory.getLogger(OutageNotices.class);

    private final JdbcClient jdbc;
    private final DownstreamSystems systems;
    private final CustomerMessenger messenger;
    private final Clock clock;
    private final Duration noticeAfter;

    private final SessionStore sessions;

    OutageNotices(JdbcClient jdbc, DownstreamSystems systems, CustomerMessenger messenger, SessionStore sessions, Clock clock,
                  @Value("${hub.downstream.notice-after}") Duration noticeAfter) {
        this.noticeAfter = noticeAfter;
        this.sessions = sessions;
        this.jdbc = jdbc;
        this.systems = systems;
        this.messenger = messenger;
        this.clock = clock;
    }

    @EventListener
    void on(ActionVerdict verdict) {
        switch (verdict.kind()) {
            case DELAYED_BY_OUTAGE -> delayed(verdict.action());
            case RECOVERED -> recovered(verdict.action());
            default -> { }
        }
    }

    /** The action is waiting for its system to come back: tell its customer, once per outage. */
    private void delayed(Action action) {
        String system = systems.systemOf(action.tool()).orElse(null);
        if (system == null || action.sessionId() == null) {
            return;
        }
        if (sessions.find(action.sessionId()).map(SessionRecord::heldByAPerson).orElse(false)) {
            // one owner at a time: the person holding the session tells the customer what they see
            // fit; nothing is marked told, so an outage still going on after the hand-back is told then
            return;
        }
        Instant now = clock.instant();
        Timestamp failingSince = jdbc.sql("SELECT first_failed_at FROM action WHERE idempotency_key = ?")
                .param(action.idempotencyKey()).query(Timestamp.class).optional().orElse(null);
        if (failingSince == null || failingSince.toInstant().plus(noticeAfter).isAfter(now)) {
            return; // a timeout that a replay settles within seconds is not news for the customer
        }
        int first = jdbc.sql("""
                INSERT INTO outage_notice (session_id, system, notified_at) VALUES (?, ?, ?)
                ON CONFLICT (session_id, system) DO NOTHING""")
                .params(action.sessionId(), system, Timestamp.from(now))
                .update();
        if (first == 0) {
            return;
        }
        DownstreamSystems.SystemSettings settings = systems.settings(system);
        if (settings.tools().stream().anyMatch(tool -> tool.equals(toolOfLastChannel(action)))) {
            return; // the customer's own channel is what is down; a notice would not reach them
        }
        long minutes = Math.max(5, settings.expectedDelay().toMinutes());
        boolean told = messenger.tellIfReachable(action.customerId(), action.sessionId(), NewAction.key(action.sessionId(),
                        "outage-notice-" + system, String.valueOf(now.toEpochMilli())), "outage-notice",
                "Our " + settings.label() + " is not answering right now, so your request is queued. We expect an answer"
                        + " within about " + minutes + " minutes and will message you here as soon as we have it.").isPresent();
        if (!told) {
            log.info("Session {} has no channel the hub can send on; the {} outage is not told", action.sessionId(), system);
        }
    }

    /**
     * The system answered for this session again: a later outage is told again. Not while another
     * of the session's actions on it is still waiting out the same outage: its next refusal would
     * tell the customer a second time about the outage they were already told of.
     */
    private void recovered(Action action) {
        if (action.sessionId() == null) {
            return;
        }
        systems.systemOf(action.tool()).ifPresent(system -> jdbc.sql("""
                DELETE FROM outage_notice WHERE session_id = :session AND system = :system
                  AND NOT EXISTS (SELECT 1 FROM action WHERE session_id = :session AND tool IN (:tools)
                                    AND idempotency_key <> :key AND status IN ('pending', 'in_flight')
                                    AND first_failed_at IS NOT NULL)""")
                .param("session", action.sessionId()).param("system", system)
                .param("tools", systems.settings(system).tools()).param("key", action.idempotencyKey())
                .update());
    }

    private String toolOfLastChannel(Action action) {
        return messenger.lastChannel(action.sessionId()).map(channel -> switch (channel) {
            case "whatsapp" -> "whatsapp-send";
            case "email" -> "email-send";
            default -> "none";
        }).orElse(null);
    }
}
