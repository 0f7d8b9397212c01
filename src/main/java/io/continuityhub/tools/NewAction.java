package io.continuityhub.tools;

import java.util.Map;
import java.util.OptionalLong;

/** An action to record. The key must be recomputable from session id + action + step on replay. */
public record NewAction(String idempotencyKey, String customerId, String sessionId, String tool, String step,
                        Map<String, Object> request) {

    /** The key of {@code step} of {@code action} in {@code sessionId}: the same inputs give the same key. */
    public static String key(String sessionId, String action, String step) {
        return sessionId + ":" + action + ":" + step;
    }

    private static final String TURN = "turn-";

    /** The key of a reply to the session's event {@code answeredSeq}: a replay of that turn finds it. */
    public static String replyKey(String sessionId, long answeredSeq, String step) {
        return key(sessionId, TURN + answeredSeq, step);
    }

    /** The session event a reply answers, read back from its {@link #replyKey}; empty for any other action. */
    public static OptionalLong answeredSeq(String sessionId, String idempotencyKey) {
        String prefix = sessionId + ":" + TURN;
        if (sessionId == null || idempotencyKey == null || !idempotencyKey.startsWith(prefix)) {
            return OptionalLong.empty();
        }
        int end = idempotencyKey.indexOf(':', prefix.length());
        try {
            return OptionalLong.of(Long.parseLong(idempotencyKey.substring(prefix.length(), end < 0 ? idempotencyKey.length() : end)));
        } catch (NumberFormatException notAReply) {
            return OptionalLong.empty();
        }
    }
}
