package io.continuityhub.channel.email;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a mail a machine sent (an out-of-office reply, a list, a delivery report, the hub's own
 * mail) from a person's. The hub keeps such a mail in the session but never answers it: two
 * auto-responders answering each other is a mail loop. The signs are the hub's own address as
 * the sender, RFC 3834's {@code Auto-Submitted}, the de-facto {@code X-Autoreply}/{@code
 * X-Autorespond} and {@code Precedence}, and RFC 3464's delivery reports ({@code
 * multipart/report}, MAILER-DAEMON, postmaster).
 */
final class AutomatedMail {

    /**
     * The hub's own mail back in its inbox (a Bcc to itself, a customer's forwarding rule, a
     * relay's echo): answering it, the hub would write to itself, and answer that too.
     */
    static final String OWN_ADDRESS = "own-address";

    private static final Set<String> AUTOMATED_PRECEDENCE = Set.of("bulk", "auto_reply", "list", "junk");
    private static final Set<String> REPORTING_SENDERS = Set.of("mailer-daemon", "postmaster");

    private AutomatedMail() {
    }

    /**
     * Why the mail was sent by a machine, or empty for a person's mail.
     *
     * @param hubAddress the address the hub sends from, trimmed and lower-cased
     */
    static Optional<String> reason(MimeMessage mail, String hubAddress) throws MessagingException {
        String from = fromAddress(mail);
        if (from != null && from.equals(hubAddress)) {
            return Optional.of(OWN_ADDRESS);
        }
        String autoSubmitted = first(mail, "Auto-Submitted");
        if (autoSubmitted != null && !autoSubmitted.toLowerCase(Locale.ROOT).startsWith("no")) {
            return Optional.of("Auto-Submitted: " + autoSubmitted);
        }
        if (first(mail, "X-Autoreply") != null || first(mail, "X-Autorespond") != null) {
            return Optional.of("an auto-reply header");
        }
        String precedence = first(mail, "Precedence");
        if (precedence != null && AUTOMATED_PRECEDENCE.contains(precedence.toLowerCase(Locale.ROOT))) {
            return Optional.of("Precedence: " + precedence);
        }
        String contentType = first(mail, "Content-Type");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/report")) {
            return Optional.of("a delivery report");
        }
        if (from != null) {
            String local = from.split("@", 2)[0];
            if (REPORTING_SENDERS.contains(local)) {
                return Optional.of("a delivery report (from " + local + ")");
            }
        }
        return Optional.empty();
    }

    /** The From address, trimmed and lower-cased as the hub reads an email handle, or null. */
    private static String fromAddress(MimeMessage mail) throws MessagingException {
        if (mail.getFrom() != null && mail.getFrom().length > 0 && mail.getFrom()[0] instanceof InternetAddress from
                && from.getAddress() != null) {
            return from.getAddress().strip().toLowerCase(Locale.ROOT);
        }
        return null;
    }

    private static String first(MimeMessage mail, String name) throws MessagingException {
        String[] values = mail.getHeader(name);
        return values == null || values.length == 0 || values[0] == null || values[0].isBlank() ? null : values[0].strip();
    }
}
