package io.continuityhub.sandbox.warehouse;

import io.continuityhub.sandbox.AuthorizationHeaders;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;

/**
 * An OAuth 2.0 client-credentials token endpoint and the bearer tokens it issued (in memory: a
 * restart of the sandbox logs every client out, and the client logs in again on its 401). One
 * per simulated vendor, each with its own client id and secret.
 */
final class ClientCredentialsTokens {

    static final int EXPIRES_IN_SECONDS = 3600;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final Set<String> issued = ConcurrentHashMap.newKeySet();

    ClientCredentialsTokens(String clientId, String clientSecret, String scope) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
    }

    /** {@code POST …/oauth/token}: grant_type=client_credentials, the client in the form or as HTTP basic auth. */
    ResponseEntity<Object> token(MultiValueMap<String, String> form, String authorization) {
        if (!"client_credentials".equals(form.getFirst("grant_type"))) {
            return error(400, "unsupported_grant_type", "Unsupported grant type: " + form.getFirst("grant_type"));
        }
        Optional<AuthorizationHeaders.Basic> basic = AuthorizationHeaders.basic(authorization);
        String id = basic.map(AuthorizationHeaders.Basic::user).orElse(form.getFirst("client_id"));
        String secret = basic.map(AuthorizationHeaders.Basic::secret).orElse(form.getFirst("client_secret"));
        if (!(AuthorizationHeaders.matches(clientId, id) & AuthorizationHeaders.matches(clientSecret, secret))) {
            return error(401, "invalid_client", "Bad client credentials");
        }
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        issued.add(token);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("token_type", "bearer");
        answer.put("expires_in", EXPIRES_IN_SECONDS);
        answer.put("scope", scope);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer);
    }

    /** True for {@code Authorization: Bearer <a token issued here>}. */
    boolean authorizes(String authorization) {
        String token = AuthorizationHeaders.credentials(authorization, "Bearer");
        return token != null && issued.contains(token);
    }

    /** The 401 of a resource call without a valid token (RFC 6750). */
    static ResponseEntity<Object> invalidToken() {
        return ResponseEntity.status(401).header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", "invalid_token", "error_description", "Access token missing, expired or not issued here"));
    }

    private static ResponseEntity<Object> error(int status, String error, String description) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", error, "error_description", description));
    }
}
