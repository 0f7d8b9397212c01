package io.continuityhub.tools;

import java.util.Locale;
import java.util.Optional;

/** What a channel reports about a message after it was accepted, in the order it can only advance. */
public enum DeliveryStatus {
    SENT, DELIVERED, READ, FAILED;

    /** The order used in SQL: a receipt only ever moves a message to a later status. */
    static final String ORDER = "{sent,delivered,read,failed}";

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeliveryStatus> fromWire(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
