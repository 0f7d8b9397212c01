package io.continuityhub.sandbox;

import io.continuityhub.kernel.HubRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET/PUT/DELETE /sandbox/{whatsapp,carrier}/hub-webhook-url}: where a simulator posts the
 * webhooks it builds (Meta's, the carrier's), read, changed while running, or set back to its
 * configured URL. One controller for every {@link HubWebhookClient}, found by its endpoint.
 */
@RestController
@Profile("sandbox")
class HubWebhookTargetController {

    private static final String WHATSAPP = "/sandbox/whatsapp/hub-webhook-url";
    private static final String CARRIER = "/sandbox/carrier/hub-webhook-url";

    record WebhookTargetRequest(String url) {
    }

    private final Map<String, HubWebhookClient> clients;

    HubWebhookTargetController(List<HubWebhookClient> clients) {
        this.clients = clients.stream().collect(Collectors.toMap(HubWebhookClient::changeEndpoint, Function.identity()));
    }

    @GetMapping({WHATSAPP, CARRIER})
    HubWebhookClient.Target target(HttpServletRequest request) {
        return client(request).target();
    }

    @PutMapping({WHATSAPP, CARRIER})
    HubWebhookClient.Target change(HttpServletRequest request, @RequestBody WebhookTargetRequest body) {
        client(request).useUrl(body.url());
        return target(request);
    }

    /** Back to the simulator's configured URL ({@code sandbox.<simulator>.hub-webhook-url}). */
    @DeleteMapping({WHATSAPP, CARRIER})
    HubWebhookClient.Target reset(HttpServletRequest request) {
        client(request).useConfiguredUrl();
        return target(request);
    }

    private HubWebhookClient client(HttpServletRequest request) {
        HubWebhookClient client = clients.get(request.getRequestURI());
        if (client == null) {
            throw HubRequestException.notFound("no simulator posts webhooks from " + request.getRequestURI());
        }
        return client;
    }
}
