package io.continuityhub.escalation;

import io.continuityhub.channel.reply.CustomerMessenger;
import io.continuityhub.kernel.HubRequestException;
import io.continuityhub.session.NewSessionEvent;
import io.continuityhub.session.SessionStore;
import io.continuityhub.tools.ActionView;
import io.continuityhub.tools.NewAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
    private final CustomerMessenger messenger;

    EscalationReplies(EscalationQueue queue, SessionStore sessions, CustomerMessenger messenger) {
        this.queue = queue;
        this.sessions = sessions;
        this.messenger = messenger;
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
        String key = NewAction.key(escalation.sessionId(), "escalation-reply-" + escalationId,
                requestKey == null ? digest(text) : requestKey);
        ActionView send = messenger.tell(escalation.customerId(), escalation.sessionId(), key, "human-reply", text);
        sessions.append(escalation.customerId(), new NewSessionEvent(null, null, "human_reply", who, text,
                Map.of("escalationId", escalationId, "idempotencyKey", key)));
        return send;
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
