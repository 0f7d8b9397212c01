package io.continuityhub.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a chat completion's answer ({@code choices[0].message.content}, itself JSON:
 * {@code {"intents": [...], "orderId": ..., "option": ...}}) into an {@link Understanding}, and
 * trusts none of it: an intent outside {@link Intent} is dropped; an order id must have the shape
 * of {@link OrderIds} and be one the message names or the session knows (a model must not invent
 * the order the hub then investigates); an option must be one the session offered for that order;
 * and the customer accepts an option only when the model says so and names an offered one, since
 * that books a delivery. An answer that cannot be read at all is {@link Unusable}.
 *
 * <p>What is dropped is said in words of our own, never the model's, which may quote the message.
 */
final class LanguageModelAnswer {

    /** The model's answer cannot be used; the rules read the message instead. */
    static final class Unusable extends RuntimeException {
        Unusable(String reason) {
            super(reason);
        }
    }

    /** The understanding the answer yields, and what of the answer was dropped. */
    record Reading(Understanding understanding, List<String> dropped) {
    }

    private LanguageModelAnswer() {
    }

    static Reading read(ObjectMapper json, String completion, String text, SessionMemory memory) {
        JsonNode message = parse(json, completion, "the answer is not JSON").path("choices").path(0).path("message");
        if (!message.isObject()) {
            throw new Unusable("the answer has no choices[0].message");
        }
        if (message.hasNonNull("refusal") && !message.path("refusal").asText().isBlank()) {
            throw new Unusable("the model refused");
        }
        if (!message.path("content").isTextual()) {
            throw new Unusable("the answer has no content");
        }
        JsonNode content = parse(json, message.path("content").asText(), "the content is not JSON");
        if (!content.isObject() || !content.path("intents").isArray()) {
            throw new Unusable("the content has no intents array");
        }
        List<String> dropped = new ArrayList<>();
        Set<Intent> intents = intents(content.path("intents"), dropped);
        String orderId = orderId(content.path("orderId"), text, memory, dropped);
        String option = option(content.path("option"), orderId != null ? orderId : memory.currentOrderId(), memory, dropped);
        if (intents.contains(Intent.ACCEPT_OPTION) != (option != null)) {
            if (intents.remove(Intent.ACCEPT_OPTION)) {
                dropped.add("accept_option without an offered option");
            } else {
                dropped.add("an option the customer did not accept");
                option = null;
            }
        }
        if (intents.size() > 1) {
            intents.remove(Intent.UNKNOWN);
        }
        if (intents.isEmpty()) {
            intents.add(Intent.UNKNOWN);
        }
        return new Reading(new Understanding(Set.copyOf(intents), orderId, option), List.copyOf(dropped));
    }

    private static Set<Intent> intents(JsonNode values, List<String> dropped) {
        Set<Intent> intents = EnumSet.noneOf(Intent.class);
        for (JsonNode value : values) {
            Optional<Intent> intent = value.isTextual() ? intent(value.asText()) : Optional.empty();
            intent.ifPresentOrElse(intents::add, () -> dropped.add("an intent outside the list"));
        }
        return intents;
    }

    private static Optional<Intent> intent(String wireName) {
        for (Intent intent : Intent.values()) {
            if (intent.wireName().equals(wireName.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(intent);
            }
        }
        return Optional.empty();
    }

    private static String orderId(JsonNode value, String text, SessionMemory memory, List<String> dropped) {
        if (value.isNull() || value.isMissingNode()) {
            return null;
        }
        String written = value.isTextual() ? value.asText().strip() : "";
        List<String> ids = OrderIds.in(written);
        // the whole value must be one order id (OrderIds finds them inside longer text too)
        if (ids.size() != 1 || !written.replaceAll("[- ]", "").equalsIgnoreCase(ids.get(0).replace("-", ""))) {
            dropped.add("an order id of the wrong shape");
            return null;
        }
        String orderId = ids.get(0);
        if (!OrderIds.in(text).contains(orderId) && memory.order(orderId).isEmpty()) {
            dropped.add("an order id neither the message nor the session names");
            return null;
        }
        return orderId;
    }

    private static String option(JsonNode value, String orderId, SessionMemory memory, List<String> dropped) {
        if (value.isNull() || value.isMissingNode()) {
            return null;
        }
        String written = value.isTextual() ? value.asText().strip() : "";
        List<String> offered = memory.order(orderId).map(OrderMemory::openOffer).orElse(List.of());
        Optional<String> option = offered.stream().filter(o -> o.equalsIgnoreCase(written)).findFirst();
        if (option.isEmpty()) {
            dropped.add("an option the session did not offer");
        }
        return option.orElse(null);
    }

    private static JsonNode parse(ObjectMapper json, String body, String unusable) {
        try {
            JsonNode node = body == null ? null : json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new Unusable(unusable);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new Unusable(unusable);
        }
    }
}
