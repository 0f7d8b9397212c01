package io.continuityhub.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The model's answer is read strictly, without Spring: what it may not say is dropped, what cannot be read is refused. */
class LanguageModelAnswerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** O-99281 is delayed; the hub raised the delay and offered Tuesday or Wednesday. */
    static final SessionMemory OFFERING = LanguageModelFixtures.offering("O-99281", "Tuesday", "Wednesday");

    @Test
    void aValidAnswerBecomesTheUnderstandingInTheHubsSpelling() {
        LanguageModelAnswer.Reading reading = read("""
                {"intents": ["accept_option", "thanks"], "orderId": "o-99281", "option": "tuesday"}""",
                "tuesday for o-99281 please, thanks", OFFERING);

        assertThat(reading.understanding()).isEqualTo(new Understanding(Set.of(Intent.ACCEPT_OPTION, Intent.THANKS),
                "O-99281", "Tuesday"));
        assertThat(reading.dropped()).isEmpty();
    }

    @Test
    void anIntentOutsideTheListIsDroppedAndTheRestKept() {
        LanguageModelAnswer.Reading reading = read("""
                {"intents": ["refund", "where_is_order", 7], "orderId": null, "option": null}""", "where is it? refund me", OFFERING);

        assertThat(reading.understanding().intents()).containsExactly(Intent.WHERE_IS_ORDER);
        assertThat(reading.dropped()).containsExactly("an intent outside the list", "an intent outside the list");
    }

    @Test
    void nothingButUnknownIntentsReadsAsUnknown() {
        LanguageModelAnswer.Reading reading = read("""
                {"intents": ["refund"], "orderId": null, "option": null}""", "refund please", LanguageModelFixtures.empty());

        assertThat(reading.understanding()).isEqualTo(new Understanding(Set.of(Intent.UNKNOWN), null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"12345\"", "\"order O-99281 please\"", "\"O-99281, O-55555\"", "99281", "[\"O-99281\"]", "\"O-\""})
    void anOrderIdOfAnyOtherShapeIsDropped(String orderId) {
        LanguageModelAnswer.Reading reading = read("{\"intents\": [\"where_is_order\"], \"orderId\": " + orderId + "}",
                "where is order O-99281, and O-55555?", OFFERING);

        assertThat(reading.understanding().orderId()).isNull();
        assertThat(reading.understanding().intents()).containsExactly(Intent.WHERE_IS_ORDER);
        assertThat(reading.dropped()).containsExactly("an order id of the wrong shape");
    }

    @Test
    void anOrderIdNeitherTheMessageNorTheSessionNamesIsDropped() {
        LanguageModelAnswer.Reading reading = read("""
                {"intents": ["where_is_order"], "orderId": "O-55555"}""", "where is my parcel?", OFFERING);

        assertThat(reading.understanding().orderId()).isNull();
        assertThat(reading.dropped()).containsExactly("an order id neither the message nor the session names");
    }

    @Test
    void anOrderIdTheSessionKnowsIsKeptThoughTheMessageDoesNotNameIt() {
        LanguageModelAnswer.Reading reading = read("""
                {"intents": ["where_is_order"], "orderId": "O-99281"}""", "where is my parcel?", OFFERING);

        assertThat(reading.understanding().orderId()).isEqualTo("O-99281");
    }

    @Test
    void anOptionTheSessionDidNotOfferIsDroppedAndNothingIsAccepted() {
        LanguageModelAnswer.Reading reading = read("""
                {"intents": ["accept_option"], "orderId": null, "option": "Friday"}""", "Friday would suit me", OFFERING);

        assertThat(reading.understanding()).isEqualTo(new Understanding(Set.of(Intent.UNKNOWN), null, null));
        assertThat(reading.dropped()).containsExactly("an option the session did not offer",
                "accept_option without an offered option");
    }

    @Test
    void anOptionOfferedForAnotherOrderIsNotOfferedForThisOne() {
        LanguageModelAnswer.Reading reading = read("""
                {"intents": ["accept_option"], "orderId": "O-12345", "option": "Tuesday"}""", "Tuesday for O-12345", OFFERING);

        assertThat(reading.understanding().option()).isNull();
        assertThat(reading.understanding().has(Intent.ACCEPT_OPTION)).isFalse();
    }

    @Test
    void anOptionTheCustomerDidNotAcceptIsNotBooked() {
        LanguageModelAnswer.Reading reading = read("""
                {"intents": ["where_is_order"], "option": "Tuesday"}""", "is it still coming on Tuesday?", OFFERING);

        assertThat(reading.understanding()).isEqualTo(new Understanding(Set.of(Intent.WHERE_IS_ORDER), null, null));
        assertThat(reading.dropped()).containsExactly("an option the customer did not accept");
    }

    @Test
    void acceptingWithoutAnOptionIsNotAnAcceptance() {
        LanguageModelAnswer.Reading reading = read("""
                {"intents": ["accept_option", "thanks"]}""", "yes, thanks", OFFERING);

        assertThat(reading.understanding().intents()).containsExactly(Intent.THANKS);
    }

    @Test
    void aRefusalIsUnusable() {
        ObjectNode completion = completion("{}");
        ((ObjectNode) completion.path("choices").path(0).path("message")).putNull("content")
                .put("refusal", "I'm sorry, I can't help with that.");

        assertThatThrownBy(() -> LanguageModelAnswer.read(JSON, completion.toString(), "text", OFFERING))
                .isInstanceOf(LanguageModelAnswer.Unusable.class).hasMessage("the model refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"choices\": []}", "{\"error\": {\"message\": \"overloaded\"}}", "", "[1, 2]"})
    void anAnswerWithoutAChoiceIsUnusable(String body) {
        assertThatThrownBy(() -> LanguageModelAnswer.read(JSON, body, "text", OFFERING))
                .isInstanceOf(LanguageModelAnswer.Unusable.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sure! The customer wants their order.", "{\"intents\": \"where_is_order\"}", "[\"where_is_order\"]",
            "{\"orderId\": \"O-99281\"}", "{\"intents\": [\"where_is_order\"]"})
    void contentThatIsNotTheAskedJsonIsUnusable(String content) {
        assertThatThrownBy(() -> LanguageModelAnswer.read(JSON, completion(content).toString(), "text", OFFERING))
                .isInstanceOf(LanguageModelAnswer.Unusable.class)
                .hasMessageNotContaining(content);
    }

    private static LanguageModelAnswer.Reading read(String content, String text, SessionMemory memory) {
        return LanguageModelAnswer.read(JSON, completion(content).toString(), text, memory);
    }

    /** OpenAI's chat.completion shape around {@code content}. */
    static ObjectNode completion(String content) {
        ObjectNode completion = JSON.valueToTree(Map.of("id", "chatcmpl-1", "object", "chat.completion", "model", "gpt-4o-mini"));
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content).putNull("refusal");
        return completion;
    }
}
