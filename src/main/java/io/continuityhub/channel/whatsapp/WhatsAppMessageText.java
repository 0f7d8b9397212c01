package io.continuityhub.channel.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What an agent can read of each WhatsApp message type: text as it is, a button or list reply by
 * its title, a location as words, media by reference (the hub keeps the media id, never the file).
 */
@Component
public class WhatsAppMessageText {

    public String text(JsonNode message) {
        String type = message.path("type").asText("unknown");
        return switch (type) {
            case "text" -> message.path("text").path("body").asText("");
            case "interactive" -> interactiveTitle(message.path("interactive"));
            case "button" -> message.path("button").path("text").asText("");
            case "location" -> location(message.path("location"));
            case "image", "video", "audio", "document", "sticker" -> {
                String caption = message.path(type).path("caption").asText("");
                yield caption.isBlank() ? "[" + type + "]" : caption;
            }
            case "reaction" -> "[reacted " + message.path("reaction").path("emoji").asText("") + "]";
            case "contacts" -> "[shared a contact: " + message.path("contacts").path(0).path("name").path("formatted_name").asText("") + "]";
            default -> "[" + type + " message]";
        };
    }

    public Map<String, Object> attributes(JsonNode message) {
        String type = message.path("type").asText("unknown");
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("type", type);
        JsonNode media = message.path(type);
        if (media.has("id") && media.has("mime_type")) {
            attributes.put("mediaId", media.path("id").asText());
            attributes.put("mimeType", media.path("mime_type").asText());
            if (media.has("filename")) {
                attributes.put("filename", media.path("filename").asText());
            }
        }
        if ("interactive".equals(type)) {
            JsonNode reply = message.path("interactive").path(message.path("interactive").path("type").asText());
            attributes.put("replyId", reply.path("id").asText(null));
        }
        if ("button".equals(type)) {
            attributes.put("buttonPayload", message.path("button").path("payload").asText(null));
        }
        if ("reaction".equals(type)) {
            attributes.put("reactedTo", message.path("reaction").path("message_id").asText(null));
        }
        if (message.path("context").has("id")) {
            attributes.put("replyTo", message.path("context").path("id").asText());
        }
        return attributes;
    }

    private static String interactiveTitle(JsonNode interactive) {
        JsonNode reply = interactive.path(interactive.path("type").asText());
        return reply.path("title").asText("[interactive reply]");
    }

    private static String location(JsonNode location) {
        StringBuilder text = new StringBuilder("Location:");
        for (String part : new String[] {location.path("name").asText(""), location.path("address").asText("")}) {
            if (!part.isBlank()) {
                text.append(' ').append(part);
            }
        }
        return text.append(" (").append(location.path("latitude").asText()).append(", ")
                .append(location.path("longitude").asText()).append(')').toString();
    }
}
