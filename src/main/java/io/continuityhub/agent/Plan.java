package io.continuityhub.agent;

import io.continuityhub.session.SessionPatch;
import java.util.ArrayList;
import java.util.List;

/**
 * What a policy decided for one event: replies, tool actions, a change of the session record, a
 * shipment to watch, and whether a person must take over. {@code intent} and {@code context}
 * explain the decision in the session's log and its sequence diagram.
 */
public record Plan(String intent, List<String> context, List<Reply> replies, List<PlannedAction> actions,
                   SessionPatch patch, ShipmentWatch watch, String escalation) {

    /** A shipment whose carrier scans should land in this session. */
    public record ShipmentWatch(String orderId, String carrier, String trackingCode) {
    }

    public static Plan nothing() {
        return new Plan(null, List.of(), List.of(), List.of(), null, null, null);
    }

    public static Plan of(String intent, List<String> context) {
        return new Plan(intent, List.copyOf(context), List.of(), List.of(), null, null, null);
    }

    public boolean isEmpty() {
        return replies.isEmpty() && actions.isEmpty() && patch == null && watch == null && escalation == null;
    }

    public Plan reply(Reply reply) {
        List<Reply> more = new ArrayList<>(replies);
        more.add(reply);
        return new Plan(intent, context, List.copyOf(more), actions, patch, watch, escalation);
    }

    public Plan act(PlannedAction action) {
        List<PlannedAction> more = new ArrayList<>(actions);
        more.add(action);
        return new Plan(intent, context, replies, List.copyOf(more), patch, watch, escalation);
    }

    public Plan record(SessionPatch change) {
        return new Plan(intent, context, replies, actions, change, watch, escalation);
    }

    public Plan watching(ShipmentWatch shipment) {
        return new Plan(intent, context, replies, actions, patch, shipment, escalation);
    }

    public Plan escalating(String reason) {
        return new Plan(intent, context, replies, actions, patch, watch, reason);
    }
}
