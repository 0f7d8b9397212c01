package io.continuityhub.sequence;

import io.continuityhub.session.SessionEvent;
import java.util.List;
import java.util.Map;

/** Reads an event's payload as the vocabulary describes it, tolerating fields that are absent or of another shape. */
final class Payload {

    private Payload() {
    }

    /** The field as text, or null when it is absent or blank. */
    static String text(SessionEvent event, String field) {
        Object value = event.payload() == null ? null : event.payload().get(field);
        if (value == null || value instanceof Map || value instanceof List) {
            return null;
        }
        String text = value.toString();
        return text.isBlank() ? null : text;
    }

    /** The field as a list of texts; empty when absent. */
    static List<String> texts(SessionEvent event, String field) {
        Object value = event.payload() == null ? null : event.payload().get(field);
        if (value instanceof List<?> list) {
            return list.stream().filter(item -> item != null).map(Object::toString).toList();
        }
        return value == null || value.toString().isBlank() ? List.of() : List.of(value.toString());
    }

    /** The handle the customer wrote from: the intake's {@code {"type","value"}} or a bare value. */
    static String handle(SessionEvent event) {
        Object value = event.payload() == null ? null : event.payload().get("handle");
        if (value instanceof Map<?, ?> handle) {
            value = handle.get("value");
        }
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
