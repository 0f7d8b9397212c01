package io.continuityhub.channel;

import io.continuityhub.channel.email.EmailReplies;
import io.continuityhub.channel.whatsapp.WhatsAppSends;
import io.continuityhub.ops.HubRequestException;
import io.continuityhub.session.SessionEvent;
import io.continuityhub.session.SessionStore;
import io.continuityhub.tools.ActionLedger;
import io.continuityhub.tools.ActionView;
import io.continuityhub.tools.NewAction;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells a customer something on the channel they last wrote on, as a ledger action: durable,
 * retried, and sent once per key. One place decides how the hub reaches a customer, so the
 * agent, the outage notice and a person's reply all do it the same way.
 */
@Service
public class CustomerMessenger {

    private final SessionStore sessions;
    private final ActionLedger ledger;
    private final EmailReplies emailReplies;

    CustomerMessenger(SessionStore sessions, ActionLedger ledger, EmailReplies emailReplies) {
        this.sessions = sessions;
        this.ledger = ledger;
        this.emailReplies = emailReplies;
    }

    /**
     * @param key the action's idempotency key: the same key is the same message, whoever asks again
     * @param step the action step, e.g. "reply", "outage-notice", "human-reply"
     */
    @Transactional
    public ActionView tell(String customerId, String sessionId, String key, String step, String text) {
        SessionEvent lastContact = lastCustomerMessage(sessionId);
        NewAction send = switch (lastContact.channel()) {
            case "whatsapp" -> new NewAction(key, customerId, sessionId, WhatsAppSends.TOOL, step,
                    Map.of("to", handleOf(lastContact), "text", text));
            case "email" -> new NewAction(key, customerId, sessionId, EmailReplies.TOOL, step,
                    emailReplies.replyTo(sessionId, text).orElseThrow(() -> HubRequestException.conflict(
                            "no_mail_to_answer", "session " + sessionId + " has no stored mail to reply to")));
            default -> throw HubRequestException.conflict("channel_not_answerable", "the customer last wrote on "
                    + lastContact.channel() + ", which the hub cannot send on; reach them on a channel they have used");
        };
        return ledger.record(send);
    }

    /** The channel the customer last wrote on, or null when they have not written in this session. */
    /** The channel the customer last wrote on in this session. */
    @Transactional(readOnly = true)
    public String lastChannel(String sessionId) {
        return lastCustomerMessage(sessionId).channel();
    }

    private SessionEvent lastCustomerMessage(String sessionId) {
        List<SessionEvent> events = sessions.events(sessionId);
        for (int i = events.size() - 1; i >= 0; i--) {
            if ("customer_message".equals(events.get(i).type())) {
                return events.get(i);
            }
        }
        throw HubRequestException.conflict("no_customer_channel", "the customer has not written in session " + sessionId
                + ", so there is no channel of theirs to reply on");
    }

    @SuppressWarnings("unchecked")
    private static String handleOf(SessionEvent event) {
        return String.valueOf(((Map<String, Object>) event.payload().get("handle")).get("value"));
    }
}
