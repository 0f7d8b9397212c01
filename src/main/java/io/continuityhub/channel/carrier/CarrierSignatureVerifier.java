package io.continuityhub.channel.carrier;

import io.continuityhub.channel.HmacSha256;
import io.continuityhub.kernel.HubRequestException;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Checks the carrier's {@code X-Hmac-Signature: hmac-sha256-hex=<hex>} on the raw body before parsing. */
@Component
public class CarrierSignatureVerifier {

    private static final String PREFIX = "hmac-sha256-hex=";

    private final HmacSha256 secret;

    CarrierSignatureVerifier(@Value("${hub.carrier.webhook-secret:}") String webhookSecret) {
        this.secret = new HmacSha256(webhookSecret, "hub.carrier.webhook-secret (HUB_CARRIER_WEBHOOK_SECRET)");
    }

    public void verify(@Body byte[] body, @Header("X-Hmac-Signature") String signature) {
        if (signature == null || signature.isBlank()) {
            throw new HubRequestException(401, "missing_signature", null,
                    "the X-Hmac-Signature header is missing; the carrier signs every event with the webhook secret");
        }
        if (!signature.startsWith(PREFIX) || !secret.matches(body, signature.substring(PREFIX.length()))) {
            throw new HubRequestException(403, "bad_signature", null,
                    "X-Hmac-Signature does not match the body; check hub.carrier.webhook-secret");
        }
    }
}
