package io.continuityhub.kernel.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Seals personal data at rest (message text, payloads) with AES-256-GCM, under the key named by
 * {@code hub.crypto.active-key}, and opens it with whichever configured key sealed it.
 *
 * <p>Envelopes, version 1:
 * <ul>
 *   <li>a text column: {@code enc:v1:<keyId>:<base64(iv ‖ ciphertext ‖ tag)>}</li>
 *   <li>a jsonb column: {@code {"enc":"v1:<keyId>:<base64(iv ‖ ciphertext ‖ tag)>"}}, the
 *       plaintext being the JSON the column would have held</li>
 * </ul>
 * The IV is 12 random bytes, the tag 128 bits; the version and key id are the additional
 * authenticated data, so an envelope cannot be relabelled with another key id. A value that is
 * not an envelope (a row written before sealing, a column blanked by erasure) opens as itself.
 */
@Component
public class Sealing {

    static final String VERSION = "v1";
    static final String TEXT_PREFIX = "enc:" + VERSION + ":";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Pattern TEXT_ENVELOPE = Pattern.compile("enc:(v\\d+):([a-z0-9]{1,32}):([A-Za-z0-9+/=]+)");
    // jsonb prints {"enc": "…"} (a space after the colon); json written by the hub has none
    private static final Pattern JSON_ENVELOPE = Pattern.compile("\\{\\s*\"enc\"\\s*:\\s*\"(v\\d+):([a-z0-9]{1,32}):([A-Za-z0-9+/=]+)\"\\s*}");

    private final Map<String, SecretKey> keys;
    private final String activeKey;
    private final SecureRandom random = new SecureRandom();
    // a Cipher is not thread-safe, and looking one up per value costs a provider search: one per thread
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(Sealing::newCipher);

    public Sealing(CryptoProperties properties) {
        Map<String, SecretKey> byId = new java.util.LinkedHashMap<>();
        properties.keyBytes().forEach((id, bytes) -> byId.put(id, new SecretKeySpec(bytes, "AES")));
        this.keys = Map.copyOf(byId);
        this.activeKey = properties.activeKey();
    }

    /** The id new values are sealed with. */
    public String activeKey() {
        return activeKey;
    }

    /** The ids the hub can open. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    /** A text column's value, sealed; null stays null. */
    public String seal(String plain) {
        return plain == null ? null : TEXT_PREFIX + activeKey + ":" + encrypt(plain);
    }

    /** A text column's plain value: an envelope opened, anything else as it is. */
    public String open(String stored) {
        if (stored == null || !stored.startsWith("enc:")) {
            return stored;
        }
        Matcher envelope = TEXT_ENVELOPE.matcher(stored);
        if (!envelope.matches()) {
            return stored;
        }
        return decrypt(envelope.group(1), envelope.group(2), envelope.group(3));
    }

    /** A jsonb column's value (JSON text), sealed into {@code {"enc":"v1:<keyId>:…"}}; null stays null. */
    public String sealJson(String json) {
        return json == null ? null : "{\"enc\":\"" + VERSION + ":" + activeKey + ":" + encrypt(json) + "\"}";
    }

    /** A jsonb column's JSON text as the hub wrote it: an envelope opened, anything else as it is. */
    public String openJson(String stored) {
        if (stored == null || !stored.contains("\"enc\"")) {
            return stored;
        }
        Matcher envelope = JSON_ENVELOPE.matcher(stored);
        if (!envelope.matches()) {
            return stored;
        }
        return decrypt(envelope.group(1), envelope.group(2), envelope.group(3));
    }

    /** The key id an envelope (text or jsonb) names; null when the value is not sealed. */
    public static String keyIdOf(String stored) {
        if (stored == null) {
            return null;
        }
        Matcher text = TEXT_ENVELOPE.matcher(stored);
        if (text.matches()) {
            return text.group(2);
        }
        Matcher json = JSON_ENVELOPE.matcher(stored);
        return json.matches() ? json.group(2) : null;
    }

    private String encrypt(String plain) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKey), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(VERSION, activeKey));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new SealingException("cannot seal with key '" + activeKey + "': " + e.getMessage(), e);
        }
    }

    private String decrypt(String version, String keyId, String base64) {
        if (!VERSION.equals(version)) {
            throw new SealingException("a sealed value has envelope version " + version + ", which this hub does not read");
        }
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new SealingException("a value is sealed with key '" + keyId + "', which hub.crypto.keys does not hold ("
                    + "it holds " + keys.keySet() + "): put that key back (" + CryptoProperties.environmentVariable(keyId)
                    + "); a retired key stays configured while rows sealed with it exist");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new SealingException("a value sealed with key '" + keyId + "' is not base64: it was altered", e);
        }
        if (bytes.length < IV_BYTES + TAG_BITS / 8) {
            throw new SealingException("a value sealed with key '" + keyId + "' is too short: it was altered");
        }
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(aad(version, keyId));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SealingException("a value sealed with key '" + keyId + "' does not authenticate: it was altered, "
                    + "or hub.crypto.keys." + keyId + " is not the key it was sealed with", e);
        } catch (GeneralSecurityException e) {
            throw new SealingException("cannot open a value sealed with key '" + keyId + "': " + e.getMessage(), e);
        }
    }

    private static byte[] aad(String version, String keyId) {
        return (version + ":" + keyId).getBytes(StandardCharsets.US_ASCII);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no AES/GCM/NoPadding", e);
        }
    }
}
