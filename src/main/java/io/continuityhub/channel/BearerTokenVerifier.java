package io.continuityhub.channel;

import io.continuityhub.kernel.HubRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.camel.Header;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Checks the touchpoint API's bearer token, in constant time. */
@Component
public class BearerTokenVerifier {

    private static final String PREFIX = "Bearer ";

    private final byte[] expected;

    BearerTokenVerifier(@Value("${hub.api.touchpoint-token}") String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("hub.api.touchpoint-token (HUB_TOUCHPOINT_TOKEN) is not set;"
                    + " set it, or run with the sandbox profile for its development value");
        }
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    public void verify(@Header("Authorization") String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new HubRequestException(401, "unauthorized", null,
                    "send the touchpoint token as Authorization: Bearer <token>");
        }
        byte[] presented = authorization.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, presented)) {
            throw new HubRequestException(401, "unauthorized", null, "the bearer token is not the touchpoint token");
        }
    }
}
