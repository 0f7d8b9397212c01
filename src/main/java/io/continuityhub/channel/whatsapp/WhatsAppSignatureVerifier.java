package io.continuityhub.channel.whatsapp;

import io.continuityhub.ops.HubRequestException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * Checks Meta's {@code X-Hub-Signature-256} (HMAC-SHA256 of the raw body with the app secret)
 * before a byte of the body is parsed, comparing in constant time. camel-whatsapp 4.17 has no
 * such check, which is why the webhook is a platform-http route of the hub's own.
 */
@Component
public class WhatsAppSignatureVerifier {

    private static final String PREFIX = "sha256=";

    private final SecretKeySpec key;

    WhatsAppSignatureVerifier(WhatsAppProperties properties) {
        if (properties.appSecret() == null || properties.appSecret().isBlank()) {
            throw new IllegalStateException("hub.whatsapp.app-secret (HUB_WHATSAPP_APP_SECRET) is not set;"
                    + " set it, or run with the sandbox profile for its development value");
        }
        this.key = new SecretKeySpec(properties.appSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public void verify(@Body byte[] body, @Header("X-Hub-Signature-256") String signature) {
        if (signature == null || signature.isBlank()) {
            throw new HubRequestException(401, "missing_signature", null,
                    "the X-Hub-Signature-256 header is missing; Meta signs every webhook with the app secret");
        }
        byte[] presented;
        try {
            presented = signature.startsWith(PREFIX) ? HexFormat.of().parseHex(signature.substring(PREFIX.length())) : null;
        } catch (IllegalArgumentException notHex) {
            presented = null;
        }
        if (presented == null || !MessageDigest.isEqual(hmac(body), presented)) {
            throw new HubRequestException(403, "bad_signature", null,
                    "X-Hub-Signature-256 does not match the body; check hub.whatsapp.app-secret");
        }
    }

    private byte[] hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body == null ? new byte[0] : body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
