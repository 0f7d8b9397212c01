package io.continuityhub.channel;

import io.continuityhub.identity.Handle;
import io.continuityhub.session.SessionEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The canonical form every channel adapter produces: nothing channel-specific survives past the
 * ingress route, so one accept → identity → session path serves every channel.
 *
 * @param ingress           which adapter accepted it (and whose id space {@code providerMessageId} is in)
 * @param providerMessageId the channel's own id of the message: wamid, Message-ID, eventId
 * @param channel           what the customer used: whatsapp, email, voice, chat, in_person, sms
 * @param pairedHandles     other handles the channel vouches are the same sender (WhatsApp's user id
 *                          beside the phone number); they join {@code handle}'s customer
 */
public record Interaction(String ingress, String providerMessageId, String channel, Handle handle,
                          Instant occurredAt, String text, Map<String, Object> attributes, List<Handle> pairedHandles) {

    public Interaction {
        pairedHandles = List.copyOf(pairedHandles);
    }

    public Interaction(String ingress, String providerMessageId, String channel, Handle handle,
                       Instant occurredAt, String text, Map<String, Object> attributes) {
        this(ingress, providerMessageId, channel, handle, occurredAt, text, attributes, List.of());
    }

    /** The sender's handles, the one they wrote from first. */
    public List<Handle> senderHandles() {
        return Stream.concat(Stream.of(handle), pairedHandles.stream()).toList();
    }

    /** The attribute that says why a machine sent the message (an auto-reply, a delivery report): kept, never answered. */
    public static final String AUTOMATED = SessionEvent.AUTOMATED;

    /** How this channel and handle read in the session's channel list. */
    public String channelLabel() {
        return channel + ":" + handle.value();
    }
}
