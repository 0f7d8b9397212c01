package io.continuityhub.tools;

import io.continuityhub.kernel.ConversationSpans;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns how a tool route ended into the ledger's verdict. Used by the {@code tool-outcomes}
 * route configuration, so no tool route handles its own failures. The action being run is the
 * exchange variable {@code action}, set by the {@code run-action} route.
 */
@Component
public class ActionOutcomes {

    private static final Logger log = LoggerFactory.getLogger(ActionOutcomes.class);

    private final ActionLedger ledger;
    private final ApplicationEventPublisher verdicts;

    ActionOutcomes(ActionLedger ledger, ApplicationEventPublisher verdicts) {
        this.ledger = ledger;
        this.verdicts = verdicts;
    }

    @Transactional
    public void succeeded(Exchange exchange) {
        Action action = traced(exchange, "succeeded");
        if (withdrawn(action)) {
            return;
        }
        ledger.succeeded(action, exchange.getMessage().getBody(ToolOutcome.class));
        verdicts.publishEvent(new ActionVerdict(ActionVerdict.Kind.RECOVERED, action, null));
    }

    @Transactional
    public void retryLater(Exchange exchange) {
        Action action = traced(exchange, "retry");
        if (withdrawn(action)) {
            return;
        }
        String error = cause(exchange);
        if (exchange.getProperty(Exchange.EXCEPTION_CAUGHT) instanceof TransientRefusalException) {
            // "slow down" is no failure of the call: it costs no attempt and is no outage
            log.info("{} {} was asked to wait and will be sent again: {}", action.tool(), action.idempotencyKey(), error);
            ledger.refusedForNow(action, error);
            return;
        }
        log.info("{} {} will be retried (attempt {}): {}", action.tool(), action.idempotencyKey(), action.attempts(), error);
        if (ledger.retryLater(action, error)) {
            verdicts.publishEvent(new ActionVerdict(ActionVerdict.Kind.DELAYED_BY_OUTAGE, action, error));
        } else {
            verdicts.publishEvent(new ActionVerdict(ActionVerdict.Kind.FAILED, action, "gave up after " + action.attempts()
                    + " attempts: " + error));
        }
    }

    @Transactional
    public void failed(Exchange exchange) {
        Action action = traced(exchange, "failed");
        if (withdrawn(action)) {
            return;
        }
        String error = cause(exchange);
        log.warn("{} {} failed for good: {}", action.tool(), action.idempotencyKey(), error);
        ledger.failed(action, error);
        verdicts.publishEvent(new ActionVerdict(ActionVerdict.Kind.FAILED, action, error));
    }

    @Transactional
    public void unknown(Exchange exchange) {
        Action action = traced(exchange, "unknown");
        if (withdrawn(action)) {
            return;
        }
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        log.warn("{} {} ended with an unknown outcome; it will be reconciled, not re-sent", action.tool(),
                action.idempotencyKey(), e);
        ledger.unknown(action, cause(exchange));
        verdicts.publishEvent(new ActionVerdict(ActionVerdict.Kind.UNKNOWN, action, cause(exchange)));
    }

    /** Run by the action-lease-expiry route: actions abandoned mid-call, and the verdicts that follow. */
    @Transactional
    public int expireLeases() {
        List<Action> unknown = ledger.expireLeases();
        unknown.forEach(action -> verdicts.publishEvent(new ActionVerdict(ActionVerdict.Kind.UNKNOWN, action,
                "the dispatcher that claimed it stopped before it finished")));
        return unknown.size();
    }

    /** An action withdrawn while it ran (its customer was erased) gets no verdict, no event, no escalation. */
    private boolean withdrawn(Action action) {
        if (!ledger.withdrawn(action)) {
            return false;
        }
        log.info("{} {} was withdrawn while it ran (its customer was erased); its outcome is not recorded", action.tool(),
                action.idempotencyKey());
        return true;
    }

    /** The action, with the span of its run (the run-action route's) marked as a tool call of its session. */
    private static Action traced(Exchange exchange, String outcome) {
        Action action = action(exchange);
        ConversationSpans.mark(exchange, ConversationSpans.Stage.TOOL, action.sessionId(), action.customerId(),
                ConversationSpans.TOOL, action.tool());
        ConversationSpans.tag(exchange, ConversationSpans.OUTCOME, outcome);
        return action;
    }

    private static Action action(Exchange exchange) {
        Action action = exchange.getVariable("action", Action.class);
        if (action == null) {
            throw new IllegalStateException("run-action must set the exchange variable 'action' before calling a tool");
        }
        return action;
    }

    private static String cause(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        return e == null ? "unknown error" : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
