package io.continuityhub.agent;

import io.continuityhub.session.SessionEvent;
import org.springframework.stereotype.Component;

/**
 * The default policy: rules, not a model. Customer messages are read by a
 * {@link MessageUnderstanding} (the rule-based one unless a caller brings another) and planned
 * from the session's memory; tool results keep or break their stage's promise; carrier scans
 * become the customer's tracking update.
 */
@Component
public class DeterministicPolicy implements AgentPolicy {

    public static final String NAME = "deterministic";

    private final RuleBasedUnderstanding rules;
    private final CustomerTurnPlanner customerTurns;
    private final ToolResultPlanner toolResults;
    private final CarrierScanPlanner carrierScans;

    DeterministicPolicy(RuleBasedUnderstanding rules, CustomerTurnPlanner customerTurns, ToolResultPlanner toolResults,
                        CarrierScanPlanner carrierScans) {
        this.rules = rules;
        this.customerTurns = customerTurns;
        this.toolResults = toolResults;
        this.carrierScans = carrierScans;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Plan decide(AgentContext context, SessionEvent event) {
        return decideWith(context, event, rules);
    }

    /** The same planning with another reader of customer messages (a language model's, say). */
    public Plan decideWith(AgentContext context, SessionEvent event, MessageUnderstanding reader) {
        return switch (event.type()) {
            case "customer_message" -> customerTurns.plan(context, event,
                    reader.understand(String.valueOf(event.payload().getOrDefault("text", "")), context.memory()));
            case "carrier_scan" -> carrierScans.plan(context, event);
            case "action_succeeded", "action_failed", "action_unknown" -> toolResults.plan(context, event);
            default -> Plan.nothing();
        };
    }
}
