package io.continuityhub.tools.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.tools.DownstreamAnswer;
import io.continuityhub.tools.DownstreamCall;
import io.continuityhub.tools.PermanentToolException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.ProducerTemplate;

/** An OAuth client-credentials bearer token, fetched through the warehouse gateway and kept until refused. */
final class ClientCredentialsToken {

    private final Supplier<String> tokenUrl;
    private final WarehouseProperties.OAuthApi api;
    private final String gateway;
    private final ProducerTemplate camel;
    private final ObjectMapper json;
    private volatile String token;

    ClientCredentialsToken(Supplier<String> tokenUrl, WarehouseProperties.OAuthApi api, String gateway, ProducerTemplate camel,
                           ObjectMapper json) {
        this.tokenUrl = tokenUrl;
        this.api = api;
        this.gateway = gateway;
        this.camel = camel;
        this.json = json;
    }

    synchronized String bearer() {
        if (token == null) {
            String form = "grant_type=client_credentials&client_id=" + encode(api.clientId())
                    + "&client_secret=" + encode(api.clientSecret());
            DownstreamAnswer answer = camel.requestBody(gateway, new DownstreamCall("POST", tokenUrl.get(),
                    Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json"), form),
                    DownstreamAnswer.class);
            if (!answer.is2xx()) {
                throw new PermanentToolException("the warehouse refused the hub's client credentials (" + answer.status() + ")");
            }
            token = read(answer.body()).path("access_token").asText();
        }
        return "Bearer " + token;
    }

    synchronized void forget() {
        token = null;
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new PermanentToolException("the warehouse's token answer is not JSON", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8);
    }
}
