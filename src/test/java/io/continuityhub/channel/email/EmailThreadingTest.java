package io.continuityhub.channel.email;

import io.continuityhub.tools.email.MessageIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.continuityhub.support.FreePorts;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import io.continuityhub.support.SealedRows;
import io.continuityhub.tools.Action;
import io.continuityhub.tools.NewAction;
import io.continuityhub.tools.PermanentToolException;
import io.continuityhub.tools.ToolOutcome;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The hub's replies, sent by tool-email-send into the sandbox's mail server and read from the customer's mailbox. */
class EmailThreadingTest extends HubIntegrationTest {

    private static final Duration PROCESSED = Duration.ofSeconds(15);

    @Autowired
    EmailReplies replies;

    @Autowired
    ProducerTemplate producer;

    private MailClient mail;

    @BeforeEach
    void mailClient() {
        mail = new MailClient("127.0.0.1", FreePorts.sharedSmtpPort(), FreePorts.sharedImapPort());
    }

    @Test
    void theHubsReplyThreadsUnderTheCustomersMailAndTheCustomersAnswerThreadsUnderTheReply() throws Exception {
        String customer = TestData.email();
        MailClient.Draft question = mail.send(MailClient.mail().from("Jane Doe <" + customer + ">")
                .subject("RE: Re: Order O-99281").text("Can I change the delivery address?")
                .headers(Map.of("References", "<first@mail.example.com>\r\n <second@mail.example.com>")));
        Map<String, Object> stored = awaitInteraction(question.messageId);
        String sessionId = stored.get("session_id").toString();

        Map<String, Object> request = replies.replyTo(sessionId, "Yes: reply with the new address.").orElseThrow();
        Action action = new Action(NewAction.key(sessionId, "answer-address-change", "email"),
                stored.get("customer_id").toString(), sessionId, EmailReplies.TOOL, "email", request, 1);
        ToolOutcome outcome = producer.requestBody("direct:tool-email-send", action, ToolOutcome.class);

        // the hub's agent answers the customer's mail in the background too: pick the test's own reply
        String derivedId = MessageIds.derive(action.idempotencyKey(), "support@hub.local");
        List<MimeMessage> ours = new java.util.ArrayList<>();
        for (MimeMessage received : mail.inbox(customer, customer)) {
            if (derivedId.equals(received.getMessageID())) {
                ours.add(received);
            }
        }
        assertThat(ours).as("the reply sent under the action's key, once").hasSize(1);
        MimeMessage reply = ours.get(0);
        assertThat(reply.getMessageID()).isEqualTo(derivedId).matches("<[0-9a-f]{32}@hub\\.local>");
        assertThat(outcome.providerRef()).isEqualTo(derivedId);
        assertThat(outcome.response()).containsEntry("to", customer).containsEntry("subject", "Re: Order O-99281");
        assertThat(reply.getHeader("In-Reply-To")).containsExactly(question.messageId);
        assertThat(reply.getHeader("References")).containsExactly(
                "<first@mail.example.com> <second@mail.example.com> " + question.messageId);
        assertThat(reply.getSubject()).isEqualTo("Re: Order O-99281");
        assertThat(((InternetAddress) reply.getFrom()[0]).getAddress()).isEqualTo("support@hub.local");
        assertThat(((InternetAddress) reply.getFrom()[0]).getPersonal()).isEqualTo("Customer Service");
        assertThat(reply.getContent().toString().strip()).isEqualTo("Yes: reply with the new address.");

        MailClient.Draft answer = mail.send(MailClient.mail().from(customer).subject(reply.getSubject())
                .text("12 High Street, London").headers(Map.of("In-Reply-To", reply.getMessageID())));
        Map<String, Object> answered = awaitInteraction(answer.messageId);
        assertThat(answered.get("session_id")).isEqualTo(sessionId);
        assertThat(SealedRows.attribute(jdbc, "inReplyTo", "interaction_id = ?", answered.get("interaction_id")))
                .containsExactly(derivedId);
    }

    @Test
    void theSameActionSentTwiceCarriesTheSameMessageId() throws Exception {
        String customer = TestData.email();
        Action action = new Action(NewAction.key("sess-" + TestData.eventId(), "tracking", "email"), "cust-x", null,
                EmailReplies.TOOL, "email", Map.of("to", customer, "subject", "Your new tracking number",
                "text", "1Z999AA10123456784"), 1);
        Action retried = new Action(action.idempotencyKey(), "cust-x", null, EmailReplies.TOOL, "email", action.request(), 2);

        ToolOutcome first = producer.requestBody("direct:tool-email-send", action, ToolOutcome.class);
        ToolOutcome second = producer.requestBody("direct:tool-email-send", retried, ToolOutcome.class);

        assertThat(second.providerRef()).isEqualTo(first.providerRef());
        List<MimeMessage> inbox = mail.inbox(customer, customer);
        assertThat(inbox).extracting(MimeMessage::getMessageID).containsExactly(first.providerRef(), first.providerRef());
        assertThat(inbox.get(0).getHeader("In-Reply-To")).as("a fresh mail answers nothing").isNull();
    }

    @Test
    void thereIsNoReplyToMakeInASessionWhereTheCustomerNeverMailed() {
        String phone = TestData.phone();
        String sessionId = hub.touchpoint(TestData.eventId(), "voice", "phone", phone, "hello").json().get("sessionId").asText();

        assertThat(replies.replyTo(sessionId, "hello back")).isEmpty();
    }

    @Test
    void anActionWhoseRecipientIsNotAnAddressFailsForGoodAndSendsNothing() {
        Action action = new Action(NewAction.key("sess-x", "bad", TestData.eventId()), "cust-x", null, EmailReplies.TOOL,
                "email", Map.of("to", "jane at example dot com", "subject", "hi", "text", "hi"), 1);

        assertThatThrownBy(() -> producer.requestBody("direct:tool-email-send", action))
                .isInstanceOf(CamelExecutionException.class)
                .hasCauseInstanceOf(PermanentToolException.class);
    }

    private Map<String, Object> awaitInteraction(String messageId) {
        return await().atMost(PROCESSED).pollInterval(Duration.ofMillis(100))
                .until(() -> jdbc.sql("SELECT * FROM interaction WHERE ingress = 'email' AND provider_message_id = ?")
                        .param(messageId).query().listOfRows(), rows -> !rows.isEmpty())
                .get(0);
    }
}
