package io.continuityhub.tools;

import java.util.Map;

/**
 * A state-changing call the hub has decided to make, as the dispatcher hands it to a tool route
 * ({@code direct:tool-<tool>}). {@code attempts} counts this run, so it is 1 on the first try.
 */
public record Action(String idempotencyKey, String customerId, String sessionId, String tool, String step,
                     Map<String, Object> request, int attempts) {

    public String requireText(String field) {
        Object value = request.get(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new PermanentToolException("action " + idempotencyKey + " has no '" + field + "'");
        }
        return text;
    }

    public String optionalText(String field) {
        Object value = request.get(field);
        return value instanceof String text && !text.isBlank() ? text : null;
    }
}
