package io.continuityhub.platform;

import io.continuityhub.kernel.HubRequestException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.platform.audit.AuditEvent;
import io.continuityhub.platform.audit.AuditEvent.Outcome;
import io.continuityhub.platform.audit.AuditTrail;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
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
    private final AuditTrail audit;

    HttpErrorResponder(ObjectMapper json, AuditTrail audit) {
        this.json = json;
        this.audit = audit;
    }

    public void refused(Exchange exchange) {
        HubRequestException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, HubRequestException.class);
        // the message quotes what the sender sent (a handle, a text): the sender reads it, the log does not
        log.info("{} refused with {} {}{}", exchange.getFromRouteId(), e.status(), e.code(),
                e.field() == null ? "" : " (field " + e.field() + ")");
        log.debug("{} refused: {}", exchange.getFromRouteId(), e.getMessage());
        if (e.status() == 401 || e.status() == 403) {
            audit.record(AuditEvent.of("ingress-credential-refused", "authentication", "start", Outcome.FAILURE)
                    .from(remoteAddress(exchange)).on(exchange.getFromRouteId()).because(e.code()));
        }
        respond(exchange, e.status(), ApiError.of(e));
    }

    /** The sender's address, while the exchange still holds the servlet request it came in. */
    private static String remoteAddress(Exchange exchange) {
        return exchange.getIn() instanceof PlatformHttpMessage http && http.getRequest() != null
                ? http.getRequest().getRemoteAddr() : null;
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
