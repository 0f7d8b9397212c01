package io.continuityhub.sandbox;

import java.security.SecureRandom;
import java.util.Base64;

/** Random ids in the shapes Meta uses: message ids ("wamid.…") and Graph trace ids. */
final class WhatsAppIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private WhatsAppIds() {
    }

    static String wamid() {
        return "wamid." + random(30);
    }

    static String fbtraceId() {
        return random(9);
    }

    static String conversationId() {
        return random(16);
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return BASE64URL.encodeToString(value);
    }
}
