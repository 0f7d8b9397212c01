package io.continuityhub.identity;

/**
 * A normalised channel handle: E.164 for phone numbers, a lower-cased address for email.
 * Only {@link HandleNormalizer} makes them, so two handles that name one thing are equal.
 */
public record Handle(HandleType type, String value) {

    /** The key under which handles that name the same thing meet, whatever channel they came in on. */
    public String matchKey() {
        return type.matchNamespace() + ":" + value;
    }

    /** How the handle reads in a session's channel list, e.g. {@code whatsapp:+447700900123}. */
    public String label() {
        return type.wireName() + ":" + value;
    }
}
