package io.continuityhub.channel;

/** The answer to an accepted (or already accepted) interaction: where it went. */
public record AcceptedInteraction(String interactionId, String customerId, String sessionId, boolean duplicate) {
}
