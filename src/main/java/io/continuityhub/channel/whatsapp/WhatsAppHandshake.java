package io.continuityhub.channel.whatsapp;

import io.continuityhub.tools.whatsapp.WhatsAppProperties;
import io.continuityhub.kernel.HubRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/** Meta's webhook verification: echo {@code hub.challenge} when the verify token matches. */
@Component
public class WhatsAppHandshake {

    private final byte[] verifyToken;

    WhatsAppHandshake(WhatsAppProperties properties) {
        if (properties.verifyToken() == null || properties.verifyToken().isBlank()) {
            throw new IllegalStateException("hub.whatsapp.verify-token (HUB_WHATSAPP_VERIFY_TOKEN) is not set;"
                    + " set it, or run with the sandbox profile for its development value");
        }
        this.verifyToken = properties.verifyToken().getBytes(StandardCharsets.UTF_8);
    }

    public String answer(@Header("hub.mode") String mode, @Header("hub.verify_token") String token,
                         @Header("hub.challenge") String challenge) {
        for (String[] parameter : new String[][] {{"hub.mode", mode}, {"hub.verify_token", token}, {"hub.challenge", challenge}}) {
            if (parameter[1] == null || parameter[1].isBlank()) {
                throw HubRequestException.badField(parameter[0], "query parameter is required");
            }
        }
        if (!"subscribe".equals(mode)) {
            throw HubRequestException.badField("hub.mode", "must be 'subscribe'");
        }
        if (!MessageDigest.isEqual(verifyToken, token.getBytes(StandardCharsets.UTF_8))) {
            throw new HubRequestException(403, "bad_verify_token", null, "hub.verify_token is not the configured verify token");
        }
        return challenge;
    }
}
