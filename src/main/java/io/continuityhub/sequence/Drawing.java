package io.continuityhub.sequence;

import io.continuityhub.session.SessionEvent;

/** One diagram being drawn: where the arrows go, and the time stamps they carry. */
final class Drawing {

    private final MermaidSequence diagram;
    private final TimeLabels times;

    Drawing(MermaidSequence diagram, TimeLabels times) {
        this.diagram = diagram;
        this.times = times;
    }

    MermaidSequence diagram() {
        return diagram;
    }

    /** The event's stamp; ask only for a stamp that is drawn, as a stamp shows the date when it changed since the last one. */
    String stamp(SessionEvent event) {
        return times.next(event.at());
    }
}
