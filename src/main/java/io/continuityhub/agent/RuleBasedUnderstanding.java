package io.continuityhub.agent;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The default reader of customer messages: keyword patterns per intent, order ids by shape, and
 * an option picked from those the session has offered. Deterministic, so the same message in the
 * same session is always read the same way.
 */
@Component
public class RuleBasedUnderstanding implements MessageUnderstanding {

    private static final Map<Intent, Pattern> INTENTS = Map.of(
            Intent.WHERE_IS_ORDER, words("where('?s| is)? my", "where is", "status", "track(ing)?", "any news", "update on",
                    "when will", "has(n'?t| not) (arrived|come)", "not (arrived|here) yet", "still waiting"),
            Intent.DELIVERY_PROBLEM, words("late", "delay(ed)?", "damaged", "missing", "wrong item", "never arrived",
                    "problem", "broken"),
            Intent.CHANGE_ADDRESS, words("change (the |my )?(delivery )?address", "different address", "new address",
                    "deliver (it )?to", "moved house", "wrong address"),
            Intent.TALK_TO_PERSON, words("human", "real person", "a person", "someone", "representative", "speak to",
                    "talk to", "call me", "manager"),
            Intent.THANKS, words("thanks?( you)?", "cheers", "much appreciated"));
    private static final Pattern YES = words("yes", "yep", "yeah", "ok(ay)?", "sure", "works", "fine", "great",
            "perfect", "sounds good", "go ahead", "book it", "that one");

    @Override
    public Understanding understand(String text, SessionMemory memory) {
        String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
        Set<Intent> intents = EnumSet.noneOf(Intent.class);
        INTENTS.forEach((intent, pattern) -> {
            if (pattern.matcher(lower).find()) {
                intents.add(intent);
            }
        });
        List<String> orderIds = OrderIds.in(text);
        String orderId = orderIds.isEmpty() ? null : orderIds.get(orderIds.size() - 1);
        String option = pickedOption(lower, memory, orderId);
        if (option != null) {
            intents.add(Intent.ACCEPT_OPTION);
            intents.remove(Intent.DELIVERY_PROBLEM);
        }
        if (intents.isEmpty()) {
            intents.add(Intent.UNKNOWN);
        }
        return new Understanding(Set.copyOf(intents), orderId, option);
    }

    /** An option the session offered for the order, named in the message or taken with a plain "yes" when it was the only one. */
    private static String pickedOption(String lower, SessionMemory memory, String orderId) {
        List<String> offered = memory.order(orderId != null ? orderId : memory.currentOrderId())
                .map(OrderMemory::openOffer).orElse(List.of());
        for (String option : offered) {
            if (Pattern.compile("\\b" + Pattern.quote(option.toLowerCase(Locale.ROOT)) + "\\b").matcher(lower).find()) {
                return option;
            }
        }
        return offered.size() == 1 && YES.matcher(lower).find() ? offered.get(0) : null;
    }

    private static Pattern words(String... alternatives) {
        return Pattern.compile("\\b(" + String.join("|", alternatives) + ")\\b");
    }
}
