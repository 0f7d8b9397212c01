package io.continuityhub.platform;

import io.continuityhub.kernel.HubRequestException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Answers a failed HTTP ingress exchange in the error shape of API.md. Used by the
 * {@code http-ingress-errors} route configuration, so no ingress route handles errors itself.
 */
@Component
public class HttpErrorResponder {

    private static final Logger log = LoggerFactory.getLogger(HttpErrorResponder.class);

    private final ObjectMapper json;

    HttpErrorResponder(ObjectMapper json) {
        this.json = json;
    }

    public void refused(Exchange exchange) {
        HubRequestException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, HubRequestException.class);
        log.info("{} refused with {} {}: {}", exchange.getFromRouteId(), e.status(), e.code(), e.getMessage());
        respond(exchange, e.status(), ApiError.of(e));
    }

    public void failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        log.error("{} failed; nothing was stored and the sender should retry", exchange.getFromRouteId(), e);
        respond(exchange, 503, new ApiError("temporarily_unavailable",
                "the hub could not store this request; nothing was kept, retry later", null));
    }

    private void respond(Exchange exchange, int status, ApiError error) {
        // the request's headers (Authorization among them) must not travel back in the answer
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            exchange.getMessage().setBody(json.writeValueAsString(error));
        } catch (JsonProcessingException impossible) {
            exchange.getMessage().setBody("{\"error\":\"" + error.error() + "\"}");
        }
    }
}
