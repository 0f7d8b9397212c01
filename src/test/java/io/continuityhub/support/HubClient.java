package io.continuityhub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Talks to a running hub over real HTTP, as a channel, an ops user or a sandbox user would. */
public final class HubClient {

    public static final String TOUCHPOINT_TOKEN = "sandbox-touchpoint-token";
    private static final String OPS_LOGIN = "Basic " + Base64.getEncoder()
            .encodeToString("ops:sandbox-ops".getBytes(StandardCharsets.UTF_8));

    public record Response(int status, String body, Map<String, List<String>> headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public HubClient(int port) {
        this.base = "http://localhost:" + port;
    }

    public Response seedCustomer(String customerId, String timeZone, Map<String, String> handles) {
        ObjectNode body = JSON.createObjectNode().put("customerId", customerId).put("displayName", "Test " + customerId)
                .put("timeZone", timeZone);
        var array = body.putArray("handles");
        handles.forEach((channel, value) -> array.addObject().put("channel", channel).put("value", value));
        return send("POST", "/sandbox/customers", body.toString(), "Content-Type", "application/json");
    }

    public Response touchpoint(String eventId, String channel, String handleType, String handleValue, String text) {
        ObjectNode body = JSON.createObjectNode().put("eventId", eventId).put("channel", channel).put("text", text);
        body.putObject("handle").put("type", handleType).put("value", handleValue);
        return touchpointRaw(body.toString());
    }

    public Response touchpointRaw(String body) {
        return send("POST", "/api/v1/touchpoints", body, "Content-Type", "application/json",
                "Authorization", "Bearer " + TOUCHPOINT_TOKEN);
    }

    public Response opsGet(String path) {
        return send("GET", path, null, "Authorization", OPS_LOGIN);
    }

    public Response opsPost(String path, String json) {
        return send("POST", path, json == null ? "" : json, "Authorization", OPS_LOGIN, "Content-Type", "application/json");
    }

    public Response send(String method, String path, String body, String... headers) {
        return sendBytes(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Sends these bytes as the body, as they are: a body that is not UTF-8, or not even text. */
    public Response sendBytes(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
