package io.continuityhub.session;

import java.time.Instant;
import java.util.Map;

/** One entry of a session's append-only log. {@code sessionId} differs from the read session's for merged-in history. */
public record SessionEvent(String sessionId, long seq, Instant at, String channel, String type, String actor,
                           String summary, Map<String, Object> payload) {

    /** The attribute of a message a machine sent (an auto-reply, a delivery report): kept, never answered. */
    public static final String AUTOMATED = "automated";

    /** A customer message that no person wrote: answering it would start a mail loop. */
    public boolean sentByAMachine() {
        return payload != null && payload.get("attributes") instanceof Map<?, ?> attributes && attributes.containsKey(AUTOMATED);
    }
}
