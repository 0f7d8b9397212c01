package io.continuityhub.channel.email;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;

/**
 * Brings a polled mail off the IMAP server once, as a local copy, so that reading it afterwards
 * can fail only for the mail's own faults, never for the connection's: {@link EmailReader} then
 * knows that a failure will recur on every poll.
 *
 * <p>Reading the IMAP message directly would not tell them apart: a mail the server cannot
 * parse fails every server-side read of its sender or date with the same exception as a dropped
 * connection. The copy is the whole mail, fetched with peek, so fetching it does not mark it seen.
 */
@Component
public class EmailFetcher {

    /**
     * @throws MessagingException when the mail could not be fetched; it stays unseen and is retried
     */
    public MimeMessage fetch(@Body Message polled) throws MessagingException {
        if (!(polled instanceof MimeMessage mime)) {
            throw new IllegalStateException("expected a polled MIME mail, got " + (polled == null ? "nothing" : polled.getClass()));
        }
        // the raw bytes, parsed here: MimeMessage's copy constructor would first ask the server for
        // the mail's size, which it answers from the same envelope that fails for an unparsable mail
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try {
            mime.writeTo(raw);
        } catch (IOException e) {
            throw new MessagingException("the mail could not be fetched", e);
        }
        return new MimeMessage(mime.getSession(), new ByteArrayInputStream(raw.toByteArray()));
    }
}
