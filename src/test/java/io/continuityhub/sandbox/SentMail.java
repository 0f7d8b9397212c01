package io.continuityhub.sandbox;

import io.continuityhub.channel.email.EmailText;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

/**
 * One mail the sandbox's mail server delivered, as {@code GET /sandbox/mail/{address}} shows it.
 *
 * @param body the text/plain part (the first, in a multipart mail), else the text of the HTML part;
 *             line breaks as {@code \n}; null when the mail has no text at all
 * @param inReplyTo null when the mail answers nothing
 * @param references the header unfolded onto one line; null when absent
 * @param from the sender's address, without its display name
 * @param sentAt the mail's Date header (the hub sets it from its clock), else when the server received it
 */
record SentMail(String subject, String body, String messageId, String inReplyTo, String references, String from,
                List<String> to, Instant sentAt) {

    static SentMail of(MimeMessage mail, Date receivedAt) {
        try {
            Date sent = mail.getSentDate();
            return new SentMail(mail.getSubject(), body(mail), mail.getMessageID(), header(mail, "In-Reply-To"),
                    header(mail, "References"), sender(mail), addresses(mail.getRecipients(Message.RecipientType.TO)),
                    (sent != null ? sent : receivedAt).toInstant());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("the sandbox mail server holds a mail it cannot read back", e);
        }
    }

    /** The From address, null when the mail has none that parses. */
    static String sender(MimeMessage mail) throws MessagingException {
        List<String> from = addresses(mail.getFrom());
        return from.isEmpty() ? null : from.get(0);
    }

    private static String body(MimeMessage mail) throws MessagingException, IOException {
        return EmailText.raw(mail).map(text -> text.replace("\r\n", "\n").stripTrailing()).orElse(null);
    }

    private static String header(MimeMessage mail, String name) throws MessagingException {
        String value = mail.getHeader(name, " ");
        return value == null ? null : MimeUtility.unfold(value).replaceAll("\\s+", " ").strip();
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses).filter(InternetAddress.class::isInstance)
                .map(address -> ((InternetAddress) address).getAddress()).toList();
    }
}
