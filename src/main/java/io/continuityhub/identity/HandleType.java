package io.continuityhub.identity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds of handle that identify a customer. Phone and WhatsApp handles name the same
 * thing, a phone number, so they share a match namespace: a voice call from a number finds the
 * customer who verified that number on WhatsApp. A WhatsApp user id (Meta's business-scoped user id,
 * BSUID, e.g. {@code US.13491208655302741918}) is never a phone number: it has a namespace of its own
 * and matches only itself.
 */
public enum HandleType {
    PHONE("tel"),
    WHATSAPP("tel"),
    WHATSAPP_USER_ID("bsuid"),
    EMAIL("email"),
    CHAT_USER("chat"),
    LOYALTY_ID("loyalty");

    private final String matchNamespace;

    HandleType(String matchNamespace) {
        this.matchNamespace = matchNamespace;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    String matchNamespace() {
        return matchNamespace;
    }

    public boolean isPhoneNumber() {
        return "tel".equals(matchNamespace);
    }

    public static Optional<HandleType> fromWire(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name.trim().toLowerCase(Locale.ROOT))).findFirst();
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(HandleType::wireName).collect(Collectors.joining(", "));
    }
}
