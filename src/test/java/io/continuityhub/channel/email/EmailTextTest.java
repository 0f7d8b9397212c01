package io.continuityhub.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EmailTextTest {

    private static final Session SESSION = Session.getInstance(new Properties());

    @Test
    void thePlainAlternativeIsPreferredOverTheHtmlOne() throws Exception {
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(part("Plain words\n\n> quoted", "text/plain; charset=UTF-8"));
        alternative.addBodyPart(part("<p>HTML words</p>", "text/html; charset=UTF-8"));
        MimeMessage mail = new MimeMessage(SESSION);
        mail.setContent(alternative);
        mail.saveChanges();

        assertThat(EmailText.of(reparse(mail))).contains("Plain words");
    }

    @Test
    void gmailHtmlOnlyReplyGivesItsTextWithoutTheGmailQuote() throws Exception {
        String html = """
                <div dir="ltr"><div>Thanks, and can I change the address?</div><div><br></div><div>Jane</div></div>
                <br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, Apr 28, 2026 at 10:15 AM Customer
                Service &lt;<a href="mailto:support@hub.local">support@hub.local</a>&gt; wrote:<br></div>
                <blockquote class="gmail_quote" style="margin:0px">Your order is delayed.</blockquote></div>""";

        assertThat(EmailText.of(message(html, "text/html; charset=UTF-8")))
                .contains("Thanks, and can I change the address?\n\nJane");
    }

    @Test
    void appleMailHtmlLosesTheCitedBlockquoteAndItsAttribution() throws Exception {
        String html = """
                <html><head><style>p {}</style></head><body>Wednesday works better for me.<br><br>
                <div><br><blockquote type="cite"><div>On 28 Apr 2026, at 23:05, Customer Service &lt;support@hub.local&gt;
                wrote:</div><div>We can deliver on Tuesday.</div></blockquote></div></body></html>""";

        assertThat(EmailText.of(message(html, "text/html; charset=UTF-8"))).contains("Wednesday works better for me.");
    }

    @Test
    void outlookHtmlDropsEverythingFromItsReplyHeaderOn() throws Exception {
        String html = """
                <html><body><div class="WordSection1"><p class="MsoNormal">Please use my office address.</p>
                <p class="MsoNormal">&nbsp;</p></div><div id="appendonsend"></div><hr>
                <div id="divRplyFwdMsg"><b>From:</b> Customer Service &lt;support@hub.local&gt;<br><b>Sent:</b> Wednesday</div>
                <div>Your parcel now travels as 1Z999AA10123456784.</div></body></html>""";

        assertThat(EmailText.of(message(html, "text/html; charset=UTF-8"))).contains("Please use my office address.");
    }

    @Test
    void attachmentsAreNotTheCustomersText() throws Exception {
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(part("See the photo.", "text/plain; charset=UTF-8"));
        MimeBodyPart photoNotes = part("EXIF notes that are not a message", "text/plain; charset=UTF-8");
        photoNotes.setDisposition(MimeBodyPart.ATTACHMENT);
        mixed.addBodyPart(photoNotes);
        MimeMessage withText = new MimeMessage(SESSION);
        withText.setContent(mixed);
        withText.saveChanges();

        MimeMultipart onlyAttachment = new MimeMultipart("mixed");
        onlyAttachment.addBodyPart(photoNotes);
        MimeMessage withoutText = new MimeMessage(SESSION);
        withoutText.setContent(onlyAttachment);
        withoutText.saveChanges();

        assertThat(EmailText.of(reparse(withText))).contains("See the photo.");
        assertThat(EmailText.of(reparse(withoutText))).isEmpty();
    }

    @Test
    void aCharsetJavaDoesNotKnowIsReadAsUtf8InsteadOfLosingTheMail() throws Exception {
        String raw = "From: jane@example.com\r\nSubject: hi\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=x-unknown-charset\r\n\r\nCafé at 10?\r\n";
        MimeMessage mail = new MimeMessage(SESSION, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));

        assertThat(EmailText.of(mail)).contains("Café at 10?");
    }

    private static MimeBodyPart part(String text, String contentType) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setContent(text, contentType);
        return part;
    }

    private static MimeMessage message(String text, String contentType) throws Exception {
        MimeMessage mail = new MimeMessage(SESSION);
        mail.setContent(text, contentType);
        mail.saveChanges();
        return reparse(mail);
    }

    /** The mail as the hub receives it: bytes off the wire, not the objects that built it. */
    private static MimeMessage reparse(MimeMessage mail) throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        mail.writeTo(bytes);
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes.toByteArray()));
    }
}
