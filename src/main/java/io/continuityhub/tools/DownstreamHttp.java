package io.continuityhub.tools;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * The beans of the downstream-http kamelet: a {@link DownstreamCall} becomes camel-http's
 * headers and body (and nothing else of the exchange leaks into the request); the answer becomes
 * a {@link DownstreamAnswer}, or a {@link DownstreamUnavailableException} the breaker counts.
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

    public DownstreamAnswer answer(Exchange exchange, String system) {
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
        if (status >= 500 || status == 429) {
            throw new DownstreamUnavailableException(system, status, body);
        }
        return new DownstreamAnswer(status, headers, body);
    }
}
