package io.continuityhub.agent;

import io.continuityhub.session.SessionEvent;

/**
 * The agent's mind, one for every channel: given what the session holds and the event that just
 * landed in it, what to say and what to do. A policy only decides; {@link PlanRecorder} makes
 * the plan durable (ledger actions, session record, events) in the event's own turn.
 *
 * <p>The default is {@link DeterministicPolicy}. A policy must be a pure function of its inputs:
 * a turn that is taken again after a crash recomputes the same plan, and so the same keys.
 */
public interface AgentPolicy {

    /** A short name, written on every decision ("deterministic", "language-model"). */
    String name();

    /** The plan for {@code event}; {@link Plan#nothing()} when the event needs no reaction. */
    Plan decide(AgentContext context, SessionEvent event);
}
