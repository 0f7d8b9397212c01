package io.continuityhub.tools;

/**
 * Published, inside the verdict's transaction, whenever the ledger records how an action ended
 * or why it waits; the escalation side listens (outage notices, SLA, people taking over).
 *
 * @param kind DELAYED_BY_OUTAGE (retry later, the system is down), RECOVERED (succeeded),
 *             FAILED (refused for good, or out of attempts), UNKNOWN (may have happened)
 */
public record ActionVerdict(Kind kind, Action action, String error) {

    public enum Kind { DELAYED_BY_OUTAGE, RECOVERED, FAILED, UNKNOWN }
}
