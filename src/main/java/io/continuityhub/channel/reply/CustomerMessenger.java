package io.continuityhub.channel.reply;

import io.continuityhub.channel.email.EmailReplies;
import io.continuityhub.tools.whatsapp.WhatsAppSends;
import io.continuityhub.identity.HandleType;
import io.continuityhub.kernel.HubRequestException;
import io.continuityhub.session.SessionEvent;
import io.continuityhub.session.SessionStore;
import io.continuityhub.tools.ActionLedger;
import io.continuityhub.tools.ActionView;
import io.continuityhub.tools.NewAction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
     * Messages the customer, or refuses with 409 when they have no channel the hub can send on.
     *
     * @param key  the action's idempotency key: the same key is the same message, whoever asks again
     * @param step the action step, e.g. "reply", "outage-notice", "human-reply"
     */
    @Transactional
    public ActionView tell(String customerId, String sessionId, String key, String step, String text) {
        return tellIfReachable(customerId, sessionId, key, step, text).orElseThrow(() -> HubRequestException.conflict(
                "channel_not_answerable", "the customer has not written in session " + sessionId
                        + " on a channel the hub can send on (WhatsApp, email); reach them on a channel they have used"));
    }

    /**
     * Messages the customer if they wrote on a channel the hub can send on; empty otherwise. For
     * callers inside a larger transaction (notices): it never throws for an unreachable customer,
     * since an exception leaving a transactional method would doom the caller's transaction.
     */
    @Transactional
    public Optional<ActionView> tellIfReachable(String customerId, String sessionId, String key, String step, String text) {
        return tellIfReachable(customerId, sessionId, key, step, text, null);
    }

    /** The same, held until {@code notBefore} (null: now). */
    @Transactional
    public Optional<ActionView> tellIfReachable(String customerId, String sessionId, String key, String step, String text,
                                                Instant notBefore) {
        return lastCustomerMessage(sessionId).flatMap(contact -> switch (contact.channel()) {
            case "whatsapp" -> Optional.of(new NewAction(key, customerId, sessionId, WhatsAppSends.TOOL, step,
                    Map.of(addressField(contact), handleOf(contact), "text", text)));
            case "email" -> emailReplies.replyTo(sessionId, text)
                    .map(request -> new NewAction(key, customerId, sessionId, EmailReplies.TOOL, step, request));
            default -> Optional.empty();
        }).map(action -> ledger.record(action, notBefore));
    }

    /** The channel the customer last wrote on in this session, if they wrote at all. */
    @Transactional(readOnly = true)
    public Optional<String> lastChannel(String sessionId) {
        return lastCustomerMessage(sessionId).map(SessionEvent::channel);
    }

    private Optional<SessionEvent> lastCustomerMessage(String sessionId) {
        List<SessionEvent> events = sessions.events(sessionId);
        for (int i = events.size() - 1; i >= 0; i--) {
            // a machine's mail (an out-of-office reply) says nothing of where the customer reads
            if ("customer_message".equals(events.get(i).type()) && !events.get(i).sentByAMachine()) {
                return Optional.of(events.get(i));
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static String handleOf(SessionEvent event) {
        return String.valueOf(((Map<String, Object>) event.payload().get("handle")).get("value"));
    }

    /** {@code recipient} for a WhatsApp user known only by their user id, as the Cloud API takes it; else {@code to}. */
    @SuppressWarnings("unchecked")
    private static String addressField(SessionEvent event) {
        Object type = ((Map<String, Object>) event.payload().get("handle")).get("type");
        return HandleType.WHATSAPP_USER_ID.wireName().equals(type) ? "recipient" : "to";
    }
}
