package io.continuityhub.agent;

import io.continuityhub.tools.NewAction;
import java.time.Instant;
import java.util.Map;

/**
 * A tool call the agent decided on. {@code stage} groups the calls that make one promise to the
 * customer (everything in a stage must succeed before the customer hears it is done); the action's
 * idempotency key is {@code sessionId:stage:step}, so a decision taken again finds the same row.
 *
 * @param notBefore when it is due; null for now
 */
public record PlannedAction(String stage, String step, String tool, Map<String, Object> request, Instant notBefore) {

    public static PlannedAction now(String stage, String step, String tool, Map<String, Object> request) {
        return new PlannedAction(stage, step, tool, request, null);
    }

    public String key(String sessionId) {
        return NewAction.key(sessionId, stage, step);
    }
}
