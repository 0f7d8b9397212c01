package io.continuityhub.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The session as API.md shows it. {@code previousSession} carries the summary of the session
 * that expired before this one opened, so a customer returning after the TTL is not a stranger.
 */
public record SessionRecord(String sessionId, String customerId, String status, long version, List<String> channels,
                            String issue, String state, String lastAction, String nextAction,
                            Instant openedAt, Instant updatedAt, Instant expiresAt, Instant closedAt,
                            Map<String, Object> previousSession) {

    /** The state of a session a person has taken over: until they resolve it, nothing else changes it. */
    public static final String ESCALATED = "escalated";

    public boolean heldByAPerson() {
        return ESCALATED.equals(state);
    }
}
