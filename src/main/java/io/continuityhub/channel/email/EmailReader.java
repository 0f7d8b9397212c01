package io.continuityhub.channel.email;

import io.continuityhub.channel.IngressProperties;
import io.continuityhub.channel.IngressTimeWindow;
import io.continuityhub.channel.Interaction;
import io.continuityhub.channel.RefusedCharacters;
import io.continuityhub.identity.Handle;
import io.continuityhub.identity.HandleNormalizer;
import io.continuityhub.identity.HandleType;
import io.continuityhub.identity.InvalidHandleException;
import io.continuityhub.kernel.Redact;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Body;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads a mail from the hub's mailbox into an {@link Interaction}: who wrote (the From address,
 * an email handle), the mail's own Message-ID as the provider message id (so a mail fetched twice
 * is accepted once), the customer's words without quoted history, what threading needs
 * (subject, Message-ID, In-Reply-To, References), and its attachments as references.
 *
 * <p>It reads what {@link EmailFetcher} brought off the server, so every failure here is the
 * mail's own and would happen again on every poll: a mail without a usable sender throws
 * {@link UnusableEmailException}, and a body that could not be read is accepted without text
 * rather than lost. Mail a machine sent, the hub's own among it, is marked {@link AutomatedMail
 * automated}: kept, never answered.
 *
 * <p>A mail cannot be refused, so what the HTTP ingresses refuse is mended here instead
 * (docs/api.md#characters): every text kept of a mail (its text, subject, ids, attachment names)
 * loses the characters of {@link RefusedCharacters}, which PostgreSQL cannot keep or nobody wrote,
 * and a Date outside {@code hub.ingress.time-window} gives way to the time the hub read the mail.
 * The sender's address is not mended: with a character taken out it would be someone else's, so
 * such a mail has no usable sender.
 */
@Component
public class EmailReader {

    static final String INGRESS = "email";
    static final String CHANNEL = "email";
    /** RFC 5322 caps a header line at 998 characters; a longer "Message-ID" is no id a mail client sends. */
    private static final int MAX_MESSAGE_ID_CHARS = 998;

    private final HandleNormalizer handles;
    private final Clock clock;
    private final IngressTimeWindow timeWindow;
    private final int maxTextChars;
    private final String hubAddress;

    EmailReader(HandleNormalizer handles, Clock clock, IngressTimeWindow timeWindow, IngressProperties ingress,
                @Value("${hub.email.address:}") String hubAddress) {
        this.handles = handles;
        this.clock = clock;
        this.timeWindow = timeWindow;
        this.maxTextChars = ingress.maxTextChars();
        this.hubAddress = hubAddress.trim().toLowerCase(Locale.ROOT);
    }

    public Interaction read(@Body PolledMail mail) {
        try {
            return interaction(mail);
        } catch (MessagingException e) {
            // a header jakarta.mail cannot parse (the message names no value, as it is logged)
            throw new UnusableEmailException("its headers cannot be parsed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Interaction interaction(PolledMail polled) throws MessagingException {
        MimeMessage mail = polled.headers();
        Handle sender = sender(mail);
        Optional<String> raw = Optional.ofNullable(polled.rawText());
        String messageId = header(mail, "Message-ID");
        String subject = RefusedCharacters.strip(mail.getSubject());

        Map<String, Object> attributes = new LinkedHashMap<>();
        putIfPresent(attributes, "subject", subject);
        putIfPresent(attributes, "messageId", messageId);
        putIfPresent(attributes, "inReplyTo", header(mail, "In-Reply-To"));
        putIfPresent(attributes, "references", header(mail, "References"));
        AutomatedMail.reason(mail, hubAddress).ifPresent(reason -> attributes.put(Interaction.AUTOMATED, reason));
        if (!polled.attachments().isEmpty()) {
            attributes.put("attachments", polled.attachments().stream().map(AttachmentReference::attribute).toList());
        }
        String text = raw.map(EmailText::clean).map(RefusedCharacters::strip).orElse(null);
        if (raw.isEmpty()) {
            attributes.put("noText", true);
            putIfPresent(attributes, "unreadableBody", polled.unreadable());
        } else if (text.length() > maxTextChars) {
            text = text.substring(0, maxTextChars - 1) + "…";
            attributes.put("truncated", true);
        }
        String providerMessageId = messageId != null && messageId.length() <= MAX_MESSAGE_ID_CHARS ? messageId
                : fallbackId(sender, firstValue(mail, "Date"), mail.getSubject(), raw.orElse(""));
        Instant occurredAt = occurredAt(mail, attributes);
        return new Interaction(INGRESS, providerMessageId, CHANNEL, sender, occurredAt, text, kept(attributes));
    }

    /** When the sender says they wrote it, unless that is outside the window: then when the hub read it. */
    private Instant occurredAt(MimeMessage mail, Map<String, Object> attributes) throws MessagingException {
        java.util.Date sent = mail.getSentDate();
        if (sent == null) {
            return clock.instant();
        }
        if (!timeWindow.contains(sent.toInstant())) {
            putIfPresent(attributes, "dateOutOfRange", header(mail, "Date"));
            return clock.instant();
        }
        return sent.toInstant();
    }

    /** The attributes without refused characters, in names and values, however deep. */
    @SuppressWarnings("unchecked")
    private static <T> T kept(T value) {
        if (value instanceof String text) {
            return (T) RefusedCharacters.strip(text);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((name, item) -> copy.put(kept(String.valueOf(name)), kept(item)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            return (T) list.stream().map(EmailReader::kept).toList();
        }
        return value;
    }

    private Handle sender(MimeMessage mail) throws MessagingException {
        Address[] from;
        try {
            from = mail.getFrom();
        } catch (AddressException e) {
            throw new UnusableEmailException("its From header is not an address"); // the header itself is not logged
        }
        if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress address) || address.getAddress() == null) {
            throw new UnusableEmailException("it has no From address");
        }
        if (RefusedCharacters.firstIn(address.getAddress()) >= 0) {
            throw new UnusableEmailException("its From address has a control character in it");
        }
        try {
            return handles.normalize(HandleType.EMAIL, address.getAddress());
        } catch (InvalidHandleException e) {
            throw new UnusableEmailException("its From address " + Redact.handle(address.getAddress()) + " is not an email address");
        }
    }

    /**
     * The first value of a header, unfolded (a long References header arrives on several lines),
     * without refused characters.
     */
    private static String header(MimeMessage mail, String name) throws MessagingException {
        String[] values = mail.getHeader(name);
        String value = values == null || values.length == 0 || values[0] == null ? null
                : RefusedCharacters.strip(values[0]).replaceAll("\\s+", " ").strip();
        return value == null || value.isEmpty() ? null : value;
    }

    /** The first value of a header as the mail has it, for the fallback id, which must not change across versions. */
    private static String firstValue(MimeMessage mail, String name) throws MessagingException {
        String[] values = mail.getHeader(name);
        return values == null || values.length == 0 || values[0] == null || values[0].isBlank() ? null
                : values[0].replaceAll("\\s+", " ").strip();
    }

    /** A mail without a Message-ID still has to be recognised when it is fetched again (a hash: nothing to strip). */
    private static String fallbackId(Handle sender, String date, String subject, String body) {
        String identity = String.join("\n", sender.value(), String.valueOf(date), String.valueOf(subject), body);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void putIfPresent(Map<String, Object> attributes, String name, String value) {
        if (value != null) {
            attributes.put(name, value);
        }
    }
}
