package io.continuityhub.agent;

import io.continuityhub.channel.reply.CustomerMessenger;
import io.continuityhub.channel.carrier.CarrierEvents;
import io.continuityhub.channel.email.EmailReplies;
import io.continuityhub.session.EscalationRequest;
import io.continuityhub.session.Handoffs;
import io.continuityhub.session.NewSessionEvent;
import io.continuityhub.session.SessionEvent;
import io.continuityhub.session.SessionPatch;
import io.continuityhub.session.SessionRecord;
import io.continuityhub.session.SessionStore;
import io.continuityhub.tools.ActionLedger;
import io.continuityhub.tools.ActionView;
import io.continuityhub.tools.NewAction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes a plan durable inside the turn's transaction: the decision as an event, every tool call and
 * every reply as a ledger action (keyed {@code sessionId:stage:step}, replies by the event they
 * answer), the shipment watch, the escalation, and the session record's change. A reply on a
 * channel the hub cannot send on (voice, chat, in person) is handed to that touchpoint as an
 * {@code agent_reply} event, which its system reads from the session's events.
 */
@Component
class PlanRecorder {

    private final SessionStore sessions;
    private final ActionLedger ledger;
    private final CustomerMessenger messenger;
    private final CarrierEvents carrierEvents;
    private final Handoffs handoffs;

    PlanRecorder(SessionStore sessions, ActionLedger ledger, CustomerMessenger messenger, CarrierEvents carrierEvents,
                 Handoffs handoffs) {
        this.sessions = sessions;
        this.ledger = ledger;
        this.messenger = messenger;
        this.carrierEvents = carrierEvents;
        this.handoffs = handoffs;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(AgentContext context, SessionEvent event, Plan plan, String policy) {
        String customerId = context.session().customerId();
        String sessionId = context.sessionId();
        List<String> keys = plan.actions().stream().map(action -> action.key(sessionId)).toList();
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("intent", plan.intent());
        decision.put("policy", policy);
        decision.put("inResponseToSeq", event.seq());
        decision.put("context", plan.context());
        decision.put("plannedActions", keys);
        sessions.append(customerId, new NewSessionEvent(null, null, "agent_decided", "agent",
                "decided: " + plan.intent(), decision));
        for (PlannedAction action : plan.actions()) {
            ledger.record(new NewAction(action.key(sessionId), customerId, sessionId, action.tool(), action.step(),
                    action.request()), action.notBefore());
        }
        for (Reply reply : plan.replies()) {
            reply(context, event, reply);
        }
        if (plan.watch() != null) {
            carrierEvents.startWatching(customerId, sessionId, plan.watch().orderId(), plan.watch().carrier(),
                    plan.watch().trackingCode());
        }
        if (plan.escalation() != null) {
            handoffs.handOver(new EscalationRequest(customerId, sessionId, plan.escalation(),
                    "agent:" + sessionId + ":" + event.seq(), null, null));
        }
        if (plan.patch() != null) {
            SessionRecord current = sessions.find(sessionId).orElseThrow();
            sessions.update(sessionId, current.version(), ownedPatch(current, plan.patch()), "agent");
        }
    }

    /**
     * One owner at a time: once a person has the session, a turn on an earlier event must not
     * take it back. The agent's record of what it did stands; the state and what comes next stay
     * the person's until they resolve it.
     */
    private static SessionPatch ownedPatch(SessionRecord current, SessionPatch patch) {
        return current.heldByAPerson() ? new SessionPatch(patch.issue(), null, patch.lastAction(), null) : patch;
    }

    private void reply(AgentContext context, SessionEvent event, Reply reply) {
        String customerId = context.session().customerId();
        String sessionId = context.sessionId();
        String key = NewAction.key(sessionId, "turn-" + event.seq(), reply.step());
        Optional<ActionView> sent = switch (reply.route()) {
            case EMAIL -> context.verifiedEmail().map(address -> ledger.record(new NewAction(key, customerId, sessionId,
                    EmailReplies.TOOL, reply.step(), Map.of("to", address, "subject", reply.subject(), "text", reply.text())),
                    reply.notBefore()));
            case LAST_CHANNEL -> messenger.tellIfReachable(customerId, sessionId, key, reply.step(), reply.text(),
                    reply.notBefore());
        };
        String channel = sent.map(action -> EmailReplies.TOOL.equals(action.tool()) ? "email" : "whatsapp")
                .orElse(context.memory().lastCustomerChannel());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", reply.text());
        payload.put("idempotencyKey", sent.map(ActionView::idempotencyKey).orElse(null));
        payload.put("tool", sent.map(ActionView::tool).orElse(null));
        payload.put("delivery", sent.isPresent() ? "ledger" : "touchpoint");
        payload.put("context", reply.context());
        payload.put("askedFor", reply.askedFor());
        payload.put("scheduledFor", reply.notBefore() == null ? null : reply.notBefore().toString());
        payload.put("inResponseToSeq", event.seq());
        sessions.append(customerId, new NewSessionEvent(channel, null, "agent_reply", "agent", summary(reply.text()),
                java.util.Collections.unmodifiableMap(payload)));
    }

    private static String summary(String text) {
        String line = text.replace('\n', ' ').strip();
        return line.length() <= 140 ? line : line.substring(0, 139) + "…";
    }
}
