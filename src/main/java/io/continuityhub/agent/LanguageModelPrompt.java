package io.continuityhub.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the language model is asked: an OpenAI chat-completions request whose system message says
 * which intents exist, what the session knows (its facts and the delivery options on offer) and
 * the JSON to answer with, and whose user message is the customer's text. The model is asked to
 * read, never to reply: the hub's words come from the planners.
 *
 * <p>Only the session's memory goes into the prompt, never the customer's identity (name, phone,
 * email): the model needs none of it to read a message.
 */
final class LanguageModelPrompt {

    /** The line that names an order's open offer; the sandbox's stand-in model reads it too. */
    static final String OFFER_LINE = "Delivery options offered for order ";

    private static final Map<Intent, String> MEANINGS = new EnumMap<>(Map.of(
            Intent.WHERE_IS_ORDER, "asks where an order is, its status, or when it will arrive",
            Intent.DELIVERY_PROBLEM, "reports a problem: late, delayed, damaged, missing or wrong",
            Intent.ACCEPT_OPTION, "accepts one of the delivery options offered below",
            Intent.CHANGE_ADDRESS, "wants the order delivered to another address",
            Intent.TALK_TO_PERSON, "asks for a human to take over",
            Intent.THANKS, "thanks us",
            Intent.UNKNOWN, "none of the above"));

    private LanguageModelPrompt() {
    }

    static ObjectNode request(ObjectMapper json, String model, String text, SessionMemory memory) {
        ObjectNode request = json.createObjectNode().put("model", model);
        ArrayNode messages = request.putArray("messages");
        messages.addObject().put("role", "system").put("content", system(memory));
        messages.addObject().put("role", "user").put("content", text == null ? "" : text);
        request.put("temperature", 0);
        request.putObject("response_format").put("type", "json_object");
        return request;
    }

    static String system(SessionMemory memory) {
        StringBuilder prompt = new StringBuilder("""
                You read one message that a customer sent to a retailer's customer service. You do not answer \
                the customer: you only say what the message asks for.
                Answer with one JSON object and nothing else: {"intents": [...], "orderId": ..., "option": ...}
                intents: every one of these the message asks for, written exactly so:
                """);
        for (Intent intent : Intent.values()) {
            prompt.append("- ").append(intent.wireName()).append(": ").append(MEANINGS.getOrDefault(intent, "")).append('\n');
        }
        prompt.append("""
                orderId: the order number the message names (letters, a dash and digits, such as O-12345), or null.
                option: the delivery option the customer accepts, written exactly as offered below, or null.
                """);
        List<String> facts = memory.facts();
        prompt.append("What this conversation knows: ").append(facts.isEmpty() ? "nothing yet" : String.join("; ", facts))
                .append(".\n");
        boolean offered = false;
        // sorted: the memory's map has no order, and the same session must give the same prompt
        for (OrderMemory order : memory.orders().values().stream().sorted(Comparator.comparing(OrderMemory::orderId)).toList()) {
            if (!order.openOffer().isEmpty()) {
                prompt.append(OFFER_LINE).append(order.orderId()).append(": ")
                        .append(String.join(", ", order.openOffer())).append('\n');
                offered = true;
            }
        }
        if (!offered) {
            prompt.append("No delivery options are on offer.\n");
        }
        return prompt.toString();
    }
}
