package io.continuityhub.channel.email;

import jakarta.mail.Message;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailBinding;
import org.apache.camel.component.mail.MailHeaderFilterStrategy;
import org.springframework.stereotype.Component;

/**
 * The binding of the polling mail endpoint: the mail is the body, and no mail header is copied
 * into Camel headers.
 *
 * <p>The hub reads the mail itself ({@link EmailFetcher}, {@link EmailReader}), so camel-mail's
 * copy of its headers is of no use, and it does harm: camel-mail makes it lazily, from the IMAP
 * server, the first time anything asks for any header. The transaction asks first thing, and the
 * consumer asks again when it marks the mail seen. For a mail the server cannot parse (GreenMail
 * cannot build the envelope of a mail whose From is not an address) every such question fails:
 * the mail would fail before the hub ever read it, never be marked seen, and come back on every
 * poll.
 */
@Component
public class PolledMailBinding extends MailBinding {

    PolledMailBinding() {
        super(new MailHeaderFilterStrategy(), null, false, false);
    }

    @Override
    protected Map<String, Object> extractHeadersFromMail(Message mailMessage, Exchange exchange) {
        return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    }
}
