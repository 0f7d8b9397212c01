package io.continuityhub.session;

/**
 * Hands a session to a person. The agent asks for it while it records a turn; the escalation
 * queue, a layer above the agent, is what answers, so the agent never depends on it.
 */
public interface Handoffs {

    /** Opens the case's escalation in the caller's transaction; a second request for the same case is a no-op. */
    void handOver(EscalationRequest request);
}
