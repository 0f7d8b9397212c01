package io.continuityhub.escalation;

import io.continuityhub.session.EscalationRequest;
import io.continuityhub.channel.reply.CustomerMessenger;
import io.continuityhub.tools.ActionLedger;
import io.continuityhub.tools.DownstreamSystems;
import io.continuityhub.tools.NewAction;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Run by the {@code downstream-sla-watch} route: a case whose action has waited on a down system
 * for longer than that system's SLA goes to a person, once, and the customer is told a person
 * will follow up. The action itself keeps retrying, so a system that comes back still finishes it.
 */
@Component
public class SlaWatch {

    private static final Logger log = LoggerFactory.getLogger(SlaWatch.class);

    private final ActionLedger ledger;
    private final DownstreamSystems systems;
    private final EscalationQueue queue;
    private final CustomerMessenger messenger;
    private final Clock clock;

    SlaWatch(ActionLedger ledger, DownstreamSystems systems, EscalationQueue queue, CustomerMessenger messenger, Clock clock) {
        this.ledger = ledger;
        this.systems = systems;
        this.queue = queue;
        this.messenger = messenger;
        this.clock = clock;
    }

    /** Returns how many cases it escalated. */
    @Transactional
    public int escalateOverdue() {
        Instant now = clock.instant();
        int escalated = 0;
        for (ActionLedger.FailingAction action : ledger.failingInSessions()) {
            String system = systems.systemOf(action.tool()).orElse(null);
            if (system == null) {
                continue;
            }
            DownstreamSystems.SystemSettings settings = systems.settings(system);
            String caseKey = "sla:" + system + ":" + action.sessionId();
            if (action.firstFailedAt().plus(settings.sla()).isAfter(now) || queue.exists(caseKey)) {
                continue;
            }
            EscalationView escalation = queue.open(new EscalationRequest(action.customerId(), action.sessionId(),
                    settings.label() + " down for longer than its SLA of " + settings.sla().toMinutes() + " minutes",
                    caseKey, action.idempotencyKey(), action.lastError()));
            tellAPersonFollowsUp(action, system, escalation);
            escalated++;
        }
        return escalated;
    }

    private void tellAPersonFollowsUp(ActionLedger.FailingAction action, String system, EscalationView escalation) {
        boolean told = messenger.tellIfReachable(action.customerId(), action.sessionId(), NewAction.key(action.sessionId(),
                        "sla-notice-" + system, escalation.escalationId()), "sla-notice",
                "This is taking longer than it should, so a person from our team is now looking after your request"
                        + " and will follow up with you here. You don't need to repeat anything.").isPresent();
        if (!told) {
            log.info("Session {} has no channel the hub can send on; the person will reach out", action.sessionId());
        }
    }
}
