package io.continuityhub.agent;

/** The agent's turn on one event of a session failed; its transaction was rolled back. */
class TurnFailedException extends RuntimeException {

    private final String sessionId;
    private final long seq;

    TurnFailedException(String sessionId, long seq, RuntimeException cause) {
        super("the agent's turn on event " + seq + " of " + sessionId + " failed: " + cause.getMessage(), cause);
        this.sessionId = sessionId;
        this.seq = seq;
    }

    String sessionId() {
        return sessionId;
    }

    long seq() {
        return seq;
    }
}
