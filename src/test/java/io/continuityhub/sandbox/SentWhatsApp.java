package io.continuityhub.sandbox;

import java.time.Instant;

/**
 * One message the Cloud API simulator accepted from the hub.
 *
 * @param recipient E.164 with '+'
 * @param requestJson the whole request body, as the hub sent it
 * @param text {@code text.body} of a text message, null for other types
 * @param bizOpaqueCallbackData the request's {@code biz_opaque_callback_data}, null when it had none
 *                              (kept inside {@code requestJson}, not stored apart)
 */
record SentWhatsApp(String wamid, String phoneNumberId, String recipient, String type, String requestJson, String text,
                    String bizOpaqueCallbackData, Instant sentAt) {
}
