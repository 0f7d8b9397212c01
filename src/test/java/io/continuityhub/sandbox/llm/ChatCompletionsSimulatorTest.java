package io.continuityhub.sandbox.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sandbox's OpenAI chat completions endpoint, over HTTP. */
class ChatCompletionsSimulatorTest extends HubIntegrationTest {

    private static final String PATH = "/sandbox/llm/v1/chat/completions";
    private static final String KEY = "Bearer sandbox-llm-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void noFault() {
        hub.send("POST", "/sandbox/faults", "{\"system\": \"llm\", \"mode\": \"none\"}", "Content-Type", "application/json");
    }

    @Test
    void answersAChatCompletionWhoseContentIsItsReadingAsJson() throws Exception {
        Response answer = complete(KEY, request("Delivery options offered for order O-99281: Tuesday, Wednesday\n",
                "Wednesday is better for O-99281, thank you"));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode completion = answer.json();
        assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.path("id").asText()).startsWith("chatcmpl-");
        assertThat(completion.path("model").asText()).isEqualTo("gpt-4o-mini");
        JsonNode choice = completion.path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("refusal").isNull()).isTrue();
        assertThat(completion.path("usage").path("total_tokens").asInt()).isPositive();
        JsonNode reading = JSON.readTree(choice.path("message").path("content").asText());
        assertThat(reading.path("intents")).extracting(JsonNode::asText).containsExactlyInAnyOrder("thanks", "accept_option");
        assertThat(reading.path("orderId").asText()).isEqualTo("O-99281");
        assertThat(reading.path("option").asText()).isEqualTo("Wednesday");
    }

    @Test
    void readsARequestForAPersonThatTheCustomerTurnsDownAsNoSuchRequest() throws Exception {
        JsonNode declined = content(complete(KEY, request("", "No need for a person, just tell me where my order O-12345 is")));
        JsonNode asked = content(complete(KEY, request("", "Can I talk to a person about O-12345?")));

        assertThat(declined.path("intents")).extracting(JsonNode::asText).containsExactly("where_is_order");
        assertThat(asked.path("intents")).extracting(JsonNode::asText).contains("talk_to_person");
    }

    @Test
    void isAsCarelessAsAModelCanBe() throws Exception {
        JsonNode reading = content(complete(KEY, request("Delivery options offered for order O-99281: Tuesday\n",
                "Can I get a refund for order 12345, or have it Friday instead?")));

        assertThat(reading.path("intents")).extracting(JsonNode::asText).containsExactlyInAnyOrder("refund", "accept_option");
        assertThat(reading.path("orderId").asText()).isEqualTo("12345");
        assertThat(reading.path("option").asText()).as("a weekday nobody offered").isEqualTo("Friday");
    }

    @Test
    void refusesAWrongOrMissingKeyInOpenAisErrorShape() {
        for (String authorization : new String[] {"Bearer sk-wrong", null}) {
            Response refused = authorization == null
                    ? hub.send("POST", PATH, request("", "hello").toString(), "Content-Type", "application/json")
                    : complete(authorization, request("", "hello"));

            assertThat(refused.status()).isEqualTo(401);
            JsonNode error = refused.json().path("error");
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
            assertThat(error.path("message").asText()).startsWith("Incorrect API key provided");
        }
    }

    @Test
    void refusesARequestWithoutAModelOrAUserMessage() {
        ObjectNode noModel = request("", "hello");
        noModel.remove("model");
        ObjectNode noUser = request("", "hello");
        noUser.withArray("messages").remove(1);

        assertThat(complete(KEY, noModel).json().path("error").path("param").asText()).isEqualTo("model");
        Response refused = complete(KEY, noUser);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error").path("param").asText()).isEqualTo("messages");
        assertThat(hub.send("POST", PATH, "{not json", "Content-Type", "application/json", "Authorization", KEY).status())
                .isEqualTo(400);
    }

    @Test
    void isDownWhileAFaultSaysSoAndCountsTheCallsItReceived() {
        long before = hub.send("GET", "/sandbox/calls?system=llm", null).json().path("calls").asLong();
        hub.send("POST", "/sandbox/faults", "{\"system\": \"llm\", \"mode\": \"down\"}", "Content-Type", "application/json");

        Response down = complete(KEY, request("", "where is O-99281?"));

        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json().path("error").path("type").asText()).isEqualTo("server_error");
        assertThat(hub.send("GET", "/sandbox/calls?system=llm", null).json().path("calls").asLong()).isEqualTo(before + 1);
        noFault();
        assertThat(complete(KEY, request("", "where is O-99281?")).status()).isEqualTo(200);
    }

    private Response complete(String authorization, ObjectNode request) {
        return hub.send("POST", PATH, request.toString(), "Content-Type", "application/json", "Authorization", authorization);
    }

    private static JsonNode content(Response answer) throws Exception {
        assertThat(answer.status()).isEqualTo(200);
        return JSON.readTree(answer.json().path("choices").get(0).path("message").path("content").asText());
    }

    /** A chat completions request as the hub sends it: a system prompt, then the customer's message. */
    private static ObjectNode request(String system, String user) {
        ObjectNode request = JSON.createObjectNode().put("model", "gpt-4o-mini").put("temperature", 0);
        request.putArray("messages").add(JSON.createObjectNode().put("role", "system").put("content", system))
                .add(JSON.createObjectNode().put("role", "user").put("content", user));
        request.putObject("response_format").put("type", "json_object");
        return request;
    }
}
