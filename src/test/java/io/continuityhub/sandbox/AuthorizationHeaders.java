package io.continuityhub.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/** Reads the credentials a simulator's caller presents, and compares secrets in constant time. */
public final class AuthorizationHeaders {

    /** HTTP basic credentials: a user (or OAuth client id) and its password (or client secret). */
    public record Basic(String user, String secret) {
    }

    private AuthorizationHeaders() {
    }

    /** The credentials of {@code Authorization: Basic …}; empty when absent or not decodable. */
    public static Optional<Basic> basic(String authorization) {
        String encoded = credentials(authorization, "Basic");
        if (encoded == null) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(new Basic(decoded.substring(0, colon), decoded.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** What follows {@code scheme} (case-insensitive) and a space in the header, trimmed; null when the scheme differs. */
    public static String credentials(String authorization, String scheme) {
        if (authorization == null || authorization.length() <= scheme.length()
                || !authorization.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1)) {
            return null;
        }
        return authorization.substring(scheme.length() + 1).trim();
    }

    /** True when {@code presented} is {@code expected}; an empty expected value (an unset secret) matches nothing. */
    public static boolean matches(String expected, String presented) {
        return expected != null && !expected.isEmpty() && presented != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
