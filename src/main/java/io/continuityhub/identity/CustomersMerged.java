package io.continuityhub.identity;

/** Published inside the merge's transaction: {@code sourceId} now stands for {@code survivorId}. */
public record CustomersMerged(String mergeId, String sourceId, String survivorId) {
}
