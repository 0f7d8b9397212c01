package io.continuityhub.sequence;

import io.continuityhub.session.SessionEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Finds the seams in a session's event log (see {@link Seam} for the kinds). */
@Component
class SeamDetector {

    private final SequenceProperties properties;
    private final ParticipantDirectory participants;

    SeamDetector(SequenceProperties properties, ParticipantDirectory participants) {
        this.properties = properties;
        this.participants = participants;
    }

    /** The seams in log order. */
    List<Seam> detect(List<SessionEvent> events) {
        List<Seam> seams = new ArrayList<>();
        seams.addAll(contextLost(events));
        seams.addAll(unkeyedCalls(events));
        seams.sort((a, b) -> Integer.compare(a.eventIndex(), b.eventIndex()));
        return seams;
    }

    /**
     * A customer message on a channel the customer had not used earlier in the session (once they
     * had written at all), whose next reply used nothing the session knew or asked for something
     * again. The seam sits on that reply: it is where the customer had to repeat themselves.
     */
    private List<Seam> contextLost(List<SessionEvent> events) {
        List<Seam> seams = new ArrayList<>();
        Set<String> channelsUsed = new HashSet<>();
        Set<Integer> repliesFlagged = new HashSet<>();
        boolean customerWrote = false;
        for (int i = 0; i < events.size(); i++) {
            SessionEvent message = events.get(i);
            if (!"customer_message".equals(message.type())) {
                continue;
            }
            boolean newChannel = message.channel() != null && !channelsUsed.contains(message.channel());
            if (customerWrote && newChannel) {
                int reply = nextReply(events, i);
                if (reply >= 0 && answeredWithoutContext(events.get(reply)) && repliesFlagged.add(reply)) {
                    seams.add(contextLostAt(reply, events.get(reply), message));
                }
            }
            customerWrote = true;
            if (message.channel() != null) {
                channelsUsed.add(message.channel());
            }
        }
        return seams;
    }

    /** A reply that does not say what it used counts as using nothing: it cannot show it kept the thread. */
    private static boolean answeredWithoutContext(SessionEvent reply) {
        return Payload.texts(reply, "context").isEmpty() || Payload.text(reply, "askedFor") != null;
    }

    private Seam contextLostAt(int index, SessionEvent reply, SessionEvent message) {
        String channel = participants.channel(message.channel()).label();
        String askedFor = Payload.text(reply, "askedFor");
        String text = "first " + channel + " message (seq " + message.seq() + ") answered without the session's context"
                + (askedFor == null ? "" : "; asked the customer for " + askedFor + " again");
        return new Seam(index, reply.seq(), Seam.CONTEXT_LOST, text);
    }

    private static int nextReply(List<SessionEvent> events, int after) {
        for (int i = after + 1; i < events.size(); i++) {
            if ("agent_reply".equals(events.get(i).type())) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Action events of a state-changing tool without an idempotency key. A call's queued event and
     * its outcome are one call: flagged once.
     */
    private List<Seam> unkeyedCalls(List<SessionEvent> events) {
        List<Seam> seams = new ArrayList<>();
        Map<String, Integer> flaggedAndOpen = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            SessionEvent event = events.get(i);
            if (!ActionArrows.TYPES.contains(event.type()) || Payload.text(event, "idempotencyKey") != null) {
                continue;
            }
            String tool = Payload.text(event, "tool");
            if (tool != null && properties.readOnlyTools().contains(tool)) {
                continue;
            }
            String step = Payload.text(event, "step");
            String call = tool + (step == null ? "" : "/" + step);
            if (ActionArrows.QUEUED.equals(event.type())) {
                flaggedAndOpen.merge(call, 1, Integer::sum);
            } else if (flaggedAndOpen.getOrDefault(call, 0) > 0) {
                flaggedAndOpen.merge(call, -1, Integer::sum);
                continue;
            }
            seams.add(new Seam(i, event.seq(), Seam.NO_IDEMPOTENCY_KEY,
                    call + " changes state without an idempotency key: a retry could do it twice"));
        }
        return seams;
    }
}
