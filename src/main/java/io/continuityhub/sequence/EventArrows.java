package io.continuityhub.sequence;

import io.continuityhub.session.SessionEvent;
import java.util.List;
import java.util.Set;

/** Draws the session events of some types of the event vocabulary. */
interface EventArrows {

    Set<String> types();

    void draw(SessionEvent event, Drawing drawing);

    /** After the last event: for what is still open at the end of the log. */
    default void finish(List<SessionEvent> events, Drawing drawing) {
    }
}
