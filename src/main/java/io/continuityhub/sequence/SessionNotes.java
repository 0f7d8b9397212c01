package io.continuityhub.sequence;

import io.continuityhub.session.SessionEvent;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * What happens to the session itself, as notes on the hub. Of a record update only the state and
 * the next action are shown: the issue and the last action repeat what the arrows already say.
 */
@Component
class SessionNotes implements EventArrows {

    @Override
    public Set<String> types() {
        return Set.of("record_updated", "session_expired", "customer_merged", "customer_unmerged");
    }

    @Override
    public void draw(SessionEvent event, Drawing drawing) {
        if (!"record_updated".equals(event.type())) {
            drawing.diagram().note(Participant.HUB, drawing.stamp(event) + " " + event.summary());
            return;
        }
        String state = Payload.text(event, "state");
        String next = Payload.text(event, "nextAction");
        if (state == null && next == null) {
            return;
        }
        StringBuilder label = new StringBuilder(drawing.stamp(event));
        if (state != null) {
            label.append(" state ").append(state);
        }
        if (next != null) {
            label.append(state == null ? " next: " : ", next: ").append(next);
        }
        drawing.diagram().note(Participant.HUB, label.toString());
    }

    /** An event type this diagram does not know yet: shown by its summary, never a failure. */
    void drawUnlisted(SessionEvent event, Drawing drawing) {
        String summary = event.summary() == null ? "" : ": " + event.summary();
        drawing.diagram().note(Participant.HUB, drawing.stamp(event) + " " + event.type() + summary);
    }
}
