package io.continuityhub.channel.whatsapp;

import io.continuityhub.tools.whatsapp.WhatsAppProperties;
import io.continuityhub.channel.HmacSha256;
import io.continuityhub.kernel.HubRequestException;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Checks Meta's {@code X-Hub-Signature-256} (HMAC-SHA256 of the raw body with the app secret)
 * before a byte of the body is parsed. camel-whatsapp 4.17 has no such check, which is why the
 * webhook is a platform-http route of the hub's own.
 */
@Component
public class WhatsAppSignatureVerifier {

    private static final String PREFIX = "sha256=";

    private final HmacSha256 appSecret;

    WhatsAppSignatureVerifier(WhatsAppProperties properties) {
        this.appSecret = new HmacSha256(properties.appSecret(), "hub.whatsapp.app-secret (HUB_WHATSAPP_APP_SECRET)");
    }

    public void verify(@Body byte[] body, @Header("X-Hub-Signature-256") String signature) {
        if (signature == null || signature.isBlank()) {
            throw new HubRequestException(401, "missing_signature", null,
                    "the X-Hub-Signature-256 header is missing; Meta signs every webhook with the app secret");
        }
        if (!signature.startsWith(PREFIX) || !appSecret.matches(body, signature.substring(PREFIX.length()))) {
            throw new HubRequestException(403, "bad_signature", null,
                    "X-Hub-Signature-256 does not match the body; check hub.whatsapp.app-secret");
        }
    }
}
