package io.continuityhub.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.continuityhub.kernel.HubRequestException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.core.env.Environment;

/**
 * Posts signed webhooks to the hub, as a provider's servers would, and reports what the hub
 * answered. The target is a configured URL property, or a URL set at run time (tests point it at
 * a capture server; demos at another hub). One per simulated provider.
 */
public class HubWebhookClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** What the hub answered: its status and its body (parsed JSON, the raw text when not JSON, null when empty). */
    public record HubAnswer(int status, JsonNode body) {
    }

    /** Where webhooks go now, and whether that is the configured URL (false: changed at run time). */
    public record Target(String url, boolean configured) {
    }

    private final Environment environment;
    private final ObjectMapper json;
    private final String urlProperty;
    private final String changeEndpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final AtomicReference<String> overrideUrl = new AtomicReference<>();

    /**
     * @param urlProperty the setting that names the hub's webhook URL
     * @param changeEndpoint the sandbox endpoint that changes it while running, named in errors
     */
    protected HubWebhookClient(Environment environment, ObjectMapper json, String urlProperty, String changeEndpoint) {
        this.environment = environment;
        this.json = json;
        this.urlProperty = urlProperty;
        this.changeEndpoint = changeEndpoint;
    }

    /** Where webhooks go now. Read at call time: the configured URL names local.server.port, known only once the server listens. */
    public String url() {
        String override = overrideUrl.get();
        return override != null ? override : configuredUrl();
    }

    /** The sandbox endpoint that reads and changes where this client's webhooks go. */
    public String changeEndpoint() {
        return changeEndpoint;
    }

    public Target target() {
        String url = url();
        return new Target(url, url.equals(configuredUrl()));
    }

    public String configuredUrl() {
        return environment.getRequiredProperty(urlProperty);
    }

    /** Sends webhooks to {@code url} from now on; refuses (field {@code url}) anything but an absolute http(s) URL. */
    public void useUrl(String url) {
        overrideUrl.set(httpUrl(url));
    }

    public void useConfiguredUrl() {
        overrideUrl.set(null);
    }

    public HubAnswer post(SignedWebhook webhook) {
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

    private static String httpUrl(String url) {
        try {
            URI uri = new URI(url == null ? "" : url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw HubRequestException.badField("url", "must be an absolute http(s) URL, e.g. http://localhost:8080/webhooks/...");
    }

    private HubRequestException unreachable(String url, String why) {
        return new HubRequestException(502, "hub_unreachable", null, "the webhook could not be delivered to " + url
                + " (" + why + "); is the hub running there? Change the target with PUT " + changeEndpoint
                + " or " + urlProperty);
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
