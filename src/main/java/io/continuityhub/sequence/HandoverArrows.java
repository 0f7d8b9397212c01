package io.continuityhub.sequence;

import io.continuityhub.session.SessionEvent;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The case going to a person and coming back. A person's reply is drawn as it reaches the hub;
 * its send is a ledger action (step {@code human-reply}) and reaches the customer when it succeeds.
 */
@Component
class HandoverArrows implements EventArrows {

    @Override
    public Set<String> types() {
        return Set.of("escalated", "escalation_claimed", "human_reply", "escalation_resolved");
    }

    @Override
    public void draw(SessionEvent event, Drawing drawing) {
        MermaidSequence diagram = drawing.diagram();
        String stamp = drawing.stamp(event);
        switch (event.type()) {
            case "escalated" -> {
                String reason = Payload.text(event, "reason");
                diagram.message(Participant.HUB, Arrow.CALL, Participant.HUMAN_QUEUE, stamp + " " + (reason == null ? event.summary() : reason));
            }
            case "escalation_claimed" -> diagram.note(Participant.HUMAN_QUEUE, stamp + " " + event.summary());
            case "human_reply" -> diagram.message(Participant.HUMAN_QUEUE, Arrow.CALL, Participant.HUB, stamp + " " + event.summary());
            case "escalation_resolved" -> diagram.message(Participant.HUMAN_QUEUE, Arrow.ANSWER, Participant.HUB, stamp + " " + event.summary());
            default -> throw new IllegalArgumentException("not a handover event: " + event.type());
        }
    }
}
