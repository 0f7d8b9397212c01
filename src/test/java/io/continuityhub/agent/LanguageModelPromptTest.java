package io.continuityhub.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the model is asked, without Spring. */
class LanguageModelPromptTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theRequestIsAnOpenAiChatCompletionAskingForJsonWithTheMessageAsTheUsersTurn() {
        JsonNode request = LanguageModelPrompt.request(JSON, "gpt-4o-mini", "Where is O-99281?", LanguageModelFixtures.empty());

        assertThat(request.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(request.path("temperature").asInt()).isZero();
        assertThat(request.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(request.path("messages")).hasSize(2);
        assertThat(request.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(request.path("messages").get(1).path("role").asText()).isEqualTo("user");
        assertThat(request.path("messages").get(1).path("content").asText()).isEqualTo("Where is O-99281?");
        assertThat(request.path("messages").get(0).path("content").asText()).doesNotContain("O-99281");
    }

    @Test
    void theSystemPromptListsEveryIntentTheFactsAndTheOpenOffers() {
        String prompt = LanguageModelPrompt.system(LanguageModelFixtures.offering("O-99281", "Tuesday", "Wednesday"));

        assertThat(prompt).contains(Arrays.stream(Intent.values()).map(Intent::wireName).toList());
        assertThat(prompt).contains("What this conversation knows: order O-99281; delayed: carrier issue; delay raised with fulfilment.")
                .contains(LanguageModelPrompt.OFFER_LINE + "O-99281: Tuesday, Wednesday\n")
                .contains("JSON");
    }

    @Test
    void aSessionThatKnowsNothingSaysSo() {
        assertThat(LanguageModelPrompt.system(LanguageModelFixtures.empty()))
                .contains("What this conversation knows: nothing yet.").contains("No delivery options are on offer.");
    }

    @Test
    void theSameSessionGivesTheSamePromptWhateverOrderItsOrdersAreIn() {
        OrderMemory first = LanguageModelFixtures.offering("O-11111", "Monday").order("O-11111").orElseThrow();
        OrderMemory second = LanguageModelFixtures.offering("O-22222", "Friday").order("O-22222").orElseThrow();
        LinkedHashMap<String, OrderMemory> oneWay = new LinkedHashMap<>();
        oneWay.put(first.orderId(), first);
        oneWay.put(second.orderId(), second);
        LinkedHashMap<String, OrderMemory> otherWay = new LinkedHashMap<>();
        otherWay.put(second.orderId(), second);
        otherWay.put(first.orderId(), first);

        String prompt = LanguageModelPrompt.system(memory(oneWay));

        assertThat(LanguageModelPrompt.system(memory(otherWay))).isEqualTo(prompt);
        assertThat(prompt).containsSubsequence(LanguageModelPrompt.OFFER_LINE + "O-11111: Monday",
                LanguageModelPrompt.OFFER_LINE + "O-22222: Friday");
    }

    private static SessionMemory memory(Map<String, OrderMemory> orders) {
        return new SessionMemory(orders, "O-22222", Map.of(), Set.of(), null);
    }

    @Test
    void anOrderWhoseOfferWasTakenOffersNothing() {
        OrderMemory accepted = new OrderMemory("O-99281", "delayed", null, null, null, List.of("Tuesday"), null, "FX-1",
                "Tuesday", null, false);

        assertThat(LanguageModelPrompt.system(new SessionMemory(Map.of("O-99281", accepted), "O-99281", Map.of(), Set.of(), null)))
                .contains("Tuesday delivery accepted").contains("No delivery options are on offer.");
    }
}
