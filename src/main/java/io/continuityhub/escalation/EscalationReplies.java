package io.continuityhub.escalation;

import io.continuityhub.channel.whatsapp.WhatsAppSends;
import io.continuityhub.ops.HubRequestException;
import io.continuityhub.session.NewSessionEvent;
import io.continuityhub.session.SessionEvent;
import io.continuityhub.session.SessionStore;
import io.continuityhub.tools.ActionLedger;
import io.continuityhub.tools.ActionView;
import io.continuityhub.tools.NewAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A person's reply to an escalated customer, sent on the channel the customer last wrote on,
 * through the action ledger like every other send (so it is durable, retried, and sent once).
 */
@Service
public class EscalationReplies {

    private final EscalationQueue queue;
    private final SessionStore sessions;
    private final ActionLedger ledger;

    EscalationReplies(EscalationQueue queue, SessionStore sessions, ActionLedger ledger) {
        this.queue = queue;
        this.sessions = sessions;
        this.ledger = ledger;
    }

    /**
     * @param requestKey the caller's Idempotency-Key, or null: then a repeated identical reply
     *                   (a double click) is the same reply
     */
    @Transactional
    public ActionView reply(String escalationId, String who, String text, String requestKey) {
        if (text == null || text.isBlank()) {
            throw HubRequestException.badField("text", "is required");
        }
        EscalationView escalation = queue.requireHeldBy(escalationId, who);
        if (escalation.sessionId() == null) {
            throw HubRequestException.conflict("no_session", "escalation " + escalationId + " has no session to reply in");
        }
        SessionEvent lastContact = lastCustomerMessage(escalation.sessionId());
        String key = NewAction.key(escalation.sessionId(), "escalation-reply-" + escalationId,
                requestKey == null ? digest(text) : requestKey);
        NewAction send = switch (lastContact.channel()) {
            case "whatsapp" -> new NewAction(key, escalation.customerId(), escalation.sessionId(), WhatsAppSends.TOOL,
                    "human-reply", Map.of("to", handleOf(lastContact), "text", text));
            default -> throw HubRequestException.conflict("channel_not_answerable", "the customer last wrote on "
                    + lastContact.channel() + ", which the hub cannot send on; reach them on a channel they have used");
        };
        sessions.append(escalation.customerId(), new NewSessionEvent(lastContact.channel(), null, "human_reply", who,
                text, Map.of("escalationId", escalationId, "idempotencyKey", key)));
        return ledger.record(send);
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

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
