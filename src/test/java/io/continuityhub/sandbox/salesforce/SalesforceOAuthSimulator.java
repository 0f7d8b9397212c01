package io.continuityhub.sandbox.salesforce;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.continuityhub.sandbox.AuthorizationHeaders;
import io.continuityhub.sandbox.WebhookSigner;
import io.continuityhub.sandbox.faults.DownstreamSystem;
import io.continuityhub.sandbox.faults.SimulatedFaults;
import io.continuityhub.sandbox.faults.SimulatedOutage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Salesforce's OAuth token endpoint: the username-password flow and the client-credentials flow
 * (client id and secret in the form or as HTTP basic auth). Answers Salesforce's token shape, its
 * {@code instance_url} pointing at this simulator as reached by the caller; refusals are OAuth
 * errors ({@code invalid_grant} for any wrong credential).
 */
@RestController
@Profile("sandbox")
class SalesforceOAuthSimulator {

    private static final Logger log = LoggerFactory.getLogger(SalesforceOAuthSimulator.class);
    static final String PATH = "/sandbox/salesforce";

    record TokenAnswer(@JsonProperty("access_token") String accessToken, @JsonProperty("instance_url") String instanceUrl,
                       String id, @JsonProperty("token_type") String tokenType, @JsonProperty("issued_at") String issuedAt,
                       String signature) {
    }

    private final SalesforceCredentials credentials;
    private final SalesforceTokens tokens;
    private final SalesforceApiUsage usage;
    private final SimulatedFaults faults;
    private final WebhookSigner signer;
    private final Clock clock;

    SalesforceOAuthSimulator(SalesforceCredentials credentials, SalesforceTokens tokens, SalesforceApiUsage usage,
                             SimulatedFaults faults, WebhookSigner signer, Clock clock) {
        this.credentials = credentials;
        this.tokens = tokens;
        this.usage = usage;
        this.faults = faults;
        this.signer = signer;
        this.clock = clock;
    }

    @PostMapping(PATH + "/services/oauth2/token")
    ResponseEntity<Object> token(@RequestParam MultiValueMap<String, String> form,
                                 @RequestHeader(value = "Authorization", required = false) String authorization) {
        faults.check(DownstreamSystem.SALESFORCE);
        String grantType = form.getFirst("grant_type");
        Optional<AuthorizationHeaders.Basic> client = AuthorizationHeaders.basic(authorization);
        String clientId = client.map(AuthorizationHeaders.Basic::user).orElse(form.getFirst("client_id"));
        String clientSecret = client.map(AuthorizationHeaders.Basic::secret).orElse(form.getFirst("client_secret"));
        boolean authenticated;
        if ("password".equals(grantType)) {
            authenticated = credentials.client(clientId, clientSecret)
                    & credentials.user(form.getFirst("username"), form.getFirst("password"));
        } else if ("client_credentials".equals(grantType)) {
            authenticated = credentials.client(clientId, clientSecret);
        } else {
            return oauthError(400, "unsupported_grant_type", "grant type not supported");
        }
        if (!authenticated) {
            log.info("Salesforce simulator refused a {} login: authentication failure", grantType);
            return oauthError(400, "invalid_grant", "authentication failure");
        }
        Instant now = clock.instant();
        String token = tokens.issue(now);
        String instanceUrl = ServletUriComponentsBuilder.fromCurrentContextPath().path(PATH).toUriString();
        String id = instanceUrl + "/id/" + SalesforceIds.ORG_ID + "/" + SalesforceIds.USER_ID;
        String issuedAt = Long.toString(now.toEpochMilli());
        log.info("Salesforce simulator issued a session ({} flow)", grantType);
        faults.afterCommit(DownstreamSystem.SALESFORCE);
        return ResponseEntity.ok().header(SalesforceApiUsage.HEADER, usage.header()).contentType(MediaType.APPLICATION_JSON)
                .body(new TokenAnswer(token, instanceUrl, id, "Bearer", issuedAt, signature(id + issuedAt)));
    }

    @ExceptionHandler(SimulatedOutage.class)
    ResponseEntity<Object> outage(SimulatedOutage e) {
        return oauthError(503, "unknown_error", "retry your request");
    }

    private ResponseEntity<Object> oauthError(int status, String error, String description) {
        return ResponseEntity.status(status).header(SalesforceApiUsage.HEADER, usage.header())
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("error", error, "error_description", description));
    }

    /** Salesforce signs {@code id + issued_at} with the connected app's secret, so a client can check the answer. */
    private String signature(String payload) {
        return Base64.getEncoder().encodeToString(signer.hmacSha256(credentials.clientSecret(),
                payload.getBytes(StandardCharsets.UTF_8)));
    }
}
