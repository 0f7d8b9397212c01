package io.continuityhub.channel.whatsapp;

/** The webhook's answer (API.md): messages accepted now, messages seen before, receipts applied. */
public record WebhookAck(int accepted, int duplicates, int statuses) {
}
