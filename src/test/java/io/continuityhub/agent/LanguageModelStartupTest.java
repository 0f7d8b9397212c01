package io.continuityhub.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.HubClient;
import io.continuityhub.support.StandaloneHub;
import io.continuityhub.support.TestData;
import io.continuityhub.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Switching the language-model policy on: refused without its settings, and then the hub's agent reads with the model. */
class LanguageModelStartupTest {

    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {"hub.agent.language-model.base-url", "hub.agent.language-model.api-key"})
    void theLanguageModelPolicyRefusesToStartWithoutItsSettingAndNamesIt(String setting) {
        List<String> properties = new ArrayList<>(List.of(TestDatabase.asArguments()));
        properties.addAll(List.of("hub.agent.policy=language-model", setting + "="));

        assertThatThrownBy(() -> StandaloneHub.start("sandbox", properties.toArray(String[]::new)).close())
                .hasStackTraceContaining("hub.agent.policy is language-model")
                .hasStackTraceContaining(setting + " (");
    }

    /**
     * A hub of its own, on a database of its own: the shared test hub (deterministic) would
     * otherwise take the agent's turns on this hub's sessions too.
     */
    @Test
    void switchedOnTheAgentReadsCustomerMessagesWithTheModel(@TempDir Path dataDir) {
        try (StandaloneHub standalone = StandaloneHub.start("sandbox", "spring.datasource.url=",
                "hub.db.embedded.data-dir=" + dataDir.resolve("postgres"), "hub.agent.policy=language-model")) {
            HubClient hub = standalone.client();
            String customerId = TestData.customerId();
            String phone = TestData.phone();
            hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", phone));

            String sessionId = hub.touchpoint(TestData.eventId(), "chat", "phone", phone,
                    "No need for a person, just tell me where my order O-12345 is").json().path("sessionId").asText();

            JsonNode decision = await().atMost(Duration.ofSeconds(20)).until(() -> firstDecision(hub, sessionId), d -> d != null);
            assertThat(decision.path("payload").path("policy").asText()).isEqualTo(LanguageModelPolicy.NAME);
            assertThat(decision.path("payload").path("intent").asText()).as("not talk_to_person, as the rules read it")
                    .isEqualTo("where_is_order");
            assertThat(decision.path("payload").path("context")).extracting(JsonNode::asText)
                    .contains("message read by the language model");
            assertThat(hub.send("GET", "/sandbox/calls?system=llm", null).json().path("calls").asLong()).isPositive();
        }
    }

    private static JsonNode firstDecision(HubClient hub, String sessionId) {
        for (JsonNode event : hub.opsGet("/api/v1/sessions/" + sessionId + "/events").json()) {
            if ("agent_decided".equals(event.path("type").asText())) {
                return event;
            }
        }
        return null;
    }
}
