package io.continuityhub.channel.email;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;

/**
 * Where a mail lies in the hub's mailbox, as an IMAP client finds it again: the folder, the mail's
 * UID and the folder's UIDVALIDITY (RFC 3501 §2.3.1.1: a UID names the same mail only while the
 * folder's UIDVALIDITY is unchanged). The mailbox keeps every mail (the ingress never deletes), so
 * this is a lasting address of the mail's parts.
 *
 * @param uid         -1 when the store has no UIDs (not IMAP)
 * @param uidValidity -1 likewise
 */
record MailboxLocation(String folder, long uidValidity, long uid) {

    /** The UID was prefetched with the mail's structure; nothing more is asked of the server. */
    static MailboxLocation of(MimeMessage polled) throws MessagingException {
        Folder folder = polled.getFolder();
        if (folder instanceof UIDFolder uids) {
            return new MailboxLocation(folder.getFullName(), uids.getUIDValidity(), uids.getUID(polled));
        }
        return new MailboxLocation(folder == null ? null : folder.getFullName(), -1, -1);
    }
}
