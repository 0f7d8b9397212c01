package io.continuityhub.channel.email;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.SocketException;
import java.util.Enumeration;
import java.util.List;
import org.apache.camel.Body;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.springframework.stereotype.Component;

/**
 * Brings off the IMAP server what the hub keeps of a polled mail, and no more: the header block,
 * the text the customer wrote, and the structure of the rest, so that attachments are listed as
 * references ({@link MailAttachments}) and never downloaded. A 10 MB attachment once held the
 * mailbox for about 45 s while the mails behind it waited: the whole mail was copied here.
 *
 * <p>Why code and not an option: with {@code mapMailMessage=false} camel-mail itself reads
 * nothing of the mail, and none of its options (the message count {@code fetchSize}, {@code
 * peek}, the sending side's {@code attachmentsContentTransferEncodingResolver}) limits what a
 * reader of the message downloads; JavaMail's {@code mail.imap.partialfetch} and {@code
 * mail.imap.fetchsize} only cut a download into blocks. What the library does offer is an IMAP
 * message built from the server's BODYSTRUCTURE whose parts download their content only when it
 * is read, and a {@link FetchProfile} that asks for the structure, the header block and the UID
 * in one round trip. So this reads the header block and the text parts, nothing else.
 *
 * <p>Everything is asked with peek (camel-mail sets it), so reading does not mark the mail seen.
 * The server is never asked for the ENVELOPE (From, Date): GreenMail cannot build the envelope of
 * a mail whose From is not an address, and fails it like a dropped connection; the headers are
 * parsed here instead, from the local copy, by {@link EmailReader}.
 *
 * <p>A lost connection fails the exchange, so the mail stays unseen and the next poll retries
 * it. Any other failure to read the body (a structure the server or JavaMail cannot parse, a text
 * that cannot be decoded) would recur on every poll: the mail is accepted without its text
 * rather than retried for ever.
 */
@Component
public class EmailFetcher {

    private static final FetchProfile STRUCTURE = new FetchProfile();

    static {
        STRUCTURE.add(FetchProfile.Item.CONTENT_INFO); // BODYSTRUCTURE
        STRUCTURE.add(FetchProfile.Item.SIZE);         // for a mail of one part, the part's size
        STRUCTURE.add(UIDFolder.FetchProfileItem.UID);
        STRUCTURE.add(IMAPFolder.FetchProfileItem.HEADERS); // BODY.PEEK[HEADER]
    }

    private final MailAttachments attachments;

    EmailFetcher(MailAttachments attachments) {
        this.attachments = attachments;
    }

    /**
     * @throws MessagingException when the mail could not be fetched; it stays unseen and is retried
     */
    public PolledMail fetch(@Body Message polled) throws MessagingException {
        if (!(polled instanceof MimeMessage mime)) {
            throw new IllegalStateException("expected a polled MIME mail, got " + (polled == null ? "nothing" : polled.getClass()));
        }
        Folder folder = mime.getFolder();
        if (folder != null) {
            folder.fetch(new Message[] {mime}, STRUCTURE);
        }
        MimeMessage headers = headerCopy(mime);
        MailboxLocation where = MailboxLocation.of(mime);
        try {
            String text = EmailText.raw(mime).orElse(null);
            return new PolledMail(headers, text, attachments.of(mime, where), null);
        } catch (MessagingException | IOException e) {
            if (lostTheServer(e)) {
                throw e instanceof MessagingException m ? m : new MessagingException("the mail could not be fetched", e);
            }
            return new PolledMail(headers, null, List.of(), e.getClass().getSimpleName());
        }
    }

    /** The header block as a local mail without a body: reading a header from it asks nothing of the server. */
    private static MimeMessage headerCopy(MimeMessage polled) throws MessagingException {
        MimeMessage copy = new MimeMessage(polled.getSession());
        Enumeration<String> lines = polled.getAllHeaderLines();
        while (lines.hasMoreElements()) {
            copy.addHeaderLine(lines.nextElement());
        }
        return copy;
    }

    /**
     * How JavaMail reports a connection that dropped or timed out, or a mail another client
     * expunged; a part's stream wraps the same in an IOException.
     */
    private static boolean lostTheServer(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof FolderClosedException || cause instanceof StoreClosedException
                    || cause instanceof MessageRemovedException || cause instanceof SocketException) {
                return true;
            }
        }
        return false;
    }
}
