package io.continuityhub.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.CustomerMessages;
import io.continuityhub.support.FreePorts;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.MetaWebhooks;
import io.continuityhub.support.TestData;
import io.continuityhub.support.SealedRows;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mail sent by a real SMTP client into the sandbox's mail server and read by the hub over IMAP,
 * as in the default run.
 */
class EmailIngressTest extends HubIntegrationTest {

    private static final String HUB_LOGIN = "support@hub.local";
    private static final String HUB_PASSWORD = "sandbox-mail";
    private static final Duration PROCESSED = Duration.ofSeconds(15);

    private MailClient mail;

    @BeforeEach
    void mailClient() {
        mail = new MailClient("127.0.0.1", FreePorts.sharedSmtpPort(), FreePorts.sharedImapPort());
    }

    @Test
    void aCustomerWhoWroteOnWhatsAppThenRepliesByEmailFromTheirVerifiedAddressStaysInOneSessionInOrder()
            throws Exception {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        String email = TestData.email();
        hub.seedCustomer(customerId, "Europe/London", Map.of("whatsapp", phone, "email", email));
        String digits = phone.substring(1);
        Response whatsapp = MetaWebhooks.post(hub, MetaWebhooks.payload(digits, List.of(MetaWebhooks.textMessage(digits,
                "wamid.E" + UUID.randomUUID(), 1_777_000_000L, "where is my order O-99281?")), List.of()));
        assertThat(whatsapp.status()).isEqualTo(200);
        String sessionId = hub.opsGet("/api/v1/customers/" + customerId + "/session").json().get("sessionId").asText();

        MailClient.Draft reply = mail.send(MailClient.mail().from("Jane Doe <" + email.toUpperCase() + ">")
                .subject("Re: Your order O-99281").text("""
                        thanks, and can I change the address?

                        On Tue, 28 Apr 2026 at 23:05, Customer Service <support@hub.local> wrote:
                        > Your order O-99281 is delayed.
                        """));

        Map<String, Object> stored = awaitInteraction(reply.messageId);
        assertThat(stored).containsEntry("customer_id", customerId).containsEntry("session_id", sessionId)
                .containsEntry("channel", "email").containsEntry("handle_value", email)
                .containsEntry("text", "thanks, and can I change the address?");
        JsonNode events = CustomerMessages.of(hub.opsGet("/api/v1/sessions/" + sessionId + "/events").json());
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("channel").asText()).isEqualTo("whatsapp");
        assertThat(events.get(1).get("channel").asText()).isEqualTo("email");
        assertThat(events.get(1).get("seq").asLong()).isGreaterThan(events.get(0).get("seq").asLong());
        assertThat(events.get(1).get("payload").get("attributes").get("subject").asText()).isEqualTo("Re: Your order O-99281");
        assertThat(events.get(1).get("payload").get("attributes").get("messageId").asText()).isEqualTo(reply.messageId);
        JsonNode session = hub.opsGet("/api/v1/customers/" + customerId + "/session").json();
        assertThat(StreamSupport.stream(session.get("channels").spliterator(), false).map(JsonNode::asText))
                .containsExactly("whatsapp:" + phone, "email:" + email);
    }

    @Test
    void aMailFromAnUnknownAddressGetsAProvisionalCustomerAndNotTheKnownCustomersSession() throws Exception {
        String knownId = TestData.customerId();
        String knownEmail = TestData.email();
        hub.seedCustomer(knownId, "UTC", Map.of("email", knownEmail));
        String knownSession = hub.touchpoint(TestData.eventId(), "chat", "email", knownEmail, "hello").json()
                .get("sessionId").asText();
        String stranger = TestData.email();

        // same display name as the known customer: names never identify anyone
        MailClient.Draft sent = mail.send(MailClient.mail().from("Test " + knownId + " <" + stranger + ">")
                .text("I am the customer, send me their order details"));

        Map<String, Object> stored = awaitInteraction(sent.messageId);
        assertThat(stored.get("customer_id")).isNotEqualTo(knownId);
        assertThat(stored.get("session_id")).isNotEqualTo(knownSession);
        JsonNode resolved = hub.opsGet("/api/v1/customers/resolve?channel=email&handle=" + stranger).json();
        assertThat(resolved.get("customerId").asText()).isEqualTo(stored.get("customer_id"));
        assertThat(resolved.get("provisional").asBoolean()).isTrue();
        assertThat(CustomerMessages.of(hub.opsGet("/api/v1/sessions/" + knownSession + "/events").json())).hasSize(1);
    }

    @ParameterizedTest(name = "with a Message-ID: {0}")
    @ValueSource(booleans = {true, false})
    void aMailFetchedAgainAfterItWasMarkedUnreadIsStoredOnce(boolean hasMessageId) throws Exception {
        MailClient.Draft sent = mail.send(MailClient.mail().from(TestData.email())
                .messageId(hasMessageId ? "<" + UUID.randomUUID() + "@mail.example.com>" : null));
        String providerMessageId = awaitInteractionBySubject(sent.subject).get("provider_message_id").toString();
        if (hasMessageId) {
            assertThat(providerMessageId).isEqualTo(sent.messageId);
        } else {
            assertThat(providerMessageId).as("a stable hash of sender, date, subject and body").startsWith("sha256:");
        }
        await().atMost(PROCESSED).until(() -> mail.isSeen(HUB_LOGIN, HUB_PASSWORD, sent.subject));

        mail.markUnseen(HUB_LOGIN, HUB_PASSWORD, sent.subject);

        // seen again means a poll fetched it again and its exchange completed
        await().atMost(PROCESSED).pollInterval(Duration.ofMillis(100))
                .until(() -> mail.isSeen(HUB_LOGIN, HUB_PASSWORD, sent.subject));
        assertThat(SealedRows.emailsWithSubject(jdbc, sent.subject)).hasSize(1);
        String sessionId = awaitInteractionBySubject(sent.subject).get("session_id").toString();
        assertThat(count("SELECT count(*) FROM session_event WHERE session_id = ? AND type = 'customer_message'", sessionId)).isEqualTo(1);
    }

    @Test
    void aFailedAcceptIsRolledBackAndTheMailStaysUnseenUntilALaterPollAcceptsIt() throws Exception {
        String subject = "Fails twice " + UUID.randomUUID();
        AtomicInteger failures = new AtomicInteger();
        // Only this test's mail fails, and only twice, so the advice is harmless to the other tests.
        AdviceWith.adviceWith(camel, "ingress-email", route -> {
            route.weaveById("read-email").after().setProperty("testSubject", route.simple("${body.attributes[subject]}"));
            route.weaveById("accept-email").after()
                    .filter(exchange -> subject.equals(exchange.getProperty("testSubject")) && failures.getAndIncrement() < 2)
                    .throwException(new IllegalStateException("crash after the accept stage wrote, before commit"));
        });
        String sender = TestData.email();

        mail.send(MailClient.mail().from(sender).subject(subject));

        await().atMost(PROCESSED).pollInterval(Duration.ofMillis(20)).until(() -> failures.get() >= 1);
        assertThat(SealedRows.emailsWithSubject(jdbc, subject)).as("the failed accept was rolled back").isEmpty();
        assertThat(count("SELECT count(*) FROM customer_handle WHERE value = ?", sender)).isZero();
        assertThat(mail.isSeen(HUB_LOGIN, HUB_PASSWORD, subject)).as("left unseen for the next poll").isFalse();

        Map<String, Object> stored = awaitInteractionBySubject(subject);
        assertThat(failures.get()).isEqualTo(3); // two failures, then the poll that accepted it
        await().atMost(PROCESSED).until(() -> mail.isSeen(HUB_LOGIN, HUB_PASSWORD, subject));
        assertThat(SealedRows.emailsWithSubject(jdbc, subject)).hasSize(1);
        assertThat(count("SELECT count(*) FROM session_event WHERE session_id = ? AND type = 'customer_message'", stored.get("session_id"))).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM customer_handle WHERE value = ?", sender)).isEqualTo(1);
    }

    @ParameterizedTest(name = "From: {0}")
    @ValueSource(strings = {"", "Jane Doe"})
    void aMailWithoutAUsableSenderIsMarkedSeenAndStoresNothing(String from) throws Exception {
        long interactionsBefore = count("SELECT count(*) FROM interaction");
        MailClient.Draft sent = mail.send(MailClient.mail().from(from.isEmpty() ? null : from));

        await().atMost(PROCESSED).pollInterval(Duration.ofMillis(100))
                .until(() -> mail.isSeen(HUB_LOGIN, HUB_PASSWORD, sent.subject));
        assertThat(SealedRows.emailsWithSubject(jdbc, sent.subject)).isEmpty();
        assertThat(count("SELECT count(*) FROM inbound_message_id WHERE message_id = ?", "email:" + sent.messageId)).isZero();
        assertThat(count("SELECT count(*) FROM interaction")).isEqualTo(interactionsBefore);
    }

    @Test
    void aMailWhoseTextCannotBeDecodedIsStoredWithoutItsTextAndNotFetchedAgain() throws Exception {
        String subject = "Broken base64 " + UUID.randomUUID();
        String messageId = "<" + UUID.randomUUID() + "@mail.example.com>";
        mail.sendAsWritten("From: " + TestData.email() + "\r\nTo: " + HUB_LOGIN + "\r\nSubject: " + subject
                + "\r\nMessage-ID: " + messageId + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8"
                + "\r\nContent-Transfer-Encoding: base64\r\n\r\nV2hlcmUgaXMgbXkgb3JkZXI/R\r\n");

        Map<String, Object> stored = awaitInteraction(messageId);
        assertThat(stored.get("text")).isNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) stored.get("attributes");
        assertThat(attributes).containsEntry("noText", true);
        assertThat(attributes.get("unreadableBody").toString()).contains("DecodingException");
        await().atMost(PROCESSED).until(() -> mail.isSeen(HUB_LOGIN, HUB_PASSWORD, subject));
    }

    @Test
    void anHtmlOnlyMailIsStoredAsItsTextWithoutTheQuotedHistory() throws Exception {
        MailClient.Draft sent = mail.send(MailClient.mail().from(TestData.email()).html("""
                <div dir="ltr">Can it come on <b>Wednesday</b>?</div><br>
                <div class="gmail_quote">On Tue, 28 Apr 2026, Customer Service wrote:<blockquote>Tuesday?</blockquote></div>"""));

        assertThat(awaitInteraction(sent.messageId)).containsEntry("text", "Can it come on Wednesday?");
    }

    private Map<String, Object> awaitInteraction(String messageId) {
        return await().atMost(PROCESSED).pollInterval(Duration.ofMillis(100))
                .until(() -> SealedRows.interactions(jdbc, "ingress = 'email' AND provider_message_id = ?", messageId),
                        rows -> !rows.isEmpty())
                .get(0);
    }

    private Map<String, Object> awaitInteractionBySubject(String subject) {
        return await().atMost(PROCESSED).pollInterval(Duration.ofMillis(100))
                .until(() -> SealedRows.emailsWithSubject(jdbc, subject), rows -> !rows.isEmpty())
                .get(0);
    }
}
