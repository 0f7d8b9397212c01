package io.continuityhub.channel;

import io.continuityhub.identity.IdentityResolver;
import io.continuityhub.identity.Resolution;
import io.continuityhub.kernel.ConversationSpans;
import io.continuityhub.kernel.HubRequestException;
import io.continuityhub.kernel.JsonColumns;
import io.continuityhub.kernel.crypto.Sealing;
import io.continuityhub.session.AppendedEvent;
import io.continuityhub.session.NewSessionEvent;
import io.continuityhub.session.SessionStore;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The accept stage after de-duplication: resolve who wrote, append to their session and keep
 * the interaction, all in the route's transaction, so the channel's acknowledgement is sent
 * only for an interaction that is durable everywhere or nowhere. The interaction's text and
 * attributes are kept sealed ({@link Sealing}); its handle stays plain, as lookups need it.
 */
@Service
public class InteractionIntake {

    private static final int SUMMARY_CHARS = 140;

    private final IdentityResolver identity;
    private final SessionStore sessions;
    private final JdbcClient jdbc;
    private final JsonColumns json;
    private final Sealing sealing;
    private final Clock clock;
    private final DedupHits dedupHits;

    InteractionIntake(IdentityResolver identity, SessionStore sessions, JdbcClient jdbc, JsonColumns json, Sealing sealing,
                      Clock clock, DedupHits dedupHits) {
        this.dedupHits = dedupHits;
        this.identity = identity;
        this.sessions = sessions;
        this.jdbc = jdbc;
        this.json = json;
        this.sealing = sealing;
        this.clock = clock;
    }

    /** {@code exchange}: the accept route's, whose span is marked as the session's ingress. */
    @Transactional
    public AcceptedInteraction accept(Interaction interaction, Exchange exchange) {
        Resolution customer = identity.resolveOrCreate(interaction.senderHandles(), interaction.ingress());
        String interactionId = "int-" + UUID.randomUUID();
        AppendedEvent event = sessions.append(customer.customerId(), new NewSessionEvent(
                interaction.channel(), interaction.channelLabel(), "customer_message", "customer",
                summary(interaction), payload(interactionId, interaction)));
        jdbc.sql("""
                INSERT INTO interaction (interaction_id, ingress, provider_message_id, channel, handle_type, handle_value,
                                         occurred_at, received_at, text, attributes, customer_id, session_id, event_seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)""")
                .params(interactionId, interaction.ingress(), interaction.providerMessageId(), interaction.channel(),
                        interaction.handle().type().wireName(), interaction.handle().value(),
                        Timestamp.from(interaction.occurredAt()), Timestamp.from(clock.instant()),
                        sealing.seal(interaction.text()), sealing.sealJson(json.write(interaction.attributes())), event.customerId(), event.sessionId(), event.seq())
                .update();
        ConversationSpans.mark(exchange, ConversationSpans.Stage.INGRESS, event.sessionId(), event.customerId(),
                ConversationSpans.CHANNEL, interaction.channel());
        return new AcceptedInteraction(interactionId, event.customerId(), event.sessionId(), false);
    }

    /** The answer first given for a message seen before; it is committed, as the duplicate waited for it. */
    @Transactional(readOnly = true)
    public AcceptedInteraction original(Interaction interaction) {
        dedupHits.hit(interaction.ingress());
        return jdbc.sql("""
                SELECT interaction_id, customer_id, session_id, true AS duplicate FROM interaction
                WHERE ingress = ? AND provider_message_id = ?""")
                .params(interaction.ingress(), interaction.providerMessageId())
                .query(AcceptedInteraction.class)
                .optional()
                .orElseThrow(() -> new HubRequestException(409, "duplicate_in_flight", null,
                        "message " + interaction.providerMessageId() + " was seen before but is not stored; retry"));
    }

    private static String summary(Interaction interaction) {
        String text = interaction.text() == null ? "" : interaction.text().strip();
        return text.length() <= SUMMARY_CHARS ? text : text.substring(0, SUMMARY_CHARS - 1) + "…";
    }

    private static Map<String, Object> payload(String interactionId, Interaction interaction) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("interactionId", interactionId);
        payload.put("providerMessageId", interaction.providerMessageId());
        payload.put("handle", Map.of("type", interaction.handle().type().wireName(), "value", interaction.handle().value()));
        payload.put("occurredAt", interaction.occurredAt().toString());
        payload.put("text", interaction.text());
        payload.put("attributes", interaction.attributes());
        return payload;
    }
}
