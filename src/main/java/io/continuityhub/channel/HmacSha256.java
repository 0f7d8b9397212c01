package io.continuityhub.channel;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A webhook secret, and the constant-time check of a hex HMAC-SHA256 over a request's raw bytes. */
public final class HmacSha256 {

    private final SecretKeySpec key;
    /** A Mac keyed once per thread: looking the algorithm up and keying it costs more than the HMAC itself. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::keyedMac);

    public HmacSha256(String secret, String settingName) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException(settingName + " is not set; set it, or run with the sandbox profile"
                    + " for its development value");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** True when {@code hex} is the HMAC of {@code body}; false for anything else, malformed hex included. */
    public boolean matches(byte[] body, String hex) {
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(sign(body), presented);
    }

    private byte[] sign(byte[] body) {
        return macs.get().doFinal(body == null ? new byte[0] : body); // doFinal leaves the Mac reset for the next
    }

    private Mac keyedMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
