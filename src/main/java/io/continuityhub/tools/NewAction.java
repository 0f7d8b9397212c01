package io.continuityhub.tools;

import java.util.Map;

/** An action to record. The key must be recomputable from session id + action + step on replay. */
public record NewAction(String idempotencyKey, String customerId, String sessionId, String tool, String step,
                        Map<String, Object> request) {

    /** The key of {@code step} of {@code action} in {@code sessionId}: the same inputs give the same key. */
    public static String key(String sessionId, String action, String step) {
        return sessionId + ":" + action + ":" + step;
    }
}
