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

    static final String HOLDING_REPLY = "holding-reply";

    private final SessionStore sessions;
    private final ActionLedger ledger;
    private final CustomerMessenger messenger;
    private final CarrierEvents carrierEvents;
    private final Handoffs handoffs;
    private final AgentProperties properties;

    PlanRecorder(SessionStore sessions, ActionLedger ledger, CustomerMessenger messenger, CarrierEvents carrierEvents,
                 Handoffs handoffs, AgentProperties properties) {
        this.sessions = sessions;
        this.ledger = ledger;
        this.messenger = messenger;
        this.carrierEvents = carrierEvents;
        this.handoffs = handoffs;
        this.properties = properties;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(AgentContext context, SessionEvent event, Plan plan, String policy) {
        String customerId = context.session().customerId();
        String sessionId = context.sessionId();
        // read under the customer's lock the turn holds: an escalation is either before this turn or after it
        SessionRecord current = sessions.find(sessionId).orElseThrow();
        List<String> keys = plan.actions().stream().map(action -> action.key(sessionId)).toList();
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("intent", plan.intent());
        decision.put("policy", policy);
        decision.put("inResponseToSeq", event.seq());
        decision.put("context", plan.context());
        if (current.heldByAPerson() && !handedOverBy(event, sessions.events(sessionId))) {
            // one owner at a time: the person decides; what the agent would have done is kept for them to read
            decision.put("plannedActions", List.of());
            decision.put("withheldWhileHeldByAPerson", Map.of("actions", keys,
                    "replies", plan.replies().stream().map(Reply::text).toList()));
            sessions.append(customerId, new NewSessionEvent(null, null, "agent_decided", "agent",
                    "held by a person: " + plan.intent(), decision));
            holdingReply(context, event);
            return;
        }
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
            SessionRecord now = sessions.find(sessionId).orElseThrow();
            sessions.update(sessionId, now.version(), ownedPatch(now, plan.patch()), "agent");
        }
    }

    /**
     * A plan that escalates hands the session over in this very turn: its own state change must
     * not take it back. The agent's record of what it did stands; the state and what comes next
     * are the person's until they resolve it.
     */
    private static SessionPatch ownedPatch(SessionRecord current, SessionPatch patch) {
        return current.heldByAPerson() ? new SessionPatch(patch.issue(), null, patch.lastAction(), null) : patch;
    }

    /**
     * Whether the person has the session because of this very verdict: one of the hub's own calls
     * failed (or may have), and that failure opened the hand-over (the first escalation since the
     * session was last handed back names its action). Then the turn is the hand-over's last word:
     * the customer hears what is true and what succeeded beside the failure is undone, as if the
     * escalation had been planned in this turn. A verdict that arrives while a person holds the
     * session for another reason is only recorded for them: they speak for the hub now.
     */
    private static boolean handedOverBy(SessionEvent event, List<SessionEvent> events) {
        Object key = event.payload().get("idempotencyKey");
        if (key == null || !("action_failed".equals(event.type()) || "action_unknown".equals(event.type()))) {
            return false;
        }
        SessionEvent firstEscalation = null;
        for (int i = events.size() - 1; i >= 0 && !"escalation_resolved".equals(events.get(i).type()); i--) {
            if ("escalated".equals(events.get(i).type())) {
                firstEscalation = events.get(i);
            }
        }
        return firstEscalation != null && key.toString().equals(firstEscalation.payload().get("failingActionKey"));
    }

    /** The one reply the agent gives while a person holds the session: to the customer's first message since. */
    private void holdingReply(AgentContext context, SessionEvent event) {
        String text = properties.holdingReply();
        if (text == null || text.isBlank() || !"customer_message".equals(event.type()) || event.sentByAMachine()) {
            return;
        }
        List<SessionEvent> events = sessions.events(context.sessionId());
        for (int i = events.size() - 1; i >= 0 && !"escalated".equals(events.get(i).type()); i--) {
            if ("agent_reply".equals(events.get(i).type())
                    && HOLDING_REPLY.equals(events.get(i).payload().get("step"))) {
                return;
            }
        }
        reply(context, event, new Reply(Reply.Route.LAST_CHANNEL, HOLDING_REPLY, text, null, null, List.of(), null));
    }

    private void reply(AgentContext context, SessionEvent event, Reply reply) {
        String customerId = context.session().customerId();
        String sessionId = context.sessionId();
        String key = NewAction.replyKey(sessionId, event.seq(), reply.step());
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
        payload.put("step", reply.step());
        sessions.append(customerId, new NewSessionEvent(channel, null, "agent_reply", "agent", summary(reply.text()),
                java.util.Collections.unmodifiableMap(payload)));
    }

    private static String summary(String text) {
        String line = text.replace('\n', ' ').strip();
        return line.length() <= 140 ? line : line.substring(0, 139) + "…";
    }
}
