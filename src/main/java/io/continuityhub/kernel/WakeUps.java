package io.continuityhub.kernel;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells the hub's workers that a commit gave them work: a PostgreSQL {@code NOTIFY} sent inside
 * the writing transaction, which the database delivers only when, and if, it commits, to this
 * instance and to every other one on the same database alike. The workers' timers remain, as
 * slow sweeps for a wake-up lost while a listener reconnected.
 */
@Component
public class WakeUps {

    /** A session has a new event; the payload is its id. */
    public static final String AGENT = "hub_agent";
    /** An action is due now; no payload. */
    public static final String ACTIONS = "hub_actions";
    /** A webhook kept messages in the inbox for the intake; no payload. */
    public static final String INBOX = "hub_inbox";

    private final JdbcClient jdbc;
    private final boolean enabled;
    private final boolean agentOnTheBus;

    WakeUps(JdbcClient jdbc, @Value("${hub.wake-ups.enabled:true}") boolean enabled, BusProperties bus) {
        this.jdbc = jdbc;
        this.enabled = enabled;
        this.agentOnTheBus = bus.onKafka();
    }

    /**
     * Sends the wake-up with the surrounding transaction. PostgreSQL folds identical ones of one
     * transaction into one, so a turn that appends several events wakes the agent once.
     */
    public void signal(String channel, String payload) {
        // on Kafka the session's record on hub.events is its wake-up, for the partition's owner alone
        if (enabled && !(agentOnTheBus && AGENT.equals(channel))) {
            jdbc.sql("SELECT pg_notify(?, ?)").params(channel, payload).query((RowCallbackHandler) row -> { });
        }
    }
}
