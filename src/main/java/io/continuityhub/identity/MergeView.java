package io.continuityhub.identity;

import java.time.Instant;

/** A merge as the API shows it; {@code unmergedAt} is set once it has been reversed. */
public record MergeView(String mergeId, String sourceCustomerId, String targetCustomerId, String reason,
                        String mergedBy, Instant mergedAt, String unmergedBy, Instant unmergedAt) {
}
