package io.continuityhub.channel.email;

import jakarta.mail.internet.MimeMessage;
import java.util.List;

/**
 * What {@link EmailFetcher} brought off the server of one polled mail, held locally: its header
 * block, the text the customer wrote, and references to everything else in it.
 *
 * @param headers     a local mail of the header block only (no body): parsing it needs no server
 * @param rawText     the text before cleaning ({@link EmailText#raw}), or null when the mail has none
 * @param attachments every part that is not the text, in the mail's order, as references
 * @param unreadable  why the body could not be read (its structure or text is broken), or null
 */
public record PolledMail(MimeMessage headers, String rawText, List<AttachmentReference> attachments, String unreadable) {
}
