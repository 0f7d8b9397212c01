package io.continuityhub.sandbox.salesforce;

import io.continuityhub.sandbox.AuthorizationHeaders;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The connected app and integration user the simulated org knows: {@code hub.salesforce.*}, the
 * same settings the hub logs in with. Empty settings match nothing.
 */
@Component
@Profile("sandbox")
class SalesforceCredentials {

    private final String clientId;
    private final String clientSecret;
    private final String username;
    private final String password;

    SalesforceCredentials(@Value("${hub.salesforce.client-id:}") String clientId,
                          @Value("${hub.salesforce.client-secret:}") String clientSecret,
                          @Value("${hub.salesforce.username:}") String username,
                          @Value("${hub.salesforce.password:}") String password) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.username = username;
        this.password = password;
    }

    boolean client(String id, String secret) {
        return matches(clientId, id) & matches(clientSecret, secret);
    }

    boolean user(String name, String secret) {
        return matches(username, name) & matches(password, secret);
    }

    /** The connected app's secret, which keys the token answer's signature. */
    String clientSecret() {
        return clientSecret;
    }

    private static boolean matches(String expected, String presented) {
        return AuthorizationHeaders.matches(expected, presented);
    }
}
