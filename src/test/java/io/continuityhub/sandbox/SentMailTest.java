package io.continuityhub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** How a delivered mail reads in {@code GET /sandbox/mail/{address}}, for the shapes the hub's own route never sends. */
class SentMailTest {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Date RECEIVED = Date.from(Instant.parse("2026-04-29T08:00:03Z"));

    @Test
    void aMultipartMailReadsAsItsFirstPlainTextPart() throws Exception {
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(part("Your parcel is on its way.\r\nTracking: 1Z999", "text/plain; charset=UTF-8"));
        alternative.addBodyPart(part("<p>Your parcel is <b>on its way</b>.</p>", "text/html; charset=UTF-8"));
        alternative.addBodyPart(part("a second plain part", "text/plain; charset=UTF-8"));
        MimeMessage mail = mail();
        mail.setContent(alternative);

        SentMail read = SentMail.of(delivered(mail), RECEIVED);

        assertThat(read.body()).isEqualTo("Your parcel is on its way.\nTracking: 1Z999");
    }

    @Test
    void anHtmlOnlyMailReadsAsTheTextOfItsHtml() throws Exception {
        MimeMessage mail = mail();
        mail.setContent("<html><body><p>Hello Jane,</p><p>your parcel is <b>on its way</b>.</p></body></html>",
                "text/html; charset=UTF-8");

        SentMail read = SentMail.of(delivered(mail), RECEIVED);

        assertThat(read.body()).isEqualTo("Hello Jane,\nyour parcel is on its way.");
    }

    @Test
    void withoutADateHeaderSentAtIsWhenTheServerReceivedItAndFoldedReferencesReadOnOneLine() throws Exception {
        // as raw text: Jakarta Mail would add a Date header to a message it writes itself
        String raw = "From: Customer Service <support@hub.local>\r\n"
                + "To: jane@example.com, Joe <joe@example.com>\r\n"
                + "Subject: Your parcel\r\n"
                + "Message-ID: <m1@hub.local>\r\n"
                + "References: <a@mail.example.com>\r\n\t<b@mail.example.com>\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "\r\n"
                + "hi\r\n";

        SentMail read = SentMail.of(new MimeMessage(SESSION, new ByteArrayInputStream(
                raw.getBytes(java.nio.charset.StandardCharsets.UTF_8))), RECEIVED);

        assertThat(read.sentAt()).isEqualTo(RECEIVED.toInstant());
        assertThat(read.references()).isEqualTo("<a@mail.example.com> <b@mail.example.com>");
        assertThat(read.from()).isEqualTo("support@hub.local");
        assertThat(read.to()).containsExactly("jane@example.com", "joe@example.com");
        assertThat(read.inReplyTo()).isNull();
        assertThat(read.messageId()).isEqualTo("<m1@hub.local>");
        assertThat(read.body()).isEqualTo("hi");
    }

    private static MimeMessage mail() throws MessagingException, java.io.UnsupportedEncodingException {
        MimeMessage mail = new MimeMessage(SESSION);
        mail.setFrom(new InternetAddress("support@hub.local", "Customer Service"));
        mail.setRecipients(Message.RecipientType.TO, "jane@example.com, Joe <joe@example.com>");
        mail.setSubject("Your parcel");
        mail.setSentDate(new Date());
        return mail;
    }

    private static MimeBodyPart part(String content, String type) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setContent(content, type);
        return part;
    }

    /** The mail as the server holds it: written out and parsed back, as SMTP delivers it. */
    private static MimeMessage delivered(MimeMessage mail) throws MessagingException, IOException {
        mail.saveChanges();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        mail.writeTo(bytes);
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes.toByteArray()));
    }
}
