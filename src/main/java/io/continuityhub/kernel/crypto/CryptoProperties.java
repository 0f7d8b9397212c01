package io.continuityhub.kernel.crypto;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.crypto.*}: the keys that seal message text and payloads at rest. {@code keys} maps a
 * key id to 32 random bytes in base64 ({@code openssl rand -base64 32}); {@code active-key} names
 * the one new values are sealed with. Older keys stay in the map for as long as rows sealed with
 * them exist. A key id is lower-case letters and digits, so it is also an environment variable's
 * tail ({@code HUB_CRYPTO_KEYS_K2026A} → {@code hub.crypto.keys.k2026a}). The hub does not start
 * without a valid active key: it never writes those columns in plain text.
 */
@ConfigurationProperties("hub.crypto")
public record CryptoProperties(String activeKey, Map<String, String> keys) {

    static final int KEY_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[a-z0-9]{1,32}");

    public CryptoProperties {
        keys = keys == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(keys));
        if (activeKey == null || activeKey.isBlank()) {
            throw new IllegalArgumentException("hub.crypto.active-key is not set: set HUB_CRYPTO_ACTIVE_KEY to the id of "
                    + "the key new rows are sealed with, and that key in hub.crypto.keys.<id> (HUB_CRYPTO_KEYS_<ID>; "
                    + "make one with: openssl rand -base64 32)");
        }
        for (Map.Entry<String, String> key : keys.entrySet()) {
            if (!KEY_ID.matcher(key.getKey()).matches()) {
                throw new IllegalArgumentException("hub.crypto.keys: key id '" + key.getKey()
                        + "' must be 1 to 32 lower-case letters and digits");
            }
            decode(key.getKey(), key.getValue());
        }
        if (!keys.containsKey(activeKey)) {
            throw new IllegalArgumentException("hub.crypto.active-key is '" + activeKey + "' but hub.crypto.keys has no key '"
                    + activeKey + "': set " + environmentVariable(activeKey) + " (or hub.crypto.keys." + activeKey
                    + ") to 32 random bytes in base64 (openssl rand -base64 32)");
        }
    }

    /** The keys as AES key bytes, by id. */
    Map<String, byte[]> keyBytes() {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        keys.forEach((id, value) -> bytes.put(id, decode(id, value)));
        return bytes;
    }

    static String environmentVariable(String keyId) {
        return "HUB_CRYPTO_KEYS_" + keyId.toUpperCase(java.util.Locale.ROOT);
    }

    private static byte[] decode(String id, String value) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value == null ? "" : value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hub.crypto.keys." + id + " (" + environmentVariable(id)
                    + ") is not base64: make a key with openssl rand -base64 32");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("hub.crypto.keys." + id + " (" + environmentVariable(id) + ") is "
                    + bytes.length + " bytes, not " + KEY_BYTES + ": make a key with openssl rand -base64 32");
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "CryptoProperties[activeKey=" + activeKey + ", keys=" + keys.keySet() + "]"; // never the key bytes
    }
}
