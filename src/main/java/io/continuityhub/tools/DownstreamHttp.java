package io.continuityhub.tools;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.util.ObjectHelper;
import org.springframework.stereotype.Component;

/**
 * The bean of the downstream-gateway route template: a {@link DownstreamCall} becomes camel-http's
 * headers and body (and nothing else of the exchange leaks into the request); the answer becomes
 * a {@link DownstreamAnswer}, and a 5xx or 429 (which the resilient-http-action kamelet already
 * counted against the breaker) a {@link DownstreamUnavailableException}.
 */
@Component
public class DownstreamHttp {

    /** Answer headers tools read: Salesforce's API usage, Stripe-style replay marks, where a record lives. */
    private static final Set<String> KEPT = Set.of("sforce-limit-info", "idempotent-replayed", "location", "content-type");

    public void prepare(Exchange exchange) throws InvalidPayloadException {
        DownstreamCall call = exchange.getMessage().getMandatoryBody(DownstreamCall.class);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        call.headers().forEach(message::setHeader);
        message.setHeader(Exchange.HTTP_METHOD, call.method());
        message.setHeader(Exchange.HTTP_URI, call.url());
        if (call.body() != null && !message.getHeaders().containsKey("Content-Type")) {
            message.setHeader("Content-Type", "application/json");
        }
        message.setBody(call.body());
    }

    public DownstreamAnswer answer(Exchange exchange) {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = message.getBody(String.class);
        Map<String, String> headers = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (KEPT.contains(name.toLowerCase()) && value != null) {
                headers.put(name.toLowerCase(), value.toString());
            }
        });
        message.removeHeaders("*");
        return new DownstreamAnswer(status, headers, body);
    }

    /** The system answered 5xx or 429: it is unavailable for now, whatever the request. */
    public void unavailable(Exchange exchange, String system) {
        // the breaker and the kamelet may wrap it: the doCatch matched a cause
        HttpOperationFailedException failure = ObjectHelper.getException(HttpOperationFailedException.class,
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        exchange.getMessage().removeHeaders("*");
        throw new DownstreamUnavailableException(system, failure.getStatusCode(), failure.getResponseBody());
    }
}
