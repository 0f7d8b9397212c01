package io.continuityhub.sequence;

import io.continuityhub.session.SessionEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Tool calls from the action ledger's events. A call is drawn once, when its outcome is known:
 * drawn at {@code action_queued} it would show a follow-up scheduled for the morning as made at
 * night. What never got an outcome is listed at the end as still queued.
 */
@Component
class ActionArrows implements EventArrows {

    static final String QUEUED = "action_queued";
    static final String SUCCEEDED = "action_succeeded";
    static final String FAILED = "action_failed";
    static final String UNKNOWN = "action_unknown";
    static final Set<String> TYPES = Set.of(QUEUED, SUCCEEDED, FAILED, UNKNOWN);
    static final String COMPENSATION_PREFIX = "compensate";

    private final ParticipantDirectory participants;

    ActionArrows(ParticipantDirectory participants) {
        this.participants = participants;
    }

    @Override
    public Set<String> types() {
        return TYPES;
    }

    @Override
    public void draw(SessionEvent event, Drawing drawing) {
        if (QUEUED.equals(event.type())) {
            return;
        }
        String tool = String.valueOf(Payload.text(event, "tool"));
        Participant target = participants.tool(tool);
        MermaidSequence diagram = drawing.diagram();
        String call = drawing.stamp(event) + " " + callOf(event);
        if (SUCCEEDED.equals(event.type()) && participants.messagesCustomer(tool)) {
            // the channel delivered what the hub had to say: the reply drawn earlier reaches the customer now
            diagram.message(target, Arrow.ANSWER, Participant.CUSTOMER, call + " sent" + suffix(Payload.text(event, "providerRef")));
            return;
        }
        diagram.message(Participant.HUB, Arrow.CALL, target, call);
        switch (event.type()) {
            case SUCCEEDED -> diagram.message(target, Arrow.ANSWER, Participant.HUB, "ok" + suffix(Payload.text(event, "providerRef")));
            case FAILED -> diagram.message(target, Arrow.FAILED, Participant.HUB, "failed" + detail(event));
            default -> diagram.message(target, Arrow.FAILED, Participant.HUB, "outcome unknown" + detail(event));
        }
    }

    /** Calls queued and never answered by the end of the log: still waiting (a retry, a schedule, an outage). */
    @Override
    public void finish(List<SessionEvent> events, Drawing drawing) {
        Map<String, SessionEvent> waiting = new LinkedHashMap<>();
        for (SessionEvent event : events) {
            String key = Payload.text(event, "idempotencyKey");
            if (key == null || !TYPES.contains(event.type())) {
                continue;
            }
            if (QUEUED.equals(event.type())) {
                waiting.putIfAbsent(key, event);
            } else {
                waiting.remove(key);
            }
        }
        waiting.values().forEach(queued -> drawing.diagram().note(Participant.HUB,
                participants.tool(String.valueOf(Payload.text(queued, "tool"))),
                "still queued: " + callOf(queued) + " (since " + TimeLabels.absolute(queued.at()) + ")"));
    }

    /** {@code salesforce-case/open key case:open}; a compensation says so first, so it stands out. */
    private static String callOf(SessionEvent event) {
        String step = Payload.text(event, "step");
        String call = Payload.text(event, "tool") + (step == null ? "" : "/" + step);
        String key = Payload.text(event, "idempotencyKey");
        boolean compensation = step != null && step.startsWith(COMPENSATION_PREFIX);
        return (compensation ? "compensate: " : "") + call + (key == null ? " (no key)" : " key " + withoutSession(key));
    }

    /** Keys are {@code <sessionId>:<action>:<step>}; the session is the diagram's own, so it is left out. */
    private static String withoutSession(String key) {
        int colon = key.indexOf(':');
        return key.startsWith("sess-") && colon > 0 ? key.substring(colon + 1) : key;
    }

    private static String detail(SessionEvent event) {
        String error = Payload.text(event, "error");
        return error == null ? "" : ": " + error;
    }

    private static String suffix(String providerRef) {
        return providerRef == null ? "" : " " + providerRef;
    }
}
