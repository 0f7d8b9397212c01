package io.continuityhub.agent;

import io.continuityhub.session.SessionEvent;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The language-model policy ({@code hub.agent.policy=language-model}): a language model reads the
 * customer's messages, and everything after the reading is the deterministic policy's planning. So
 * the model decides what the customer asks, never what the hub does or says: tool calls, replies
 * and the truth of every confirmation stay those of {@link DeterministicPolicy}. When the model
 * cannot be used, the rules read the message, and the turn goes on.
 *
 * <p>The decision's context says which reader read the message, so the session's log shows when
 * the rules stood in for the model, and why.
 *
 * <p>Unlike the rules, a model may read the same message differently when a turn is taken again
 * (or be down the second time). That is safe: a turn is recorded with the session's cursor in one
 * transaction, so it is taken again only when nothing of it was kept, and the keys of its actions
 * come from order ids and event numbers, never from the model's words.
 */
@Component
public class LanguageModelPolicy implements AgentPolicy {

    public static final String NAME = "language-model";

    private final DeterministicPolicy planning;
    private final LanguageModelUnderstanding model;

    LanguageModelPolicy(DeterministicPolicy planning, LanguageModelUnderstanding model) {
        this.planning = planning;
        this.model = model;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Plan decide(AgentContext context, SessionEvent event) {
        List<LanguageModelUnderstanding.Reading> readings = new ArrayList<>(1);
        Plan plan = planning.decideWith(context, event, (text, memory) -> {
            LanguageModelUnderstanding.Reading reading = model.read(text, memory);
            readings.add(reading);
            return reading.understanding();
        });
        return readings.isEmpty() || plan.isEmpty() ? plan : explained(plan, readings.get(0));
    }

    private static Plan explained(Plan plan, LanguageModelUnderstanding.Reading reading) {
        String how = reading.byModel()
                ? "message read by the language model" + (reading.notes().isEmpty() ? ""
                        : " (dropped: " + String.join(", ", reading.notes()) + ")")
                : "message read by the rules, as " + String.join(", ", reading.notes());
        List<String> context = new ArrayList<>(plan.context());
        context.add(how);
        return new Plan(plan.intent(), List.copyOf(context), plan.replies(), plan.actions(), plan.patch(), plan.watch(),
                plan.escalation());
    }
}
