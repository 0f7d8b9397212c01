package io.continuityhub.agent;

import io.continuityhub.identity.CustomerDirectory;
import io.continuityhub.identity.CustomerLock;
import io.continuityhub.identity.CustomerView;
import io.continuityhub.kernel.ConversationSpans;
import io.continuityhub.session.SessionEvent;
import io.continuityhub.session.SessionRecord;
import io.continuityhub.session.SessionStore;
import io.continuityhub.tools.ActionLedger;
import io.continuityhub.tools.ActionView;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The agent's turns. Each session has a cursor ({@code session.agent_seq}); a turn takes the
 * customer's lock, lets the policy decide on every event past the cursor, records the plans and
 * moves the cursor, all in one transaction. So an event is decided on once: a crash before the
 * commit leaves it for the next turn, and a second hub instance waits on the lock and finds nothing
 * left to do.
 */
@Service
public class AgentTurns {

    private static final Logger log = LoggerFactory.getLogger(AgentTurns.class);
    /** What the agent reacts to; everything else (its own replies, record changes) is context. */
    private static final Set<String> TRIGGERS = Set.of("customer_message", "carrier_scan", "action_succeeded",
            "action_failed", "action_unknown");

    private static final String HAS_A_TURN_DUE = """
            status = 'open' AND last_seq > agent_seq
              AND NOT EXISTS (SELECT 1 FROM agent_turn_failure f
                              WHERE f.session_id = s.session_id AND NOT f.parked AND f.next_at > ?)""";

    private final JdbcClient jdbc;
    private final SessionStore sessions;
    private final ActionLedger ledger;
    private final CustomerDirectory customers;
    private final CustomerLock customerLock;
    private final SessionMemoryReader memoryReader;
    private final PlanRecorder recorder;
    private final TurnFailures failures;
    private final AgentPolicy policy;
    private final AgentProperties properties;
    private final Clock clock;

    AgentTurns(JdbcClient jdbc, SessionStore sessions, ActionLedger ledger, CustomerDirectory customers,
               CustomerLock customerLock, SessionMemoryReader memoryReader, PlanRecorder recorder, TurnFailures failures,
               List<AgentPolicy> policies, AgentProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.ledger = ledger;
        this.customers = customers;
        this.customerLock = customerLock;
        this.memoryReader = memoryReader;
        this.recorder = recorder;
        this.failures = failures;
        this.policy = policies.stream().filter(p -> p.name().equals(properties.policy())).findFirst()
                .orElseThrow(() -> new IllegalStateException("hub.agent.policy is '" + properties.policy()
                        + "'; choose one of " + policies.stream().map(AgentPolicy::name).toList()));
        this.properties = properties;
        this.clock = clock;
        log.info("The agent decides with the {} policy", policy.name());
    }

    /**
     * Open sessions with events the agent has not had its turn on, oldest change first; a session
     * whose last turn failed waits out its backoff (TurnFailures).
     */
    @Transactional(readOnly = true)
    public List<String> sessionsWithNewEvents() {
        return jdbc.sql("SELECT session_id FROM session s WHERE " + HAS_A_TURN_DUE + " ORDER BY updated_at LIMIT ?")
                .params(Timestamp.from(clock.instant()), properties.batchSize()).query(String.class).list();
    }

    /** A wake-up's session has a turn due: new events, and no failed turn waiting out its backoff. */
    @Transactional(readOnly = true)
    public boolean hasATurnDue(String sessionId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM session s WHERE " + HAS_A_TURN_DUE + " AND s.session_id = ?)")
                .params(Timestamp.from(clock.instant()), sessionId).query(Boolean.class).single();
    }

    /**
     * Takes the agent's turn on the session's new events; returns how many plans it recorded.
     * {@code exchange}: the agent-turn route's, whose span is marked as the session's agent turn.
     */
    @Transactional
    public int take(String sessionId, Exchange exchange) {
        SessionRecord session = sessions.find(sessionId).orElseThrow();
        ConversationSpans.mark(exchange, ConversationSpans.Stage.AGENT, sessionId, session.customerId());
        if (customerLock.lockSurvivorUnlessHeld(session.customerId()).isEmpty()) {
            // another turn has it, or a writer whose commit wakes the agent again: nothing is lost
            // by not waiting, and the sweep (hub.agent.poll-period) is the net under both
            return 0;
        }
        long cursor = jdbc.sql("SELECT agent_seq FROM session WHERE session_id = ?").param(sessionId)
                .query(Long.class).single();
        Set<Long> parked = failures.parked(sessionId);
        int plans = 0;
        long handled = cursor;
        while (true) {
            List<SessionEvent> events = sessions.events(sessionId);
            long after = handled;
            Optional<SessionEvent> next = events.stream()
                    .filter(event -> isTrigger(sessionId, event) && event.seq() > after && !parked.contains(event.seq()))
                    .findFirst();
            if (next.isEmpty()) {
                break;
            }
            SessionEvent event = next.get();
            // the context is the session as it stands, but for the triggers still to come: a tool's
            // answer counts from its own event on, so exactly one event completes a stage
            List<SessionEvent> known = events.stream()
                    .filter(e -> !(isTrigger(sessionId, e) && e.seq() > event.seq())).toList();
            try {
                AgentContext context = context(sessions.find(sessionId).orElseThrow(), known);
                // a policy that throws (a model's client, a bug) fails the turn like any other cause: it is
                // tried again with backoff, then parked and handed to a person once (TurnFailures)
                Plan plan = policy.decide(context, event);
                if (!plan.isEmpty()) {
                    recorder.record(context, event, plan, policy.name());
                    plans++;
                }
            } catch (RuntimeException e) {
                throw new TurnFailedException(sessionId, event.seq(), e);
            }
            handled = event.seq();
        }
        jdbc.sql("UPDATE session SET agent_seq = last_seq WHERE session_id = ?").param(sessionId).update();
        failures.settled(sessionId);
        return plans;
    }

    private static boolean isTrigger(String sessionId, SessionEvent event) {
        return sessionId.equals(event.sessionId()) && TRIGGERS.contains(event.type()) && !event.sentByAMachine();
    }

    private AgentContext context(SessionRecord session, List<SessionEvent> upToEvent) {
        CustomerView customer = customers.get(session.customerId());
        List<ActionView> actions = ledger.ofSession(session.sessionId());
        return new AgentContext(session, customer, upToEvent, actions, memoryReader.read(upToEvent, actions),
                zoneOf(customer), clock.instant());
    }

    private ZoneId zoneOf(CustomerView customer) {
        try {
            return customer.timeZone() == null || customer.timeZone().isBlank() ? properties.defaultTimeZone()
                    : ZoneId.of(customer.timeZone());
        } catch (DateTimeException e) {
            return properties.defaultTimeZone();
        }
    }
}
