package io.continuityhub.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an erasure did, as {@code DELETE /api/v1/customers/{customerId}} answers it. No personal
 * data: customer ids and counts.
 *
 * @param erasedAt            when the person was first erased (a repeat keeps that time)
 * @param alreadyErased       true for a repeated request: it found the person erased and only
 *                            cleaned what may have come since (normally nothing: every count 0)
 * @param customers           every customer of the person that was erased: the one named, the
 *                            one it was merged into and every customer merged into that one
 * @param rows                per table, the rows this request deleted or redacted
 * @param withdrawnActions    actions not yet run (or in flight) that will never be sent
 * @param closedSessions      sessions closed (open or absorbed ones)
 * @param resolvedEscalations escalations that were open or claimed and are now resolved
 */
public record ErasureReport(String erasureId, String customerId, Instant erasedAt, boolean alreadyErased,
                            String requestedBy, List<String> customers, Map<String, Integer> rows, int withdrawnActions,
                            int closedSessions, int resolvedEscalations) {
}
