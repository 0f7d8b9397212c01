package io.continuityhub.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Signs webhook bodies the way their senders do: HMAC-SHA256 of the exact bytes, as lowercase
 * hex. WhatsApp puts it in {@code X-Hub-Signature-256: sha256=<hex>}; the carrier simulator uses
 * the same primitive with its own header and secret.
 */
@Component
public class WebhookSigner {

    public String hmacSha256Hex(String secret, byte[] body) {
        return HexFormat.of().formatHex(hmacSha256(secret, body));
    }

    /** The raw HMAC-SHA256 of {@code body} keyed with {@code secret} (Salesforce signs its token answers so, in base64). */
    public byte[] hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
