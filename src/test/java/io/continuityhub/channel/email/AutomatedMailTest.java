package io.continuityhub.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.continuityhub.channel.reply.CustomerMessenger;
import io.continuityhub.support.FreePorts;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.MetaWebhooks;
import io.continuityhub.support.TestData;
import io.continuityhub.support.SealedRows;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Mail a machine sent is kept in the customer's session and never answered: an out-of-office
 * reply answered by the hub answers the hub back, and two robots write to each other for ever.
 */
class AutomatedMailTest extends HubIntegrationTest {

    private static final String REPORT = """
            --report
            Content-Type: text/plain; charset=UTF-8

            Your message could not be delivered.
            --report
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mail.example.com
            Final-Recipient: rfc822; someone@example.com
            Action: failed
            Status: 5.1.1
            --report--
            """;

    private static final String HUB_ADDRESS = "support@hub.local";
    private static final String HUB_PASSWORD = "sandbox-mail";

    @Autowired
    CustomerMessenger messenger;

    private MailClient mail;

    @BeforeEach
    void mailClient() {
        mail = new MailClient("127.0.0.1", FreePorts.sharedSmtpPort(), FreePorts.sharedImapPort());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an out-of-office reply | Auto-Submitted | auto-replied",
            "an auto-responder      | X-Autoreply    | yes",
            "a bulk mail            | Precedence     | bulk",
            "a list mail            | Precedence     | list",
            "an auto_reply          | Precedence     | auto_reply",
            "a generated mail       | Auto-Submitted | auto-generated",
            "a delivery report      | Content-Type   | multipart/report; report-type=delivery-status; boundary=report"})
    void isKeptInTheSessionAndNeverAnswered(String kind, String header, String value) throws Exception {
        String customerId = TestData.customerId();
        String email = TestData.email();
        hub.seedCustomer(customerId, "UTC", Map.of("email", email));
        MailClient.Draft question = mail.send(MailClient.mail().from(email).subject("Order O-12345").text(
                "Where is order O-12345?"));
        String sessionId = awaitInteraction(question.messageId);
        await().atMost(Duration.ofSeconds(15)).until(() -> sentTo(email) >= 1);
        awaitQuiet(sessionId); // every answer to the question has gone

        MailClient.Draft automated = mail.send(MailClient.mail().from(email).subject("Automatic reply: Order O-12345")
                .text(header.equals("Content-Type") ? REPORT : "I am out of the office until Monday.")
                .headers(Map.of(header, value)));

        assertThat(awaitInteraction(automated.messageId)).as("kept in the same session").isEqualTo(sessionId);
        assertThat(SealedRows.attribute(jdbc, "automated", "provider_message_id = ?", automated.messageId))
                .as(kind).singleElement().asString().isNotBlank();
        awaitQuiet(sessionId);
        long answersBefore = sentTo(email);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> sentTo(email) == answersBefore);
        long automatedSeq = count("SELECT event_seq FROM interaction WHERE provider_message_id = ?", automated.messageId);
        assertThat(SealedRows.events(jdbc, "session_id = ? AND type = 'agent_decided'", sessionId))
                .filteredOn(event -> event.payload().path("inResponseToSeq").asLong(-1) == automatedSeq)
                .as("the agent took no turn on " + kind).isEmpty();
    }

    @Test
    void anOutOfOfficeMailDoesNotMoveTheConversationToEmail() throws Exception {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        String email = TestData.email();
        hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", phone, "email", email));
        String digits = phone.substring(1);
        MetaWebhooks.post(hub, MetaWebhooks.payload(digits, List.of(MetaWebhooks.textMessage(digits,
                "wamid.A" + UUID.randomUUID(), 1_777_000_000L, "Hello")), List.of()));
        String sessionId = hub.opsGet("/api/v1/customers/" + customerId + "/session").json().get("sessionId").asText();

        MailClient.Draft away = mail.send(MailClient.mail().from(email).subject("Out of office")
                .text("I am away until Monday.").headers(Map.of("Auto-Submitted", "auto-replied")));

        assertThat(awaitInteraction(away.messageId)).isEqualTo(sessionId);
        assertThat(messenger.lastChannel(sessionId)).as("where the hub's next message goes").contains("whatsapp");
    }

    @ParameterizedTest(name = "from {0}")
    @CsvSource({"MAILER-DAEMON", "postmaster"})
    void aBounceFromTheMailSystemIsKeptAndNeverAnswered(String sender) throws Exception {
        String from = sender + "@mail" + TestData.customerId().replace("cust-", "") + ".example.com";
        MailClient.Draft bounce = mail.send(MailClient.mail().from(from).subject("Undelivered Mail Returned to Sender")
                .text("This is the mail system. Your message could not be delivered."));

        String sessionId = awaitInteraction(bounce.messageId);
        awaitAgentDone(sessionId);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sentTo(from.toLowerCase()) == 0);
        assertThat(count("SELECT count(*) FROM session_event WHERE session_id = ? AND type = 'agent_reply'", sessionId))
                .isZero();
    }

    @Test
    void mailFromTheHubsOwnAddressIsKeptAndNeverAnswered() throws Exception {
        // the hub's own mail back in its inbox (a Bcc to itself, a customer's forwarding rule): answering
        // it would have the hub write to itself, and answer that too
        MailClient.Draft own = mail.send(MailClient.mail().from("Customer Service <" + HUB_ADDRESS.toUpperCase() + ">")
                .subject("Re: Your order O-12345").text("Where is order O-12345?"));

        String sessionId = awaitInteraction(own.messageId);
        assertThat(SealedRows.attribute(jdbc, "automated", "provider_message_id = ?", own.messageId))
                .containsExactly("own-address");
        awaitAgentDone(sessionId);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                mail.countWithHeader(HUB_ADDRESS, HUB_PASSWORD, "In-Reply-To", own.messageId) == 0);
        assertThat(count("SELECT count(*) FROM action WHERE session_id = ?", sessionId)).as("nothing planned").isZero();
        assertThat(count("SELECT count(*) FROM session_event WHERE session_id = ? AND type = 'agent_reply'", sessionId))
                .isZero();
    }

    private String awaitInteraction(String messageId) {
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> jdbc.sql(
                "SELECT session_id FROM interaction WHERE ingress = 'email' AND provider_message_id = ?")
                .param(messageId).query(String.class).optional(), found -> found.isPresent()).orElseThrow();
    }

    private long sentTo(String address) {
        return hub.send("GET", "/sandbox/mail/" + address, null).json().size();
    }
}
