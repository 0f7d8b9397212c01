package io.continuityhub.sandbox;

/**
 * A webhook ready to post: the exact bytes that were signed, and the signature header's value.
 *
 * @param wamid the message the webhook is about (a new customer message, or the one whose status changed)
 */
record SignedWebhook(String wamid, byte[] body, String signatureHeader, String signature) {
}
