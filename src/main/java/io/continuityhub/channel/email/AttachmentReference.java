package io.continuityhub.channel.email;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An attachment as the hub keeps it: what it is and where it lies in the mailbox, never its
 * bytes. The interaction's attribute says {@code loaded: false} so that no reader takes the
 * absence of content for an empty file.
 *
 * @param name        the file name the sender gave, or null
 * @param contentType the MIME type without parameters, lower-cased
 * @param size        octets as the mail server stores the part (base64 makes a file about a
 *                    third larger), or -1 when the server did not say
 * @param part        the IMAP part number (RFC 3501 §6.4.5): "2" is the mail's second part,
 *                    "1.2" the second part of its first; "1" is the whole body of a mail of one part
 * @param skipped     why nothing should fetch it (over the size cap), or null when it may be fetched
 */
record AttachmentReference(String name, String contentType, long size, MailboxLocation where, String part,
                           String skipped) {

    /** The form it takes among the interaction's attributes (JSON). */
    Map<String, Object> attribute() {
        Map<String, Object> attribute = new LinkedHashMap<>();
        if (name != null) {
            attribute.put("name", name);
        }
        attribute.put("contentType", contentType);
        attribute.put("size", size);
        attribute.put("loaded", false);
        Map<String, Object> imap = new LinkedHashMap<>();
        imap.put("folder", where.folder());
        imap.put("uidValidity", where.uidValidity());
        imap.put("uid", where.uid());
        imap.put("part", part);
        attribute.put("imap", imap);
        if (skipped != null) {
            attribute.put("skipped", skipped);
        }
        return attribute;
    }
}
