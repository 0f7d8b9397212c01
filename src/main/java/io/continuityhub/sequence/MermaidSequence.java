package io.continuityhub.sequence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Mermaid {@code sequenceDiagram} being written. Every text that goes in is escaped here, so no
 * caller can forget it, and shortened to the configured label length so one long mail does not
 * stretch the whole diagram. Lifelines are declared by rank, in the order they were first used
 * among equals, once the body is known.
 */
final class MermaidSequence {

    static final String SEAM_MARK = "⚠ seam: ";

    private final String title;
    private final int labelChars;
    private final Map<String, Participant> lifelines = new LinkedHashMap<>();
    private final List<String> statements = new ArrayList<>();

    MermaidSequence(String title, int labelChars) {
        this.title = title;
        this.labelChars = labelChars;
        use(Participant.HUB); // every session is about the hub, even one that has only just opened
    }

    void message(Participant from, Arrow arrow, Participant to, String label) {
        statements.add(use(from) + arrow.mermaid() + use(to) + ": " + label(label));
    }

    void note(Participant over, String text) {
        statements.add("Note over " + use(over) + ": " + label(text));
    }

    /** A note spanning two lifelines. */
    void note(Participant from, Participant to, String text) {
        if (from.equals(to)) {
            note(from, text);
            return;
        }
        statements.add("Note over " + use(from) + "," + use(to) + ": " + label(text));
    }

    /** A seam is never shortened: the note is the point of the diagram. */
    void seam(String message) {
        statements.add("Note over " + use(Participant.HUB) + ": " + MermaidText.escape(SEAM_MARK + message));
    }

    String text() {
        StringBuilder text = new StringBuilder("sequenceDiagram\n");
        if (title != null) {
            text.append("    title ").append(MermaidText.escape(title)).append('\n');
        }
        lifelines.values().stream().sorted(Comparator.comparingInt(Participant::rank))
                .forEach(p -> text.append("    ").append(declaration(p)).append('\n'));
        statements.forEach(statement -> text.append("    ").append(statement).append('\n'));
        return text.toString();
    }

    private String use(Participant participant) {
        lifelines.putIfAbsent(participant.id(), participant);
        return participant.id();
    }

    private String label(String text) {
        String label = MermaidText.escape(MermaidText.shorten(text, labelChars));
        return label.isBlank() ? "-" : label;
    }

    private static String declaration(Participant participant) {
        String kind = participant.equals(Participant.CUSTOMER) ? "actor " : "participant ";
        return kind + participant.id()
                + (participant.id().equals(participant.label()) ? "" : " as " + MermaidText.escape(participant.label()));
    }
}
