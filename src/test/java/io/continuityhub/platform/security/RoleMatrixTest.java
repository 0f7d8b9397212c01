package io.continuityhub.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.continuityhub.support.HubClient;
import io.continuityhub.support.HubIntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The role matrix of API.md, called over HTTP: every guarded endpoint × every role → allowed,
 * 401 or 403 (naming the role it needs). "Allowed" is any answer past the guard: an unknown id's
 * 404 or a refused body's 400 says the call reached the hub.
 */
class RoleMatrixTest extends HubIntegrationTest {

    enum Caller {
        NOBODY(null), AGENT("agent:sandbox-agent"), OPS("reader:sandbox-reader"), ADMIN("admin:sandbox-admin");

        final String login;

        Caller(String login) {
            this.login = login;
        }

        String[] headers(boolean json) {
            List<String> headers = new ArrayList<>();
            if (login != null) {
                headers.addAll(List.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8))));
            }
            if (json) {
                headers.addAll(List.of("Content-Type", "application/json"));
            }
            return headers.toArray(String[]::new);
        }
    }

    /** Who gets past the guard; everyone else logged in gets 403, nobody gets 401. */
    record Call(String method, String path, String body, List<Caller> allowed) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final List<Caller> READERS = List.of(Caller.OPS, Caller.ADMIN);
    private static final List<Caller> AGENTS = List.of(Caller.AGENT);
    private static final List<Caller> AGENTS_AND_READERS = List.of(Caller.AGENT, Caller.OPS, Caller.ADMIN);
    private static final List<Caller> ADMINS = List.of(Caller.ADMIN);

    static Stream<Arguments> matrix() {
        List<Call> calls = List.of(
                new Call("GET", "/api/v1/customers/resolve?channel=whatsapp&handle=%2B447700900999", null, READERS),
                new Call("GET", "/api/v1/customers/cust-nobody", null, READERS),
                new Call("GET", "/api/v1/customers/cust-nobody/merges", null, READERS),
                new Call("GET", "/api/v1/carrier/unmatched", null, READERS),
                new Call("GET", "/api/v1/inbox", null, READERS),
                new Call("GET", "/actuator/prometheus", null, READERS),
                new Call("GET", "/actuator/hawtio/", null, READERS),
                new Call("GET", "/actuator/jolokia/read/java.lang:type=Memory/HeapMemoryUsage", null, READERS),
                new Call("POST", "/actuator/jolokia", "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"}", READERS),
                new Call("GET", "/api/v1/escalations?status=open", null, AGENTS_AND_READERS),
                new Call("GET", "/api/v1/escalations/esc-nobody", null, AGENTS_AND_READERS),
                new Call("GET", "/api/v1/customers/cust-nobody/session", null, AGENTS_AND_READERS),
                new Call("GET", "/api/v1/sessions/sess-nobody/events", null, AGENTS_AND_READERS),
                new Call("GET", "/api/v1/sessions/sess-nobody/sequence", null, AGENTS_AND_READERS),
                new Call("GET", "/inbox", null, AGENTS),
                new Call("GET", "/inbox/agent-inbox.js", null, AGENTS),
                new Call("POST", "/api/v1/escalations/esc-nobody/claim", "", AGENTS),
                new Call("POST", "/api/v1/escalations/esc-nobody/reply", "{\"text\":\"hello\"}", AGENTS),
                new Call("POST", "/api/v1/escalations/esc-nobody/resolve", "", AGENTS),
                new Call("POST", "/api/v1/customers/cust-nobody/handles", "{\"channel\":\"email\",\"value\":\"x@example.com\"}", ADMINS),
                new Call("POST", "/api/v1/customers/cust-nobody/merges", "{\"sourceCustomerId\":\"cust-other\",\"reason\":\"test\"}", ADMINS),
                new Call("POST", "/api/v1/merges/999999/unmerge", "", ADMINS),
                new Call("DELETE", "/api/v1/customers/cust-nobody", null, ADMINS),
                new Call("GET", "/actuator/jolokia/exec/java.lang:type=Memory/gc", null, ADMINS),
                new Call("POST", "/actuator/jolokia", "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}", ADMINS),
                new Call("POST", "/actuator/jolokia", "[{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"},"
                        + "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":false}]", ADMINS));
        return calls.stream().flatMap(call -> Stream.of(Caller.values()).map(caller -> Arguments.of(call, caller)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void eachCallIsOpenToItsRolesOnly(Call call, Caller caller) {
        HubClient.Response answer = call(call.method(), call.path(), call.body(), caller);

        if (caller == Caller.NOBODY) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        } else if (call.allowed().contains(caller)) {
            assertThat(answer.status()).as(answer.body()).isNotIn(401, 403);
        } else {
            assertThat(answer.status()).as(answer.body()).isEqualTo(403);
            assertThat(answer.json().get("error").asText()).isEqualTo("forbidden");
            assertThat(answer.json().get("message").asText()).as("names the role it needs")
                    .contains("needs the role").contains(call.allowed().get(0).name().toLowerCase());
        }
    }

    @Test
    void aJolokiaWriteReallyChangesNothingForAnOperator() {
        String verbose = "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\"}";
        String turnOn = "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}";

        assertThat(call("POST", "/actuator/jolokia", turnOn, Caller.OPS).status()).isEqualTo(403);
        assertThat(call("POST", "/actuator/jolokia", verbose, Caller.OPS).json().get("value").asBoolean()).isFalse();

        try {
            assertThat(call("POST", "/actuator/jolokia", turnOn, Caller.ADMIN).json().get("status").asInt()).isEqualTo(200);
            assertThat(call("POST", "/actuator/jolokia", verbose, Caller.OPS).json().get("value").asBoolean()).isTrue();
        } finally {
            call("POST", "/actuator/jolokia", turnOn.replace("true", "false"), Caller.ADMIN);
        }
    }

    @Test
    void aBearerTokenFromTheIdentityProviderCarriesItsRoles() throws Exception {
        String agent = token("test-jwt-private.pem", Map.of("roles", List.of("agent")), Instant.now().plusSeconds(300));
        String admin = token("test-jwt-private.pem", Map.of("realm_access", Map.of("roles", List.of("admin"))), Instant.now().plusSeconds(300));
        String expired = token("test-jwt-private.pem", Map.of("roles", List.of("agent")), Instant.now().minusSeconds(300));
        String forged = token("other-issuer-private.pem", Map.of("roles", List.of("admin")), Instant.now().plusSeconds(300));

        assertThat(bearer("GET", "/api/v1/escalations?status=open", agent).status()).isEqualTo(200);
        assertThat(bearer("POST", "/api/v1/merges/999999/unmerge", agent).status()).isEqualTo(403);
        assertThat(bearer("GET", "/api/v1/escalations?status=open", expired).status()).isEqualTo(401);
        assertThat(bearer("GET", "/api/v1/escalations?status=open", forged).status()).isEqualTo(401);
        assertThat(bearer("GET", "/api/v1/escalations?status=open", admin).status())
                .as("the roles claim is 'roles' here, so a token with its roles elsewhere has none").isEqualTo(403);
    }

    /**
     * As the caller's client would send it: a console POST (outside /api) echoes the CSRF cookie
     * in its header, as Hawtio does.
     */
    private HubClient.Response call(String method, String path, String body, Caller caller) {
        List<String> headers = new ArrayList<>(List.of(caller.headers(body != null)));
        if (!method.equals("GET") && !path.startsWith("/api/")) {
            String token = csrfToken();
            headers.addAll(List.of("Cookie", "XSRF-TOKEN=" + token, "X-XSRF-TOKEN", token));
        }
        return hub.send(method, path, body, headers.toArray(String[]::new));
    }

    @Test
    void aConsolePostWithoutItsCsrfTokenIsRefusedAndSaysWhy() {
        HubClient.Response answer = hub.send("POST", "/actuator/jolokia", "{\"type\":\"version\"}", Caller.ADMIN.headers(true));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().get("error").asText()).isEqualTo("csrf_token_missing");
    }

    /**
     * A browser resends a basic login it remembers, whichever page makes it post: its calls to
     * the API (it names their Origin) need the CSRF cookie's token, as the inbox page sends it;
     * a script's (no Origin) do not.
     */
    @Test
    void aBrowsersCallToTheApiNeedsTheCsrfTokenAndAScriptsDoesNot() {
        String path = "/api/v1/escalations/esc-nobody/claim";
        List<String> agent = List.of(Caller.AGENT.headers(true));

        HubClient.Response forged = hub.send("POST", path, "", with(agent, "Origin", "https://elsewhere.example"));
        assertThat(forged.status()).as(forged.body()).isEqualTo(403);
        assertThat(forged.json().get("error").asText()).isEqualTo("csrf_token_missing");

        String token = csrfToken();
        HubClient.Response fromThePage = hub.send("POST", path, "", with(agent, "Origin", "http://localhost:" + port,
                "Cookie", "XSRF-TOKEN=" + token, "X-XSRF-TOKEN", token));
        assertThat(fromThePage.status()).as("past the guard: no such escalation").isEqualTo(404);

        assertThat(hub.send("POST", path, "", agent.toArray(String[]::new)).status()).as("a script's call").isEqualTo(404);
    }

    /**
     * A browser never sends a bearer token on its own, so a call that carries one cannot be forged
     * by another page: an enterprise's own agent desktop, calling the API from the browser with its
     * identity provider's token, needs no CSRF token; nor does a web chat's touchpoint.
     */
    @Test
    void aCallWithABearerTokenNeedsNoCsrfTokenEvenFromABrowser() throws Exception {
        String agent = token("test-jwt-private.pem", Map.of("roles", List.of("agent")), Instant.now().plusSeconds(300));
        HubClient.Response claim = hub.send("POST", "/api/v1/escalations/esc-nobody/claim", "", "Authorization", "Bearer " + agent,
                "Origin", "https://desk.example");
        assertThat(claim.status()).as("past the guard: no such escalation; " + claim.body()).isEqualTo(404);

        String body = "{\"eventId\": \"" + io.continuityhub.support.TestData.eventId() + "\", \"channel\": \"chat\", "
                + "\"handle\": {\"type\": \"phone\", \"value\": \"" + io.continuityhub.support.TestData.phone() + "\"}, "
                + "\"text\": \"hello from the web chat\"}";
        HubClient.Response touchpoint = hub.send("POST", "/api/v1/touchpoints", body, "Content-Type", "application/json",
                "Authorization", "Bearer " + HubClient.TOUCHPOINT_TOKEN, "Origin", "https://chat.example");
        assertThat(touchpoint.status()).as(touchpoint.body()).isEqualTo(202);
    }

    private static String[] with(List<String> headers, String... more) {
        List<String> all = new ArrayList<>(headers);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private String csrfToken() {
        return hub.send("GET", "/actuator/health", null).headers().getOrDefault("set-cookie", List.of()).stream()
                .filter(cookie -> cookie.startsWith("XSRF-TOKEN=")).map(cookie -> cookie.substring(11, cookie.indexOf(';')))
                .findFirst().orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie"));
    }

    private HubClient.Response bearer(String method, String path, String token) {
        return hub.send(method, path, method.equals("GET") ? null : "", "Authorization", "Bearer " + token);
    }

    private static String token(String key, Map<String, Object> claims, Instant expiry) throws IOException, JOSEException, java.security.GeneralSecurityException {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().subject("jane.agent").issueTime(new Date())
                .expirationTime(Date.from(expiry));
        claims.forEach(set::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), set.build());
        jwt.sign(new RSASSASigner(privateKey(key)));
        return jwt.serialize();
    }

    private static PrivateKey privateKey(String name) throws IOException, java.security.GeneralSecurityException {
        try (InputStream in = RoleMatrixTest.class.getResourceAsStream("/security/" + name)) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        }
    }
}
