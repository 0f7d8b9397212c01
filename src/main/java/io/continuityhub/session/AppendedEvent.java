package io.continuityhub.session;

/** Where an append landed: the session, the event's place in it and the session's new version. */
public record AppendedEvent(String customerId, String sessionId, long seq, long version) {
}
