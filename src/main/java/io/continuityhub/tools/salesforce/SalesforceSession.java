package io.continuityhub.tools.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.tools.DownstreamAnswer;
import io.continuityhub.tools.DownstreamCall;
import io.continuityhub.tools.PermanentToolException;
import io.continuityhub.tools.RetryableToolException;
import io.continuityhub.tools.ServiceUrls;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * The hub's OAuth session with Salesforce (username-password flow of a connected app). The token
 * is kept until Salesforce answers 401, then fetched again on the next call.
 */
@Component
public class SalesforceSession {

    /** An access token and the instance it is good for. */
    public record Token(String accessToken, String instanceUrl) {
    }

    private final SalesforceProperties properties;
    private final ServiceUrls urls;
    private final ProducerTemplate camel;
    private final ObjectMapper json;
    private volatile Token token;

    SalesforceSession(SalesforceProperties properties, ServiceUrls urls, ProducerTemplate camel, ObjectMapper json) {
        this.properties = properties;
        this.urls = urls;
        this.camel = camel;
        this.json = json;
    }

    public Token current() {
        Token current = token;
        if (current == null) {
            synchronized (this) {
                if (token == null) {
                    token = login();
                }
                current = token;
            }
        }
        return current;
    }

    /** Forgets {@code stale} (and only it: another thread may already hold a fresh one). */
    public synchronized void invalidate(String staleAccessToken) {
        if (token != null && token.accessToken().equals(staleAccessToken)) {
            token = null;
        }
    }

    private Token login() {
        String form = Map.of("grant_type", "password", "client_id", properties.clientId(),
                        "client_secret", properties.clientSecret(), "username", properties.username(),
                        "password", properties.password()).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        DownstreamAnswer answer = camel.requestBody(properties.gateway(), new DownstreamCall("POST",
                urls.of("hub.salesforce.login-url") + "/services/oauth2/token",
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json"), form),
                DownstreamAnswer.class);
        JsonNode body = answer.json(json);
        if (!answer.is2xx()) {
            throw new PermanentToolException("Salesforce refused the hub's login (" + answer.status() + " "
                    + body.path("error").asText() + "): check hub.salesforce.client-id/secret/username/password");
        }
        if (!body.hasNonNull("access_token") || !body.hasNonNull("instance_url")) {
            throw new RetryableToolException("Salesforce's token answer has no access_token/instance_url");
        }
        return new Token(body.get("access_token").asText(), body.get("instance_url").asText());
    }
}
