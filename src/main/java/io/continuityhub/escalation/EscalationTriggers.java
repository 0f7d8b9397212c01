package io.continuityhub.escalation;

import io.continuityhub.session.EscalationRequest;
import io.continuityhub.tools.ActionVerdict;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Actions automation cannot finish become a person's case: one refused for good or out of
 * attempts, and one whose outcome is unknown (a person checks before anything is sent again).
 */
@Component
class EscalationTriggers {

    private final EscalationQueue queue;

    EscalationTriggers(EscalationQueue queue) {
        this.queue = queue;
    }

    @EventListener
    void on(ActionVerdict verdict) {
        String reason = switch (verdict.kind()) {
            case FAILED -> verdict.action().tool() + " failed: " + verdict.error();
            case UNKNOWN -> verdict.action().tool() + " may or may not have happened; check before acting again: " + verdict.error();
            default -> null;
        };
        if (reason != null) {
            queue.open(new EscalationRequest(verdict.action().customerId(), verdict.action().sessionId(), reason,
                    "action:" + verdict.action().idempotencyKey(), verdict.action().idempotencyKey(), verdict.error()));
        }
    }
}
