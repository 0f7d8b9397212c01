package io.continuityhub.channel.email;

import jakarta.activation.DataHandler;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.search.HeaderTerm;
import jakarta.mail.search.SubjectTerm;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * A customer's (or an operator's) own mail client: plain SMTP to send, IMAP to read a mailbox and
 * to change a mail's flags, talking to a mail server over the network as any other client would.
 */
public final class MailClient {

    private final String host;
    private final int smtpPort;
    private final int imapPort;

    public MailClient(String host, int smtpPort, int imapPort) {
        this.host = host;
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
    }

    /** A mail as a customer's client writes it. */
    public static final class Draft {
        String from;
        String to = "support@hub.local";
        String subject = "Order question " + UUID.randomUUID();
        String text = "Where is my order?";
        String html;
        public String messageId = "<" + UUID.randomUUID() + "@mail.example.com>";
        Map<String, String> headers = Map.of();
        final List<MimeBodyPart> attachments = new ArrayList<>();

        public Draft from(String from) {
            this.from = from;
            return this;
        }

        public Draft subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Draft text(String text) {
            this.text = text;
            return this;
        }

        Draft html(String html) {
            this.html = html;
            return this;
        }

        /** null: the mail has no Message-ID header at all. */
        Draft messageId(String messageId) {
            this.messageId = messageId;
            return this;
        }

        Draft headers(Map<String, String> headers) {
            this.headers = headers;
            return this;
        }

        /** A file attached after the text, as a mail client attaches one (base64, disposition attachment). */
        Draft attach(String fileName, String contentType, byte[] bytes) throws MessagingException {
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, contentType)));
            part.setFileName(fileName);
            part.setDisposition(Part.ATTACHMENT);
            attachments.add(part);
            return this;
        }
    }

    public static Draft mail() {
        return new Draft();
    }

    /** Sends over SMTP, without logging in (as curl or a relay would), and answers the draft. */
    public Draft send(Draft draft) throws MessagingException {
        Session session = smtpSession();
        String messageId = draft.messageId;
        MimeMessage mail = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                if (messageId == null) {
                    removeHeader("Message-ID");
                } else {
                    setHeader("Message-ID", messageId);
                }
            }
        };
        if (draft.from != null) {
            mail.setHeader("From", draft.from);
        }
        mail.setRecipients(Message.RecipientType.TO, InternetAddress.parse(draft.to));
        mail.setSubject(draft.subject, "UTF-8");
        mail.setSentDate(new Date());
        if (draft.attachments.isEmpty()) {
            setBody(mail, draft);
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart body = new MimeBodyPart();
            setBody(body, draft);
            mixed.addBodyPart(body);
            for (MimeBodyPart attachment : draft.attachments) {
                mixed.addBodyPart(attachment);
            }
            mail.setContent(mixed);
        }
        for (Map.Entry<String, String> header : draft.headers.entrySet()) {
            mail.setHeader(header.getKey(), header.getValue());
        }
        Transport.send(mail);
        return draft;
    }

    /**
     * Sends a mail byte for byte as written, headers and body, to the addresses of its To header:
     * what a client that builds its own MIME (or a broken one) puts on the wire.
     */
    void sendAsWritten(String raw) throws MessagingException {
        sendAsWritten(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #sendAsWritten(String)}, for a mail whose bytes are not all UTF-8 (or not text at all). */
    void sendAsWritten(byte[] raw) throws MessagingException {
        MimeMessage mail = new MimeMessage(smtpSession(), new ByteArrayInputStream(raw)) {
            @Override
            public void saveChanges() {
                // as written: no header rewritten, no body re-encoded
            }
        };
        Transport.send(mail);
    }

    private Session smtpSession() {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", Integer.toString(smtpPort));
        // the envelope sender, separate from the From header (which a draft may lack or garble)
        properties.put("mail.smtp.from", "bounces@mail.example.com");
        return Session.getInstance(properties);
    }

    private static void setBody(MimePart part, Draft draft) throws MessagingException {
        if (draft.html != null) {
            part.setContent(draft.html, "text/html; charset=UTF-8");
        } else {
            part.setText(draft.text, "UTF-8");
        }
    }

    /** Every mail in a mailbox's INBOX, read into memory, oldest first; reading does not mark them seen. */
    List<MimeMessage> inbox(String login, String password) throws MessagingException {
        return withInbox(login, password, Folder.READ_ONLY, folder -> {
            List<MimeMessage> copies = new ArrayList<>();
            for (Message message : folder.getMessages()) {
                copies.add(new MimeMessage((MimeMessage) message));
            }
            return copies;
        });
    }

    /** Whether the mail with this subject is flagged seen in the mailbox. */
    boolean isSeen(String login, String password, String subject) throws MessagingException {
        return withInbox(login, password, Folder.READ_ONLY, folder -> {
            Message[] found = folder.search(new SubjectTerm(subject));
            if (found.length != 1) {
                throw new AssertionError(found.length + " mails with subject " + subject);
            }
            return found[0].isSet(Flags.Flag.SEEN);
        });
    }

    /** How many mails in a mailbox's INBOX carry this header value, as the server searches (nothing is downloaded). */
    int countWithHeader(String login, String password, String header, String value) throws MessagingException {
        return withInbox(login, password, Folder.READ_ONLY, folder -> folder.search(new HeaderTerm(header, value)).length);
    }

    /**
     * The decoded bytes of one part of a mail, found as an IMAP client finds it: the mail by its
     * UID, the part by its IMAP part number ("2", "1.2"). Only that part is downloaded.
     */
    byte[] part(String login, String password, long uidValidity, long uid, String partNumber) throws MessagingException {
        return withInbox(login, password, Folder.READ_ONLY, folder -> {
            UIDFolder uids = (UIDFolder) folder;
            if (uids.getUIDValidity() != uidValidity) {
                throw new AssertionError("the mailbox was rebuilt: UIDVALIDITY " + uids.getUIDValidity() + ", not " + uidValidity);
            }
            Message mail = uids.getMessageByUID(uid);
            if (mail == null) {
                throw new AssertionError("no mail with UID " + uid);
            }
            try {
                Part part = mail;
                for (String index : partNumber.split("\\.")) {
                    if (part.getContent() instanceof Multipart multipart) {
                        part = multipart.getBodyPart(Integer.parseInt(index) - 1);
                    } else if (!index.equals("1")) {
                        throw new AssertionError("no part " + partNumber + " in a mail of one part");
                    }
                }
                try (InputStream in = part.getInputStream()) {
                    return in.readAllBytes();
                }
            } catch (IOException e) {
                throw new MessagingException("part " + partNumber + " could not be read", e);
            }
        });
    }

    /** What a mail client does on "mark as unread". */
    void markUnseen(String login, String password, String subject) throws MessagingException {
        withInbox(login, password, Folder.READ_WRITE, folder -> {
            for (Message message : folder.search(new SubjectTerm(subject))) {
                message.setFlag(Flags.Flag.SEEN, false);
            }
            return null;
        });
    }

    private interface FolderWork<T> {
        T apply(Folder folder) throws MessagingException;
    }

    private <T> T withInbox(String login, String password, int mode, FolderWork<T> work) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.imap.host", host);
        properties.put("mail.imap.port", Integer.toString(imapPort));
        Store store = Session.getInstance(properties).getStore("imap");
        store.connect(host, imapPort, login, password);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(mode);
            try {
                return work.apply(inbox);
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }
}
