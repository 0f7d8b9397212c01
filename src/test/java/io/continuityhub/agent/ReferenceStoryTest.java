package io.continuityhub.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.FreePorts;
import io.continuityhub.support.HubIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reference story of DESIGN.md end to end on the real stack: WhatsApp at 23:04, the case, the
 * warehouse, the delay raised, Tuesday offered and accepted, the carrier's scan at 06:10, the email
 * at 09:00 the customer's time and not before, and the customer's email reply answered with
 * everything the session knows. Times are the story's (late April, London on summer time).
 */
class ReferenceStoryTest extends HubIntegrationTest {

    static final Instant CUSTOMER_WRITES = Instant.parse("2026-04-28T22:04:00Z"); // 23:04 in London
    static final Instant CARRIER_SCANS = Instant.parse("2026-04-29T05:10:00Z"); // 06:10 in London
    static final Instant NINE_IN_LONDON = Instant.parse("2026-04-29T08:00:00Z");

    ReferenceStory story;

    @BeforeEach
    void newCustomer() {
        story = new ReferenceStory(hub, FreePorts.sharedSmtpPort()).seed();
    }

    @Test
    void theReferenceStoryRunsEndToEnd() throws Exception {
        tuesdayIsBookedOnWhatsApp(story);
        JsonNode booked = story.session();
        assertThat(story.cases()).hasSize(1);
        assertThat(story.cases().get(0).path("Origin").asText()).isEqualTo("WhatsApp");
        assertThat(story.exceptions()).extracting(e -> e.path("type").asText())
                .containsExactlyInAnyOrder("carrier_delay", "delivery_rescheduled");

        JsonNode tracking = trackingEmailArrivesAtNineLondonTime(story);
        assertThat(tracking.path("subject").asText()).isEqualTo("Your order " + story.orderId + ": new tracking number");

        story.replyByEmail(tracking, "Thanks, and can I change the address?");
        await().atMost(ReferenceStory.PATIENCE).until(() -> story.mails().size() == 2);
        JsonNode answer = story.mails().get(1);
        assertThat(answer.path("subject").asText()).startsWith("Re: ");
        assertThat(answer.path("inReplyTo").asText()).isNotBlank();
        assertThat(answer.path("body").asText())
                .contains(story.orderId, "delayed", "Tuesday delivery is booked", story.newTrackingCode, "new address")
                .doesNotContain("Which order");
        JsonNode after = story.session();
        assertThat(after.path("sessionId").asText()).isEqualTo(booked.path("sessionId").asText());
        assertThat(after.path("channels").toString()).contains("whatsapp:", "email:");
        assertThat(after.path("state").asText()).isEqualTo("awaiting_new_address");

        String diagram = story.hub.opsGet("/api/v1/sessions/" + after.path("sessionId").asText() + "/sequence").body();
        assertThat(diagram).startsWith("sequenceDiagram");
        assertThat(participants(diagram)).containsSubsequence("Customer", "WhatsApp", "Email", "Carrier", "Hub",
                "Salesforce", "Warehouse");
        assertThat(diagram).containsSubsequence("Customer->>WhatsApp", "Hub->>Salesforce", "Hub->>Warehouse",
                "fulfillment-exception", "Carrier->>Hub", "email-send", "Customer->>Email");
        JsonNode seams = story.hub.opsGet("/api/v1/sessions/" + after.path("sessionId").asText() + "/sequence?format=json")
                .json().path("seams");
        assertThat(seams).as("no turn lost its context, no call went without a key").isEmpty();

        assertThat(story.sideEffectCounts("salesforce")).isNotEmpty().allMatch(count -> count == 1);
        assertThat(story.sideEffectCounts("warehouse")).isNotEmpty().allMatch(count -> count == 1);
        assertThat(story.whatsAppSent()).doesNotHaveDuplicates();
    }

    @Test
    void aQuestionOnAThirdChannelIsAnsweredFromContext() throws Exception {
        tuesdayIsBookedOnWhatsApp(story);
        JsonNode tracking = trackingEmailArrivesAtNineLondonTime(story);
        story.replyByEmail(tracking, "Thanks!");
        await().atMost(ReferenceStory.PATIENCE).until(() -> story.mails().size() == 2);

        story.voice("Hi, it's Jane. Any news on my delivery?");

        JsonNode voiceReply = await().atMost(ReferenceStory.PATIENCE).until(() -> lastReplyOn(story, "voice"),
                reply -> reply != null);
        assertThat(voiceReply.path("payload").path("text").asText())
                .contains(story.orderId, "delayed", "Tuesday delivery is booked", story.newTrackingCode);
        assertThat(voiceReply.path("payload").path("askedFor").isNull()).isTrue();
        assertThat(voiceReply.path("payload").path("context").toString()).contains(story.orderId);
        assertThat(story.session().path("channels").toString()).contains("voice:");
    }

    /** WhatsApp at 23:04 → receipt confirmed → case and warehouse → delay raised → Tuesday offered, accepted, booked. */
    static void tuesdayIsBookedOnWhatsApp(ReferenceStory story) {
        story.setClock(CUSTOMER_WRITES);
        story.whatsApp("Hi, where is my order " + story.orderId + "? It should have arrived today.");
        List<String> sent = story.awaitWhatsApp(2);
        assertThat(sent.get(0)).contains("Thanks, Jane", "looking into order " + story.orderId);
        assertThat(sent.get(1)).contains(story.orderId, "delayed (carrier issue)", "raised it with our fulfilment team",
                "Tuesday", "Would you like that?");
        JsonNode offered = story.session();
        assertThat(offered.path("issue").asText()).isEqualTo("order " + story.orderId + " shipping delay");
        assertThat(offered.path("state").asText()).isEqualTo("awaiting_customer_choice");

        story.whatsApp("Yes please, Tuesday works for me");
        sent = story.awaitWhatsApp(4);
        assertThat(sent.get(2)).contains("booking Tuesday delivery");
        assertThat(sent.get(3)).contains("Done: Tuesday delivery is booked for order " + story.orderId,
                "email you the new tracking number");
        JsonNode record = story.awaitSession(session -> "awaiting_carrier_confirmation".equals(session.path("state").asText()));
        assertThat(record.path("customerId").asText()).isEqualTo(story.customerId);
        assertThat(record.path("issue").asText()).isEqualTo("order " + story.orderId + " shipping delay");
        assertThat(record.path("lastAction").asText()).isEqualTo("confirmed Tuesday delivery option");
        assertThat(record.path("nextAction").asText()).isEqualTo("email tracking number when carrier emits scan event");
        assertThat(record.path("channels").toString()).contains("whatsapp:" + story.phone);
    }

    /** The carrier re-labels at 06:10; the email waits for 09:00 in London, then goes once. */
    static JsonNode trackingEmailArrivesAtNineLondonTime(ReferenceStory story) {
        story.setClock(CARRIER_SCANS);
        story.carrierScansNewTrackingNumber();
        story.awaitSession(session -> "email tracking number at 09:00 Europe/London".equals(session.path("nextAction").asText()));

        story.setClock(NINE_IN_LONDON.minusSeconds(60));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> story.mails().isEmpty());

        story.setClock(NINE_IN_LONDON);
        await().atMost(ReferenceStory.PATIENCE).until(() -> story.mails().size() == 1);
        JsonNode mail = story.mails().get(0);
        assertThat(mail.path("body").asText()).contains(story.orderId, story.newTrackingCode, "Tuesday");
        Instant sentAt = Instant.parse(mail.path("sentAt").asText());
        assertThat(sentAt).isBetween(NINE_IN_LONDON, NINE_IN_LONDON.plusSeconds(60));
        return mail;
    }

    /** The lifelines a Mermaid sequence diagram declares, in order. */
    private static List<String> participants(String diagram) {
        List<String> names = new ArrayList<>();
        for (String line : diagram.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("participant ") || trimmed.startsWith("actor ")) {
                names.add(trimmed.split("\\s+")[1]);
            }
        }
        return names;
    }

    private static JsonNode lastReplyOn(ReferenceStory story, String channel) {
        List<JsonNode> replies = new ArrayList<>(story.agentReplies());
        replies.removeIf(reply -> !channel.equals(reply.path("channel").asText()));
        return replies.isEmpty() ? null : replies.get(replies.size() - 1);
    }
}
