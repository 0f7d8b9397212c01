package io.continuityhub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/** A test of the sandbox's downstream simulators: every fault it injects is cleared after it. */
public abstract class SimulatorTest extends HubIntegrationTest {

    protected static final List<String> SYSTEMS = List.of("salesforce", "warehouse", "carrier", "whatsapp");

    @AfterEach
    void clearFaults() {
        for (String system : SYSTEMS) {
            hub.send("POST", "/sandbox/faults", "{\"system\":\"" + system + "\",\"mode\":\"none\"}",
                    "Content-Type", "application/json");
        }
    }

    protected Response fault(String json) {
        Response response = hub.send("POST", "/sandbox/faults", json, "Content-Type", "application/json");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response;
    }

    protected Response postJson(String path, String json, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return hub.send("POST", path, json, all);
    }

    protected Response get(String path, String... headers) {
        return hub.send("GET", path, null, headers);
    }

    /** The side-effect count of one key in {@code GET /sandbox/ledger}, 0 when it has none. */
    protected int ledgerCount(String system, String key) {
        Response ledger = get("/sandbox/ledger?system=" + system);
        assertThat(ledger.status()).as(ledger.body()).isEqualTo(200);
        for (var entry : ledger.json()) {
            if (entry.get("key").asText().equals(key)) {
                return entry.get("count").asInt();
            }
        }
        return 0;
    }

    /** A request with a client that gives up after {@code timeout}: true when it did give up. */
    protected boolean timesOut(HttpRequest.Builder request, Duration timeout) {
        return answeredWithin(request, timeout).isEmpty();
    }

    /** A request with a client that gives up after {@code timeout}: the answer, empty when it gave up. */
    protected Optional<Response> answeredWithin(HttpRequest.Builder request, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> answer = client.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return Optional.of(new Response(answer.statusCode(), answer.body(), answer.headers().map()));
        } catch (java.net.http.HttpTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
