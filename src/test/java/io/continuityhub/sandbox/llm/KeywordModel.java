package io.continuityhub.sandbox.llm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox's stand-in for a language model: reads a customer message with keyword rules of its
 * own, different from the hub's rule-based reader on purpose. It understands a request for a person
 * that the customer turns down ("no need for a person"), which the hub's rules take as a request.
 * And it is as careless as a real model can be: it answers intents outside the hub's list
 * ("refund"), order numbers written without their letters ("12345"), and any weekday the customer
 * names as their pick, offered or not. The hub must drop all three.
 */
final class KeywordModel {

    /** What it read: the JSON content of its answer. */
    record Reading(List<String> intents, String orderId, String option) {
    }

    /** The hub's prompt names each order's open offer on a line of its own (LanguageModelPrompt.OFFER_LINE). */
    private static final Pattern OFFER = Pattern.compile("(?m)^Delivery options offered for order (\\S+): (.+)$");
    private static final Pattern ORDER = Pattern.compile("\\b([A-Za-z]{1,3}-?\\d{4,12}|\\d{4,12})\\b");
    private static final Pattern WEEKDAY = Pattern.compile("\\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b");
    private static final Pattern PERSON = Pattern.compile("\\b(person|human|agent|representative|someone)\\b");
    private static final Pattern PERSON_DECLINED = Pattern.compile(
            "\\b(no need|don'?t need|do not need|don'?t want|do not want|without)\\b[^.?!]*\\b(person|human|agent|representative|someone)\\b");
    private static final Pattern YES = Pattern.compile("\\b(yes|yeah|ok|okay|sure|please do|go ahead)\\b");
    private static final Map<String, Pattern> INTENTS = new LinkedHashMap<>();

    static {
        INTENTS.put("where_is_order", Pattern.compile("\\b(where|status|track\\w*|arrive\\w*|shown? up|when will)\\b"));
        INTENTS.put("delivery_problem", Pattern.compile("\\b(late|delay\\w*|damaged|broken|missing)\\b"));
        INTENTS.put("change_address", Pattern.compile("\\b(address|moved)\\b"));
        INTENTS.put("thanks", Pattern.compile("\\b(thanks?|thank you|cheers)\\b"));
        INTENTS.put("refund", Pattern.compile("\\b(refund|money back)\\b"));
    }

    private KeywordModel() {
    }

    static Reading read(String systemPrompt, String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        List<String> intents = new ArrayList<>();
        if (PERSON.matcher(lower).find() && !PERSON_DECLINED.matcher(lower).find()) {
            intents.add("talk_to_person");
        }
        INTENTS.forEach((intent, pattern) -> {
            if (pattern.matcher(lower).find()) {
                intents.add(intent);
            }
        });
        Matcher order = ORDER.matcher(message);
        String orderId = order.find() ? order.group(1) : null;
        String option = option(lower, offered(systemPrompt));
        if (option != null) {
            intents.add("accept_option");
        }
        if (intents.isEmpty()) {
            intents.add("unknown");
        }
        return new Reading(intents, orderId, option);
    }

    /** An offered option the message names; else any weekday it names; else the only offer, on a plain yes. */
    private static String option(String lower, List<String> offered) {
        for (String option : offered) {
            if (lower.contains(option.toLowerCase(Locale.ROOT))) {
                return option;
            }
        }
        Matcher weekday = WEEKDAY.matcher(lower);
        if (weekday.find()) {
            return Character.toUpperCase(weekday.group(1).charAt(0)) + weekday.group(1).substring(1);
        }
        return offered.size() == 1 && YES.matcher(lower).find() ? offered.get(0) : null;
    }

    private static List<String> offered(String systemPrompt) {
        List<String> options = new ArrayList<>();
        Matcher offer = OFFER.matcher(systemPrompt == null ? "" : systemPrompt);
        while (offer.find()) {
            for (String option : offer.group(2).split(",")) {
                options.add(option.strip());
            }
        }
        return options;
    }
}
