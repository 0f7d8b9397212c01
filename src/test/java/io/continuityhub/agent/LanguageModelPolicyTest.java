package io.continuityhub.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.identity.CustomerView;
import io.continuityhub.session.SessionEvent;
import io.continuityhub.session.SessionRecord;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import io.continuityhub.tools.ServiceUrls;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The language-model policy's reader against the sandbox's model over real HTTP, through the
 * agent-language-model route and the llm breaker. The shared hub runs the deterministic policy, so
 * these tests take the language-model beans from its context and call them directly.
 */
class LanguageModelPolicyTest extends HubIntegrationTest {

    /** The rules take "a person" for a request for one; the model reads the customer turning it down. */
    private static final String DECLINES_A_PERSON = "No need for a person, just tell me where my order O-12345 is";

    @Autowired
    LanguageModelPolicy languageModel;
    @Autowired
    DeterministicPolicy deterministic;
    @Autowired
    LanguageModelUnderstanding reader;
    @Autowired
    RuleBasedUnderstanding rules;
    @Autowired
    SessionMemoryReader memoryReader;
    @Autowired
    ServiceUrls urls;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    ObjectMapper json;
    @Autowired
    LanguageModelProperties properties;

    @AfterEach
    void modelUpAndBreakerClosed() {
        fault("none");
        llmBreaker().transitionToCloseState();
    }

    @Test
    void theModelsReadingIsUsedWhereTheRulesMisreadTheMessage() {
        LanguageModelUnderstanding.Reading reading = reader.read(DECLINES_A_PERSON, LanguageModelFixtures.empty());

        assertThat(rules.understand(DECLINES_A_PERSON, LanguageModelFixtures.empty()).main())
                .as("the rules' reading").isEqualTo(Intent.TALK_TO_PERSON);
        assertThat(reading.byModel()).isTrue();
        assertThat(reading.understanding()).isEqualTo(new Understanding(Set.of(Intent.WHERE_IS_ORDER), "O-12345", null));
        assertThat(reading.notes()).isEmpty();
    }

    @Test
    void withTheModelsReadingTheHubInvestigatesTheOrderInsteadOfCallingAPerson() {
        AgentContext context = contextOf(DECLINES_A_PERSON);
        SessionEvent message = context.events().get(0);

        Plan byRules = deterministic.decide(context, message);
        Plan byModel = languageModel.decide(context, message);

        assertThat(byRules.escalation()).isEqualTo("the customer asked for a person");
        assertThat(byModel.escalation()).isNull();
        assertThat(byModel.intent()).isEqualTo("where_is_order");
        assertThat(byModel.actions()).extracting(PlannedAction::tool).containsExactly("salesforce-case", "warehouse-status");
        assertThat(byModel.replies()).singleElement().extracting(Reply::text).asString().contains("looking into order O-12345");
        assertThat(byModel.context()).contains("message read by the language model");
    }

    @Test
    void whatTheModelMayNotSayIsDroppedAndNothingIsBooked() {
        String text = "Can I get a refund for order 12345, or have it Friday instead?";
        SessionMemory offeringTuesday = LanguageModelFixtures.offering("O-99281", "Tuesday");

        LanguageModelUnderstanding.Reading reading = reader.read(text, offeringTuesday);

        assertThat(reading.byModel()).isTrue();
        assertThat(reading.understanding()).isEqualTo(new Understanding(Set.of(Intent.UNKNOWN), null, null));
        assertThat(reading.notes()).containsExactlyInAnyOrder("an intent outside the list", "an order id of the wrong shape",
                "an option the session did not offer", "accept_option without an offered option");
    }

    @Test
    void whileTheModelIsDownTheRulesReadAndTheBreakerSoonKeepsCallsAway() {
        fault("down");
        SessionMemory memory = LanguageModelFixtures.offering("O-99281", "Tuesday");
        String text = "Tuesday works, thanks";

        LanguageModelUnderstanding.Reading first = reader.read(text, memory);
        assertThat(first.byModel()).isFalse();
        assertThat(first.notes()).containsExactly("the model answered 503");
        assertThat(first.understanding()).as("the rules' reading").isEqualTo(rules.understand(text, memory));
        assertThat(first.understanding().option()).isEqualTo("Tuesday");
        int calls = 1;
        while (llmBreaker().getCircuitBreakerState().equals("CLOSED") && calls < 20) {
            reader.read(text, memory);
            calls++;
        }

        assertThat(llmBreaker().getCircuitBreakerState()).isEqualTo("OPEN");
        assertThat(calls).as("failed calls before the breaker opened").isLessThanOrEqualTo(10);
        long reached = modelCalls();
        for (int i = 0; i < 3; i++) {
            LanguageModelUnderstanding.Reading shortCircuited = reader.read(text, memory);
            assertThat(shortCircuited.notes()).containsExactly("the llm circuit breaker is open");
            assertThat(shortCircuited.understanding()).isEqualTo(first.understanding());
        }
        assertThat(modelCalls()).as("calls that reached the model while the breaker was open").isEqualTo(reached);
    }

    @Test
    void aWrongKeyIsRefusedAndTheRulesRead() {
        LanguageModelUnderstanding wrongKey = new LanguageModelUnderstanding(
                new LanguageModelProperties(properties.model(), "sk-not-the-sandbox-key"), urls, producer, json, rules);

        LanguageModelUnderstanding.Reading reading = wrongKey.read(DECLINES_A_PERSON, LanguageModelFixtures.empty());

        assertThat(reading.byModel()).isFalse();
        assertThat(reading.notes()).containsExactly("the model answered 401");
        assertThat(reading.understanding().main()).as("the rules' reading").isEqualTo(Intent.TALK_TO_PERSON);
        assertThat(reader.read(DECLINES_A_PERSON, LanguageModelFixtures.empty()).byModel()).as("the right key, for contrast")
                .isTrue();
    }

    @Test
    void withTheDeterministicPolicyNoMessageReachesTheModel() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", phone));
        long before = modelCalls();

        String sessionId = hub.touchpoint(TestData.eventId(), "chat", "phone", phone, "Hello, thanks for your help")
                .json().path("sessionId").asText();

        JsonNode decision = await().atMost(Duration.ofSeconds(15)).until(() -> decisionIn(sessionId), d -> d != null);
        assertThat(decision.path("payload").path("policy").asText()).isEqualTo(DeterministicPolicy.NAME);
        assertThat(decision.path("payload").path("intent").asText()).isEqualTo("thanks");
        assertThat(modelCalls()).isEqualTo(before);
    }

    private JsonNode decisionIn(String sessionId) {
        for (JsonNode event : hub.opsGet("/api/v1/sessions/" + sessionId + "/events").json()) {
            if ("agent_decided".equals(event.path("type").asText())) {
                return event;
            }
        }
        return null;
    }

    /** A session of one chat message, {@code text}, from a customer the hub knows by name. */
    private AgentContext contextOf(String text) {
        Instant now = Instant.parse("2026-04-28T10:15:00Z");
        SessionEvent message = new SessionEvent("sess-llm-test", 1, now, "chat", "customer_message", "customer", text,
                Map.of("text", text));
        SessionRecord session = new SessionRecord("sess-llm-test", "cust-llm-test", "open", 1, List.of("chat"), null, null,
                null, null, now, now, now.plus(Duration.ofDays(14)), null, null);
        CustomerView customer = new CustomerView("cust-llm-test", "Jane Doe", "Europe/London", false, null, now, List.of());
        return new AgentContext(session, customer, List.of(message), List.of(), memoryReader.read(List.of(message), List.of()),
                ZoneId.of("Europe/London"), now);
    }

    private void fault(String mode) {
        assertThat(hub.send("POST", "/sandbox/faults", "{\"system\": \"llm\", \"mode\": \"" + mode + "\"}",
                "Content-Type", "application/json").status()).isEqualTo(200);
    }

    private long modelCalls() {
        return hub.send("GET", "/sandbox/calls?system=llm", null).json().path("calls").asLong();
    }

    /** The breaker of the kamelet route that downstream-llm's kamelet:resilient-http-action?circuitBreaker=llm became. */
    private ResilienceProcessor llmBreaker() {
        RouteDefinition route = camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions().stream()
                .filter(r -> r.getTemplateParameters() != null && "llm".equals(r.getTemplateParameters().get("circuitBreaker")))
                .findFirst().orElseThrow(() -> new AssertionError("no resilient-http-action route for the llm"));
        return camel.getRoute(route.getRouteId()).filter("*").stream()
                .filter(ResilienceProcessor.class::isInstance).map(ResilienceProcessor.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no circuit breaker in route " + route.getRouteId()));
    }
}
