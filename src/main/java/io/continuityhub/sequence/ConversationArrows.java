package io.continuityhub.sequence;

import io.continuityhub.kernel.Redact;
import io.continuityhub.session.SessionEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The conversation itself: what the customer and the carrier said, what the agent made of it and answered. */
@Component
class ConversationArrows implements EventArrows {

    private final ParticipantDirectory participants;

    ConversationArrows(ParticipantDirectory participants) {
        this.participants = participants;
    }

    @Override
    public Set<String> types() {
        return Set.of("customer_message", "agent_reply", "agent_decided", "carrier_scan");
    }

    @Override
    public void draw(SessionEvent event, Drawing drawing) {
        switch (event.type()) {
            case "customer_message" -> customerMessage(event, drawing);
            case "agent_reply" -> agentReply(event, drawing);
            case "agent_decided" -> agentDecided(event, drawing);
            case "carrier_scan" -> carrierScan(event, drawing);
            default -> throw new IllegalArgumentException("not a conversation event: " + event.type());
        }
    }

    /** Customer → channel → hub; the hub's arrow names the handle only in its redacted form. */
    private void customerMessage(SessionEvent event, Drawing drawing) {
        MermaidSequence diagram = drawing.diagram();
        String label = drawing.stamp(event) + " " + textOf(event);
        if (event.channel() == null) {
            diagram.message(Participant.CUSTOMER, Arrow.CALL, Participant.HUB, label);
            return;
        }
        Participant channel = participants.channel(event.channel());
        String handle = Payload.handle(event);
        diagram.message(Participant.CUSTOMER, Arrow.CALL, channel, label);
        diagram.message(channel, Arrow.CALL, Participant.HUB, handle == null ? "message" : "from " + Redact.handle(handle));
    }

    /**
     * The hub's answer onto its channel. A reply the hub sends itself reaches the customer when its
     * send succeeds (drawn then, see {@link ActionArrows}: it may be scheduled for the morning); a
     * reply handed to a touchpoint (no idempotency key: a voice agent says it) reaches them now.
     */
    private void agentReply(SessionEvent event, Drawing drawing) {
        MermaidSequence diagram = drawing.diagram();
        String askedFor = Payload.text(event, "askedFor");
        String label = drawing.stamp(event) + " " + (askedFor == null ? "" : "asks for " + askedFor + ": ") + textOf(event);
        if (event.channel() == null) {
            diagram.message(Participant.HUB, Arrow.ANSWER, Participant.CUSTOMER, label);
            return;
        }
        Participant channel = participants.channel(event.channel());
        diagram.message(Participant.HUB, Arrow.ANSWER, channel, label);
        String scheduledFor = Payload.text(event, "scheduledFor");
        if (scheduledFor != null) {
            diagram.note(Participant.HUB, channel, "scheduled for " + readableInstant(scheduledFor));
        }
        if (Payload.text(event, "idempotencyKey") == null) {
            diagram.message(channel, Arrow.ANSWER, Participant.CUSTOMER, "handed to the " + channel.label() + " touchpoint");
        }
    }

    private void agentDecided(SessionEvent event, Drawing drawing) {
        StringBuilder label = new StringBuilder(drawing.stamp(event)).append(" decided ")
                .append(orElse(Payload.text(event, "intent"), "?"));
        String policy = Payload.text(event, "policy");
        if (policy != null) {
            label.append(" (").append(policy).append(')');
        }
        List<String> planned = Payload.texts(event, "plannedActions");
        if (!planned.isEmpty()) {
            label.append(", plans ").append(planned.size()).append(planned.size() == 1 ? " action" : " actions");
        }
        List<String> context = Payload.texts(event, "context");
        if (!context.isEmpty()) {
            label.append(", knew: ").append(String.join(", ", context));
        }
        drawing.diagram().note(Participant.HUB, label.toString());
    }

    private void carrierScan(SessionEvent event, Drawing drawing) {
        StringBuilder label = new StringBuilder(drawing.stamp(event)).append(" scan ")
                .append(orElse(Payload.text(event, "status"), "update"));
        String orderId = Payload.text(event, "orderId");
        if (orderId != null) {
            label.append(", order ").append(orderId);
        }
        String tracking = Payload.text(event, "trackingCode");
        if (tracking != null) {
            label.append(", ").append(tracking);
        }
        String previous = Payload.text(event, "previousTrackingCode");
        if (previous != null && !previous.equals(tracking)) {
            label.append(" (was ").append(previous).append(')');
        }
        drawing.diagram().message(participants.channel("carrier"), Arrow.CALL, Participant.HUB, label.toString());
    }

    private static String textOf(SessionEvent event) {
        return orElse(Payload.text(event, "text"), orElse(event.summary(), ""));
    }

    private static String readableInstant(String iso) {
        try {
            return TimeLabels.absolute(Instant.parse(iso));
        } catch (DateTimeParseException notAnInstant) {
            return iso;
        }
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
