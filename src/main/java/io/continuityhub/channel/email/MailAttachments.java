package io.continuityhub.channel.email;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Lists a polled mail's attachments as references ({@link AttachmentReference}) from its MIME
 * structure alone. On an IMAP mail the structure is the server's BODYSTRUCTURE answer, so this
 * reads every part's type, name and size without downloading a byte of any part.
 *
 * <p>An attachment is every part that {@link EmailText} does not read as the customer's text:
 * anything not text/plain or text/html, a text marked as an attachment, a forwarded mail. An
 * attachment over {@code hub.email.max-attachment-size} is still listed, marked skipped, so
 * whoever fetches attachments later (a person, a case upload) knows up front not to.
 */
@Component
class MailAttachments {

    /** File systems allow 255 characters; a longer "name" is no file's, and it would swell the row. */
    private static final int MAX_NAME_CHARS = 255;

    private final long maxBytes;
    private final String skippedNote;

    MailAttachments(@Value("${hub.email.max-attachment-size}") DataSize maxSize) {
        this.maxBytes = maxSize.toBytes();
        this.skippedNote = "over hub.email.max-attachment-size (" + maxBytes + " bytes): not to be fetched";
    }

    /**
     * @throws MessagingException when the structure cannot be read (on IMAP: asked of the server)
     * @throws IOException        likewise
     */
    List<AttachmentReference> of(Part mail, MailboxLocation where) throws MessagingException, IOException {
        List<AttachmentReference> found = new ArrayList<>();
        collect(mail, null, where, found);
        return found;
    }

    private void collect(Part part, String number, MailboxLocation where, List<AttachmentReference> found)
            throws MessagingException, IOException {
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, number == null ? Integer.toString(i + 1) : number + "." + (i + 1), where, found);
            }
            return;
        }
        if (isText(part)) {
            return;
        }
        long size = part.getSize();
        String skipped = size < 0 ? "the mail server gave no size: not to be fetched" : size > maxBytes ? skippedNote : null;
        found.add(new AttachmentReference(name(part), baseType(part), size, where, number == null ? "1" : number, skipped));
    }

    /** What {@link EmailText} reads as the customer's words. */
    private static boolean isText(Part part) throws MessagingException {
        return (part.isMimeType("text/plain") || part.isMimeType("text/html"))
                && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
    }

    private static String name(Part part) throws MessagingException {
        String name = part.getFileName();
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            name = MimeUtility.decodeText(name); // "=?UTF-8?B?…?=", as some clients still send names
        } catch (UnsupportedEncodingException e) {
            // an unknown charset: the encoded name still tells a person which file it was
        }
        name = name.replaceAll("[\\r\\n\\t]", "_").strip();
        return name.length() <= MAX_NAME_CHARS ? name : name.substring(0, MAX_NAME_CHARS - 1) + "…";
    }

    private static String baseType(Part part) throws MessagingException {
        String contentType = part.getContentType();
        try {
            return new ContentType(contentType).getBaseType().toLowerCase(Locale.ROOT);
        } catch (ParseException | RuntimeException e) {
            return "application/octet-stream"; // RFC 2045 §5.2: what a Content-Type that does not parse means
        }
    }
}
