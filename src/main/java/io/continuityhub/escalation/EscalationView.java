package io.continuityhub.escalation;

import java.time.Instant;
import java.util.Map;

/** An escalation as API.md shows it, with who holds it. */
public record EscalationView(String escalationId, String customerId, String sessionId, String reason, Instant openedAt,
                             String status, Map<String, Object> context, String claimedBy, Instant claimedAt,
                             String resolvedBy, Instant resolvedAt, String resolution) {
}
