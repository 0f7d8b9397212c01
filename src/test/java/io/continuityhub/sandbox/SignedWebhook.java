package io.continuityhub.sandbox;

/**
 * A webhook ready to post: the exact bytes that were signed, and the signature header's value.
 *
 * @param id what the webhook is about: a WhatsApp message (a customer's new one, or the one whose
 *           status changed), a carrier event
 */
public record SignedWebhook(String id, byte[] body, String signatureHeader, String signature) {
}
