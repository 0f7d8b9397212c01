package io.continuityhub.session;

import java.time.Instant;
import java.util.Map;

/** One entry of a session's append-only log. {@code sessionId} differs from the read session's for merged-in history. */
public record SessionEvent(String sessionId, long seq, Instant at, String channel, String type, String actor,
                           String summary, Map<String, Object> payload) {
}
