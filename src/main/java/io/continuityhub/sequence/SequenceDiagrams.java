package io.continuityhub.sequence;

import io.continuityhub.session.SessionEvent;
import io.continuityhub.session.SessionStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Draws a session's event log (merged-in history included) as a sequence diagram and marks its seams. */
@Service
public class SequenceDiagrams {

    private final SessionStore sessions;
    private final SeamDetector seamDetector;
    private final List<EventArrows> arrows;
    private final SessionNotes sessionNotes;
    private final SequenceProperties properties;
    private final Map<String, EventArrows> arrowsByType = new HashMap<>();

    SequenceDiagrams(SessionStore sessions, SeamDetector seamDetector, List<EventArrows> arrows, SessionNotes sessionNotes,
                     SequenceProperties properties) {
        this.sessions = sessions;
        this.seamDetector = seamDetector;
        this.arrows = arrows;
        this.sessionNotes = sessionNotes;
        this.properties = properties;
        for (EventArrows drawer : arrows) {
            drawer.types().forEach(type -> {
                EventArrows before = arrowsByType.putIfAbsent(type, drawer);
                if (before != null) {
                    throw new IllegalStateException(type + " is drawn by both " + before.getClass().getSimpleName()
                            + " and " + drawer.getClass().getSimpleName());
                }
            });
        }
    }

    /** The session's diagram; 404 (as the events endpoint) for an unknown session. */
    public SessionSequence draw(String sessionId) {
        List<SessionEvent> events = sessions.events(sessionId);
        List<Seam> seams = seamDetector.detect(events);
        Instant start = events.isEmpty() ? null : events.get(0).at();
        MermaidSequence diagram = new MermaidSequence(title(sessionId, start), properties.labelChars());
        Drawing drawing = new Drawing(diagram, new TimeLabels(start));
        int nextSeam = 0;
        for (int i = 0; i < events.size(); i++) {
            SessionEvent event = events.get(i);
            EventArrows drawer = arrowsByType.get(event.type());
            if (drawer == null) {
                sessionNotes.drawUnlisted(event, drawing);
            } else {
                drawer.draw(event, drawing);
            }
            for (; nextSeam < seams.size() && seams.get(nextSeam).eventIndex() == i; nextSeam++) {
                diagram.seam(seams.get(nextSeam).message());
            }
        }
        arrows.forEach(drawer -> drawer.finish(events, drawing));
        return new SessionSequence(sessionId, diagram.text(), seams);
    }

    private static String title(String sessionId, Instant start) {
        return "Session " + sessionId + (start == null ? "" : " from " + TimeLabels.day(start)) + ", times in UTC";
    }
}
