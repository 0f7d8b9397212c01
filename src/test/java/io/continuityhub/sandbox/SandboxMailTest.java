package io.continuityhub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.continuityhub.channel.email.EmailReplies;
import io.continuityhub.support.FreePorts;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import io.continuityhub.tools.Action;
import io.continuityhub.tools.NewAction;
import io.continuityhub.tools.ToolOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code GET /sandbox/mail/{address}}: what the hub's SMTP route (tool-email-send) delivered to the sandbox mail server. */
class SandboxMailTest extends HubIntegrationTest {

    @Autowired
    ProducerTemplate producer;

    @Test
    void theHubsMailsToAnAddressAreListedInTheOrderItSentThem() {
        String customer = TestData.email();
        String sessionId = "sess-" + TestData.eventId();
        String question = "<question-" + TestData.eventId() + "@mail.example.com>";
        Instant firstAt = Instant.parse("2026-04-29T09:00:00Z");
        Instant secondAt = Instant.parse("2026-04-28T23:05:00Z");
        clock().set(firstAt);
        ToolOutcome first = send(sessionId, "tracking", Map.of("to", customer, "subject", "Your new tracking number",
                "text", "Your parcel now travels as 1Z999AA10123456784.\nIt arrives on Tuesday."));
        // the clock goes back: the list still follows the order of sending, not the Date header
        clock().set(secondAt);
        ToolOutcome second = send(sessionId, "answer", Map.of("to", customer, "subject", "Re: Order O-99281",
                "text", "Yes, we can change the address.", "inReplyTo", question, "references", "<thread-start@mail.example.com>"));

        Response listed = hub.send("GET", "/sandbox/mail/" + customer, null);

        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        JsonNode mails = listed.json();
        assertThat(mails).hasSize(2);
        JsonNode tracking = mails.get(0);
        assertThat(tracking.get("subject").asText()).isEqualTo("Your new tracking number");
        assertThat(tracking.get("body").asText()).isEqualTo("Your parcel now travels as 1Z999AA10123456784.\nIt arrives on Tuesday.");
        assertThat(tracking.get("messageId").asText()).isEqualTo(first.providerRef()).matches("<[0-9a-f]{32}@hub\\.local>");
        assertThat(tracking.get("inReplyTo").isNull()).isTrue();
        assertThat(tracking.get("references").isNull()).isTrue();
        assertThat(tracking.get("from").asText()).isEqualTo("support@hub.local");
        assertThat(tracking.get("to")).extracting(JsonNode::asText).containsExactly(customer);
        assertThat(Instant.parse(tracking.get("sentAt").asText())).as("the Date header, from the hub's clock")
                .isBetween(firstAt, firstAt.plusSeconds(60));
        JsonNode answer = mails.get(1);
        assertThat(answer.get("subject").asText()).isEqualTo("Re: Order O-99281");
        assertThat(answer.get("body").asText()).isEqualTo("Yes, we can change the address.");
        assertThat(answer.get("messageId").asText()).isEqualTo(second.providerRef()).isNotEqualTo(first.providerRef());
        assertThat(answer.get("inReplyTo").asText()).isEqualTo(question);
        assertThat(answer.get("references").asText()).isEqualTo("<thread-start@mail.example.com> " + question);
        assertThat(Instant.parse(answer.get("sentAt").asText())).isBetween(secondAt, secondAt.plusSeconds(60));
        assertThat(tracking.fieldNames()).toIterable().containsExactly("subject", "body", "messageId", "inReplyTo",
                "references", "from", "to", "sentAt");
    }

    @Test
    void theAddressMatchesWhateverItsCaseAndSurroundingSpaces() {
        String customer = TestData.email();
        send("sess-" + TestData.eventId(), "hello", Map.of("to", customer, "subject", "Hello", "text", "hi"));

        JsonNode exact = hub.send("GET", "/sandbox/mail/" + customer, null).json();
        JsonNode shouted = hub.send("GET", "/sandbox/mail/%20" + customer.toUpperCase() + "%20", null).json();

        assertThat(exact).hasSize(1);
        assertThat(shouted).isEqualTo(exact);
    }

    @Test
    void mailThatDidNotComeFromTheHubIsNotListed() {
        String customer = TestData.email();
        GreenMailUtil.sendTextEmail(customer, "someone-else@example.com", "not from the hub", "hello",
                new ServerSetup(FreePorts.sharedSmtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        send("sess-" + TestData.eventId(), "hello", Map.of("to", customer, "subject", "From the hub", "text", "hi"));

        JsonNode mails = hub.send("GET", "/sandbox/mail/" + customer, null).json();

        assertThat(mails).extracting(mail -> mail.get("subject").asText()).containsExactly("From the hub");
    }

    @Test
    void anAddressNothingWasSentToHasNoMail() {
        Response none = hub.send("GET", "/sandbox/mail/" + TestData.email(), null);

        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json()).isEmpty();
    }

    @Test
    void somethingThatIsNotAnAddressIs400NamingIt() {
        for (String notAnAddress : List.of("jane-at-example.com", "jane@example", "%20")) {
            Response refused = hub.send("GET", "/sandbox/mail/" + notAnAddress, null);

            assertThat(refused.status()).as(notAnAddress).isEqualTo(400);
            assertThat(refused.json().get("error").asText()).isEqualTo("invalid_field");
            assertThat(refused.json().get("field").asText()).isEqualTo("address");
        }
    }

    /** Sends an email-send action through the hub's own route, as the action dispatcher does. */
    private ToolOutcome send(String sessionId, String step, Map<String, Object> request) {
        Action action = new Action(NewAction.key(sessionId, "email-" + step, "email"), "cust-x", sessionId,
                EmailReplies.TOOL, "email", request, 1);
        return producer.requestBody("direct:tool-email-send", action, ToolOutcome.class);
    }
}
