package io.continuityhub.tools;

import java.time.Instant;
import java.util.Map;

/** An action as the ledger holds it, for the API and for tests. */
public record ActionView(String idempotencyKey, String customerId, String sessionId, String tool, String step,
                         String status, int attempts, Instant nextAttemptAt, String lastError, String providerRef,
                         String deliveryStatus, Map<String, Object> request, Map<String, Object> response,
                         Instant createdAt, Instant updatedAt) {
}
