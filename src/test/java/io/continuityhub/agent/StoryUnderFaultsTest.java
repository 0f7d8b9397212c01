package io.continuityhub.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.FreePorts;
import io.continuityhub.support.HubIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reference story when the systems misbehave: what the customer sees stays true, and no
 * system applies a side effect twice.
 */
class StoryUnderFaultsTest extends HubIntegrationTest {

    private static final List<String> SYSTEMS_WITH_KEYS = List.of("salesforce", "warehouse");

    ReferenceStory story;

    @BeforeEach
    void newCustomer() {
        story = new ReferenceStory(hub, FreePorts.sharedSmtpPort()).seed();
    }

    @AfterEach
    void clearFaults() {
        for (String system : SYSTEMS_WITH_KEYS) {
            hub.send("POST", "/sandbox/faults", "{\"system\":\"" + system + "\",\"mode\":\"none\"}",
                    "Content-Type", "application/json");
        }
    }

    /**
     * Every call to Salesforce and the warehouse commits and then answers too late for the hub,
     * once per key: the hub replays each with the same key, and the customer sees the same story.
     */
    @Test
    void everyCallAnsweredOnlyAfterItsTimeoutOnceGivesTheSameStoryAndOneSideEffectPerKey() throws Exception {
        for (String system : SYSTEMS_WITH_KEYS) {
            fault(system, "{\"system\":\"" + system + "\",\"mode\":\"timeout_after_commit\",\"latencyMs\":2500,\"timesPerKey\":1}");
        }

        ReferenceStoryTest.tuesdayIsBookedOnWhatsApp(story);
        JsonNode tracking = ReferenceStoryTest.trackingEmailArrivesAtNineLondonTime(story);
        story.replyByEmail(tracking, "Thanks, and can I change the address?");
        await().atMost(ReferenceStory.PATIENCE).until(() -> story.mails().size() == 2);

        assertThat(story.whatsAppSent()).hasSize(4).doesNotHaveDuplicates();
        assertThat(story.cases()).hasSize(1);
        assertThat(story.exceptions()).extracting(e -> e.path("type").asText())
                .containsExactlyInAnyOrder("carrier_delay", "delivery_rescheduled");
        assertThat(story.sideEffectCounts("salesforce")).containsExactly(1);
        assertThat(story.sideEffectCounts("warehouse")).hasSize(2).allMatch(count -> count == 1);
        assertThat(count("SELECT count(*) FROM action WHERE session_id = ? AND status <> 'succeeded'", story.sessionId()))
                .as("every action ended confirmed; none is unknown or failed").isZero();
        assertThat(count("SELECT count(*) FROM action WHERE session_id = ? AND attempts > 1", story.sessionId()))
                .as("the timed-out calls were replayed").isGreaterThan(0);
    }

    /**
     * The warehouse refuses the delay for good after Salesforce wrote the case: the case is
     * annotated with what happened, and the customer hears the truth, not that the delay was raised.
     */
    @Test
    void anExceptionRefusedForGoodAfterTheCaseWasWrittenAnnotatesTheCaseAndTellsTheTruth() {
        fault("warehouse", "{\"system\":\"warehouse\",\"mode\":\"reject\"}");
        story.setClock(ReferenceStoryTest.CUSTOMER_WRITES);
        story.whatsApp("Hi, where is my order " + story.orderId + "?");

        List<String> sent = story.awaitWhatsApp(2);
        assertThat(sent.get(1)).contains(story.orderId, "delayed (carrier issue)", "couldn't register the delay",
                "colleague").doesNotContain("raised it", "Tuesday");
        await().atMost(ReferenceStory.PATIENCE).until(() -> story.cases().get(0).path("Status").asText().equals("Escalated"));
        JsonNode annotated = story.cases().get(0);
        assertThat(annotated.path("Description").asText()).contains("[Continuity Hub]",
                "the carrier delay could not be raised on the fulfillment exception queue");
        assertThat(annotated.path("IsEscalated").asBoolean()).isTrue();
        assertThat(story.cases()).hasSize(1);
        assertThat(story.exceptions()).isEmpty();
        assertThat(story.sideEffectCounts("salesforce")).containsExactly(1);
        assertThat(hub.opsGet("/api/v1/escalations?status=open").json().toString()).contains(story.sessionId());
        await().during(java.time.Duration.ofSeconds(1)).atMost(java.time.Duration.ofSeconds(3))
                .until(() -> story.whatsAppSent().size() == 2);
    }

    private void fault(String system, String body) {
        assertThat(hub.send("POST", "/sandbox/faults", body, "Content-Type", "application/json").status())
                .as("fault on " + system).isEqualTo(200);
    }
}
