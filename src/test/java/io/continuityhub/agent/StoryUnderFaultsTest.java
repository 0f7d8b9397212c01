package io.continuityhub.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.FreePorts;
import io.continuityhub.support.HubIntegrationTest;
import java.time.Duration;
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

    /**
     * The carrier re-labels the parcel while the Tuesday booking is still in flight (the warehouse
     * is down for a moment): the scan is kept until the booking's watch starts, then lands, and the
     * tracking email still goes once, at 09:00 in London.
     */
    @Test
    void aScanWhileTheBookingIsInFlightStillGivesOneTrackingEmailAtNine() {
        story.setClock(ReferenceStoryTest.CUSTOMER_WRITES);
        story.whatsApp("Hi, where is my order " + story.orderId + "?");
        story.awaitWhatsApp(2);
        fault("warehouse", "{\"system\":\"warehouse\",\"mode\":\"down\"}");
        story.whatsApp("Yes please, Tuesday works for me");
        await().atMost(ReferenceStory.PATIENCE).until(() -> count("""
                SELECT count(*) FROM action WHERE session_id = ? AND tool = 'fulfillment-exception' AND attempts > 0
                  AND status = 'pending'""", story.sessionId()) == 1);

        story.setClock(ReferenceStoryTest.CUSTOMER_WRITES.plusSeconds(20));
        story.carrierScansNewTrackingNumber();
        assertThat(hub.opsGet("/api/v1/carrier/unmatched").body()).as("kept while the booking is in flight")
                .contains(story.newTrackingCode);
        fault("warehouse", "{\"system\":\"warehouse\",\"mode\":\"none\"}");
        story.setClock(ReferenceStoryTest.CUSTOMER_WRITES.plusSeconds(40)); // past the retry's backoff

        story.awaitSession(session -> "email tracking number at 09:00 Europe/London".equals(session.path("nextAction").asText()));
        assertThat(hub.opsGet("/api/v1/carrier/unmatched").body()).doesNotContain(story.newTrackingCode);
        story.setClock(ReferenceStoryTest.NINE_IN_LONDON.minusSeconds(60));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> story.mails().isEmpty());
        story.setClock(ReferenceStoryTest.NINE_IN_LONDON);
        await().atMost(ReferenceStory.PATIENCE).until(() -> story.mails().size() == 1);
        assertThat(story.mails().get(0).path("body").asText()).contains(story.orderId, story.newTrackingCode, "Tuesday");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> story.mails().size() == 1);
    }

    private void fault(String system, String body) {
        assertThat(hub.send("POST", "/sandbox/faults", body, "Content-Type", "application/json").status())
                .as("fault on " + system).isEqualTo(200);
    }
}
