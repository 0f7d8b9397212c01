package io.continuityhub.identity;

/** Published inside the unmerge's transaction: {@code sourceId} is its own customer again. */
public record CustomersUnmerged(String mergeId, String sourceId, String survivorId) {
}
