package io.continuityhub.channel.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code contacts[]} of one webhook change, read to tell who sent each message. Meta names a
 * sender by phone ({@code wa_id}, the message's {@code from}), by business-scoped user id
 * ({@code user_id}, the message's {@code from_user_id}), or both; either may be missing.
 */
final class WhatsAppContacts {

    /** Who sent a message, as far as the webhook says; any part may be null. */
    record Sender(String waId, String userId, String profileName, String username) {
    }

    private final List<Sender> contacts = new ArrayList<>();

    WhatsAppContacts(JsonNode contacts) {
        contacts.forEach(contact -> this.contacts.add(new Sender(text(contact, "wa_id"), text(contact, "user_id"),
                text(contact.path("profile"), "name"), text(contact, "username"))));
    }

    Sender senderOf(JsonNode message) {
        String from = text(message, "from");
        String fromUserId = text(message, "from_user_id");
        Sender contact = contacts.stream()
                .filter(c -> (from != null && from.equals(c.waId())) || (fromUserId != null && fromUserId.equals(c.userId())))
                .findFirst()
                .orElse(new Sender(null, null, null, null));
        return new Sender(from != null ? from : contact.waId(), fromUserId != null ? fromUserId : contact.userId(),
                contact.profileName(), contact.username());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }
}
