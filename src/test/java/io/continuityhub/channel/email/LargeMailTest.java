package io.continuityhub.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.support.FreePorts;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import io.continuityhub.support.SealedRows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * A mail with a large attachment must not hold the mailbox: the mails behind it, other customers'
 * questions, are read and answered as if it were not there, and the hub keeps a reference to the
 * attachment (where it lies in the mailbox), never its bytes.
 */
class LargeMailTest extends HubIntegrationTest {

    private static final String HUB_LOGIN = "support@hub.local";
    private static final String HUB_PASSWORD = "sandbox-mail";
    private static final int TEN_MB = 10 * 1024 * 1024;
    /**
     * How many of the hub's mailbox polls a small mail may wait from its delivery to the mailbox
     * until it is stored: one poll is what it needs, the rest is slack for a loaded machine. The
     * 10 MB download that held the mailbox took dozens of polls.
     */
    private static final int POLLS = 8;
    /** A ceiling for the wait only, so a broken hub fails the test instead of hanging it. */
    private static final Duration CEILING = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Value("${hub.email.imap.poll-delay}")
    Duration pollDelay;

    private MailClient mail;

    @BeforeEach
    void mailClient() {
        mail = new MailClient("127.0.0.1", FreePorts.sharedSmtpPort(), FreePorts.sharedImapPort());
    }

    @Test
    void theMailsBehindALargeAttachmentAreAnsweredAndTheAttachmentIsKeptAsAReference() throws Exception {
        byte[] scan = new byte[TEN_MB];
        new Random(7).nextBytes(scan);
        byte[] receipt = new byte[2048];
        new Random(8).nextBytes(receipt);
        MailClient.Draft large = mail.send(MailClient.mail().from(TestData.email()).subject("The damaged parcel")
                .text("The parcel of O-12345 arrived damaged, photos attached.")
                .attach("parcel-scan.pdf", "application/pdf", scan)
                .attach("receipt.png", "image/png", receipt));
        List<String> others = new ArrayList<>();
        List<MailClient.Draft> questions = new ArrayList<>();
        List<Instant> delivered = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String email = TestData.email();
            hub.seedCustomer(TestData.customerId(), "UTC", Map.of("email", email));
            others.add(email);
            questions.add(mail.send(MailClient.mail().from(email).subject("Order O-5432" + i)
                    .text("Where is order O-5432" + i + "?")));
            delivered.add(clock().instant()); // SMTP accepted it: it is in the hub's mailbox, by the hub's clock
        }

        await().atMost(CEILING).pollInterval(Duration.ofMillis(200)).alias("every mail is stored and answered")
                .until(() -> stored(large.messageId) && questions.stream().allMatch(q -> stored(q.messageId))
                        && others.stream().allMatch(email -> sentTo(email) >= 1));
        for (int i = 0; i < questions.size(); i++) {
            Instant receivedAt = jdbc.sql("SELECT received_at FROM interaction WHERE ingress = 'email' AND provider_message_id = ?")
                    .param(questions.get(i).messageId).query(java.sql.Timestamp.class).single().toInstant();
            assertThat(Duration.between(delivered.get(i), receivedAt))
                    .as("the mail of %s, behind the large one, waited at most %d polls of %s", others.get(i), POLLS, pollDelay)
                    .isLessThanOrEqualTo(pollDelay.multipliedBy(POLLS));
        }
        Map<String, Object> row = SealedRows.interactions(jdbc, "ingress = 'email' AND provider_message_id = ?", large.messageId)
                .get(0);
        assertThat(row.get("text")).isEqualTo("The parcel of O-12345 arrived damaged, photos attached.");
        String attributes = JSON.writeValueAsString(row.get("attributes"));
        assertThat(attributes.length()).as("references, never the bytes").isLessThan(2_000);
        assertThat(count("SELECT octet_length(attributes::text) FROM interaction WHERE ingress = 'email' AND provider_message_id = ?",
                large.messageId)).as("sealed, still references, never the bytes").isLessThan(3_000);

        JsonNode attachments = JSON.readTree(attributes).get("attachments");
        assertThat(attachments).hasSize(2);
        JsonNode big = attachments.get(0);
        assertThat(big.get("name").asText()).isEqualTo("parcel-scan.pdf");
        assertThat(big.get("contentType").asText()).isEqualTo("application/pdf");
        assertThat(big.get("size").asLong()).as("as stored, base64").isGreaterThan(TEN_MB);
        assertThat(big.get("loaded").asBoolean()).as("the hub never held it").isFalse();
        assertThat(big.get("skipped").asText()).contains("hub.email.max-attachment-size");
        JsonNode small = attachments.get(1);
        assertThat(small.get("name").asText()).isEqualTo("receipt.png");
        assertThat(small.get("contentType").asText()).isEqualTo("image/png");
        assertThat(small.get("loaded").asBoolean()).isFalse();
        assertThat(small.has("skipped")).isFalse();

        // the reference is where the attachment really is: an IMAP client fetches exactly that part with it
        JsonNode where = small.get("imap");
        assertThat(where.get("folder").asText()).isEqualTo("INBOX");
        assertThat(mail.part(HUB_LOGIN, HUB_PASSWORD, where.get("uidValidity").asLong(), where.get("uid").asLong(),
                where.get("part").asText())).isEqualTo(receipt);
        assertThat(big.get("imap").get("part").asText()).isEqualTo("2");
    }

    private boolean stored(String messageId) {
        return count("SELECT count(*) FROM interaction WHERE ingress = 'email' AND provider_message_id = ? AND session_id IS NOT NULL",
                messageId) == 1;
    }

    private long sentTo(String address) {
        return hub.send("GET", "/sandbox/mail/" + address, null).json().size();
    }
}
