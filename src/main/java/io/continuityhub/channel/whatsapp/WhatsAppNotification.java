package io.continuityhub.channel.whatsapp;

import io.continuityhub.channel.Interaction;
import java.time.Instant;
import java.util.List;

/** What one webhook POST carried: customer messages (as interactions) and receipts for the hub's own sends. */
public record WhatsAppNotification(List<Interaction> messages, List<Receipt> statuses) {

    /** A delivery receipt: {@code status} of the hub's message {@code wamid} at {@code at}. */
    public record Receipt(String wamid, String status, Instant at, String errorTitle) {
    }
}
