package io.continuityhub.sequence;

import io.continuityhub.channel.email.EmailReplies;
import io.continuityhub.tools.whatsapp.WhatsAppSends;
import io.continuityhub.tools.DownstreamSystems;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Which lifeline stands for a channel or a tool. Channels are lifelines by channel name, never by
 * handle, so no phone number or address becomes a participant. A tool is its downstream system's
 * lifeline ({@code hub.downstream.systems.<system>.tools}), except the tools that message the
 * customer: those are the channel they send on, not a system of their own.
 */
@Component
class ParticipantDirectory {

    private static final int CHANNEL_RANK = 100;
    private static final int OTHER_CHANNEL_RANK = 190;
    private static final int SYSTEM_RANK = 300;
    private static final int OTHER_TOOL_RANK = 390;

    /** The channels in the order their lifelines stand, with their ids and labels. */
    private static final List<Participant> CHANNELS = List.of(
            new Participant("WhatsApp", "WhatsApp", CHANNEL_RANK),
            new Participant("Email", "Email", CHANNEL_RANK + 1),
            new Participant("Voice", "Voice", CHANNEL_RANK + 2),
            new Participant("Chat", "Chat", CHANNEL_RANK + 3),
            new Participant("InPerson", "In person", CHANNEL_RANK + 4),
            new Participant("SMS", "SMS", CHANNEL_RANK + 5),
            new Participant("Carrier", "Carrier", CHANNEL_RANK + 6));
    private static final Map<String, Participant> CHANNEL_NAMES = Map.of(
            "whatsapp", CHANNELS.get(0), "email", CHANNELS.get(1), "voice", CHANNELS.get(2), "chat", CHANNELS.get(3),
            "in_person", CHANNELS.get(4), "sms", CHANNELS.get(5), "carrier", CHANNELS.get(6));
    private static final Map<String, String> CUSTOMER_SEND_TOOLS = Map.of(WhatsAppSends.TOOL, "whatsapp", EmailReplies.TOOL, "email");

    /** Mermaid's keywords: its lexer ignores case, so a lifeline id must not be one of them in any case. */
    private static final Set<String> MERMAID_KEYWORDS = Set.of("participant", "actor", "as", "box", "create", "destroy",
            "loop", "rect", "opt", "alt", "else", "par", "and", "critical", "option", "break", "end", "over", "note",
            "left", "right", "links", "link", "properties", "details", "activate", "deactivate", "title",
            "sequencediagram", "autonumber", "off", "acctitle", "accdescr");

    private final DownstreamSystems systems;

    ParticipantDirectory(DownstreamSystems systems) {
        this.systems = systems;
    }

    /** The lifeline of a channel; a channel not listed here still gets one, named after it. */
    Participant channel(String channel) {
        Participant known = CHANNEL_NAMES.get(channel);
        return known != null ? known : new Participant("Channel" + identifier(channel), channel, OTHER_CHANNEL_RANK);
    }

    /** Whether the tool messages the customer (its call is a message on a channel, not a system call). */
    boolean messagesCustomer(String tool) {
        return CUSTOMER_SEND_TOOLS.containsKey(tool);
    }

    Participant tool(String tool) {
        String channel = CUSTOMER_SEND_TOOLS.get(tool);
        if (channel != null) {
            return channel(channel);
        }
        Optional<String> system = systems.systemOf(tool);
        if (system.isPresent()) {
            String label = capitalized(system.get());
            return new Participant(safeId(identifier(system.get())), label, SYSTEM_RANK + configuredOrder(system.get()));
        }
        return new Participant(safeId(identifier(tool)), String.valueOf(tool), OTHER_TOOL_RANK);
    }

    private int configuredOrder(String system) {
        return new ArrayList<>(systems.systems().keySet()).indexOf(system);
    }

    /** {@code in_person} → {@code InPerson}, {@code fulfillment-exception} → {@code FulfillmentException}. */
    private static String identifier(String name) {
        StringBuilder id = new StringBuilder();
        for (String part : String.valueOf(name).split("[^A-Za-z0-9]+")) {
            id.append(capitalized(part));
        }
        return id.isEmpty() ? "Unnamed" : id.toString();
    }

    /** Mermaid reads a keyword or a number where it expects a name, so neither may be one. */
    private static String safeId(String id) {
        if (Character.isDigit(id.charAt(0))) {
            return "System" + id;
        }
        return MERMAID_KEYWORDS.contains(id.toLowerCase(Locale.ROOT)) ? id + "System" : id;
    }

    private static String capitalized(String word) {
        return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
