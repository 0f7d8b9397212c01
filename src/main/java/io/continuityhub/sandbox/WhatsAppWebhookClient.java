package io.continuityhub.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.continuityhub.ops.HubRequestException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Posts signed WhatsApp webhooks to the hub, as Meta's servers would, and reports what the hub
 * answered. The target is {@code hub.sandbox.whatsapp.hub-webhook-url}, or a URL set at run time
 * (tests point it at a capture server; demos at another hub).
 */
@Component
@Profile("sandbox")
class WhatsAppWebhookClient {

    static final String URL_PROPERTY = "hub.sandbox.whatsapp.hub-webhook-url";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** What the hub answered: its status and its body (parsed JSON, the raw text when not JSON, null when empty). */
    record HubAnswer(int status, JsonNode body) {
    }

    private final Environment environment;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final AtomicReference<String> overrideUrl = new AtomicReference<>();

    WhatsAppWebhookClient(Environment environment, ObjectMapper json) {
        this.environment = environment;
        this.json = json;
    }

    /** Where webhooks go now. Read at call time: the configured URL names local.server.port, known only once the server listens. */
    String url() {
        String override = overrideUrl.get();
        return override != null ? override : configuredUrl();
    }

    String configuredUrl() {
        return environment.getRequiredProperty(URL_PROPERTY);
    }

    void useUrl(String url) {
        overrideUrl.set(url);
    }

    void useConfiguredUrl() {
        overrideUrl.set(null);
    }

    HubAnswer post(SignedWebhook webhook) {
        String url = url();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header(webhook.signatureHeader(), webhook.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.body()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new HubAnswer(response.statusCode(), parse(response.body()));
        } catch (HttpTimeoutException e) {
            throw unreachable(url, "no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw unreachable(url, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(url, "interrupted");
        }
    }

    private static HubRequestException unreachable(String url, String why) {
        return new HubRequestException(502, "hub_unreachable", null, "the webhook could not be delivered to " + url
                + " (" + why + "); is the hub running there? Change the target with PUT /sandbox/whatsapp/hub-webhook-url"
                + " or " + URL_PROPERTY);
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(body);
        }
    }
}
