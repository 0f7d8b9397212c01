package io.continuityhub.channel;

import io.continuityhub.identity.Handle;
import io.continuityhub.session.SessionEvent;
import java.time.Instant;
import java.util.Map;

/**
 * The canonical form every channel adapter produces: nothing channel-specific survives past the
 * ingress route, so one accept → identity → session path serves every channel.
 *
 * @param ingress           which adapter accepted it (and whose id space {@code providerMessageId} is in)
 * @param providerMessageId the channel's own id of the message: wamid, Message-ID, eventId
 * @param channel           what the customer used: whatsapp, email, voice, chat, in_person, sms
 */
public record Interaction(String ingress, String providerMessageId, String channel, Handle handle,
                          Instant occurredAt, String text, Map<String, Object> attributes) {

    /** The attribute that says why a machine sent the message (an auto-reply, a delivery report): kept, never answered. */
    public static final String AUTOMATED = SessionEvent.AUTOMATED;

    /** How this channel and handle read in the session's channel list. */
    public String channelLabel() {
        return channel + ":" + handle.value();
    }
}
