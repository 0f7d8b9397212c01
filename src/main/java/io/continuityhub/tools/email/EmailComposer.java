package io.continuityhub.tools.email;

import io.continuityhub.kernel.ConversationSpans;
import io.continuityhub.tools.Action;
import io.continuityhub.tools.PermanentToolException;
import io.continuityhub.tools.ToolOutcome;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Writes the mail of an {@code email-send} action: to, subject and text from the request, the
 * hub as sender, a Message-ID derived from the idempotency key, and In-Reply-To / References when
 * it answers a customer's mail.
 *
 * <p>It builds the whole MIME message, which camel-mail sends as it is. (Given headers instead,
 * camel-mail would turn every header on the exchange into a mail header, the caller's too.)
 */
@Component
public class EmailComposer {

    /** Only for building messages; the SMTP endpoint sends them over its own session. */
    private static final Session BUILDER = Session.getInstance(new Properties());

    private final String hubAddress;
    private final String displayName;
    private final Clock clock;

    EmailComposer(@Value("${hub.email.address:}") String hubAddress,
                  @Value("${hub.email.display-name:}") String displayName, Clock clock) {
        this.hubAddress = hubAddress.trim();
        this.displayName = displayName.trim();
        this.clock = clock;
    }

    public MimeMessage compose(@Body Action action, Exchange exchange) throws MessagingException {
        ConversationSpans.mark(exchange, ConversationSpans.Stage.SEND, action.sessionId(), action.customerId(),
                ConversationSpans.CHANNEL, "email");
        if (hubAddress.isBlank()) {
            throw new PermanentToolException("email is not set up: hub.email.address (HUB_EMAIL_ADDRESS) is empty");
        }
        MimeMessage mail = new MimeMessage(BUILDER);
        mail.setFrom(sender());
        mail.setRecipient(Message.RecipientType.TO, recipient(action.requireText("to")));
        mail.setSubject(oneLine(action.requireText("subject")), "UTF-8");
        mail.setText(action.requireText("text"), "UTF-8");
        mail.setSentDate(Date.from(clock.instant()));
        mail.setHeader("Message-ID", MessageIds.derive(action.idempotencyKey(), hubAddress));
        String inReplyTo = action.optionalText("inReplyTo");
        if (inReplyTo != null) {
            List<String> parent = MessageIds.parse(inReplyTo);
            if (parent.size() != 1) {
                throw new PermanentToolException("action " + action.idempotencyKey() + ": inReplyTo is not one Message-ID");
            }
            mail.setHeader("In-Reply-To", parent.get(0));
        }
        String references = MessageIds.references(action.optionalText("references"), inReplyTo);
        if (!references.isEmpty()) {
            mail.setHeader("References", references);
        }
        return mail;
    }

    /** What the ledger keeps of a sent mail: its Message-ID as the provider's reference. */
    public ToolOutcome outcome(@Body MimeMessage sent) throws MessagingException {
        Address[] to = sent.getRecipients(Message.RecipientType.TO);
        return new ToolOutcome(sent.getMessageID(), Map.of("to", ((InternetAddress) to[0]).getAddress(),
                "subject", sent.getSubject()));
    }

    private InternetAddress sender() {
        try {
            return displayName.isEmpty() ? new InternetAddress(hubAddress, true)
                    : new InternetAddress(hubAddress, displayName, "UTF-8");
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new PermanentToolException("hub.email.address is not an address", e);
        }
    }

    private static InternetAddress recipient(String to) {
        try {
            InternetAddress address = new InternetAddress(to.trim(), true);
            address.validate();
            return address;
        } catch (AddressException e) {
            throw new PermanentToolException("the action's 'to' is not an email address");
        }
    }

    /** A subject is one header line: a line break in it would start a header of its own. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n]+", " ").strip();
    }
}
