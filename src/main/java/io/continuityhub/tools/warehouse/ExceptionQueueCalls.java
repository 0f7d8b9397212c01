package io.continuityhub.tools.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.kernel.JsonColumns;
import io.continuityhub.tools.Action;
import io.continuityhub.tools.ActionView;
import io.continuityhub.tools.Compensable;
import io.continuityhub.tools.Compensation;
import io.continuityhub.tools.DownstreamAnswer;
import io.continuityhub.tools.DownstreamCall;
import io.continuityhub.tools.PermanentToolException;
import io.continuityhub.tools.RetryableToolException;
import io.continuityhub.tools.ServiceUrls;
import io.continuityhub.tools.ToolOutcome;
import io.continuityhub.tools.TransientRefusalException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * Raises an order's exception (a delay, an address change) on the warehouse's exception queue
 * with the action's idempotency key as {@code Idempotency-Key}. The queue follows Stripe's
 * semantics, so replaying a call whose answer was lost returns the first answer instead of
 * raising a second exception: that replay is this tool's reconciliation.
 */
@Component
public class ExceptionQueueCalls implements Compensable {

    public static final String TOOL = "fulfillment-exception";
    /** Withdraws a raised exception: the compensation of {@link #TOOL}. */
    public static final String WITHDRAW_TOOL = "fulfillment-exception-withdraw";

    private final ServiceUrls urls;
    private final JsonColumns jsonColumns;
    private final ObjectMapper json;

    ExceptionQueueCalls(ServiceUrls urls, JsonColumns jsonColumns, ObjectMapper json) {
        this.urls = urls;
        this.jsonColumns = jsonColumns;
        this.json = json;
    }

    public DownstreamCall raiseCall(@Body Action action) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("orderId", action.requireText("orderId"));
        body.put("type", action.requireText("type"));
        body.put("detail", action.optionalText("detail"));
        body.put("resolution", action.optionalText("resolution"));
        return new DownstreamCall("POST", urls.of("hub.warehouse.exceptions-url"),
                Map.of("Idempotency-Key", action.idempotencyKey(), "Accept", "application/json"), jsonColumns.write(body));
    }

    /** The withdrawal of the action's exception, under the withdrawal's own key (a replay is answered once). */
    public DownstreamCall withdrawCall(@Body Action action) {
        return new DownstreamCall("DELETE", urls.of("hub.warehouse.exceptions-url") + "/"
                + java.net.URLEncoder.encode(action.requireText("exceptionId"), java.nio.charset.StandardCharsets.UTF_8),
                Map.of("Idempotency-Key", action.idempotencyKey(), "Accept", "application/json"), null);
    }

    @Override
    public String tool() {
        return TOOL;
    }

    /** A raised exception whose promise fell through is withdrawn, so the warehouse does not act on it. */
    @Override
    public Optional<Compensation> compensate(ActionView done, String why) {
        if (done.providerRef() == null) {
            return Optional.empty();
        }
        return Optional.of(new Compensation(WITHDRAW_TOOL, "withdraw", Map.of("exceptionId", done.providerRef(),
                "reason", why)));
    }

    public ToolOutcome outcome(@Variable("action") Action action, @Body DownstreamAnswer answer) {
        JsonNode body = answer.json(json);
        if (answer.is2xx()) {
            Map<String, Object> response = json.convertValue(body, Map.class);
            response.put("replayed", "true".equalsIgnoreCase(answer.headers().get("idempotent-replayed")));
            return new ToolOutcome(body.path("exceptionId").asText(null), response);
        }
        if (answer.status() == 409) {
            throw new TransientRefusalException("the warehouse is still processing this key; asking again later");
        }
        throw new PermanentToolException("the warehouse refused the exception (" + answer.status() + "): "
                + body.path("error").path("message").asText(answer.body()));
    }

    /** Any call that did not complete is replayed with the same key: the queue answers it at most once. */
    public void classifyFailure(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure instanceof PermanentToolException permanent) {
            throw permanent;
        }
        throw new RetryableToolException("exception queue call did not complete (" + failure.getClass().getSimpleName()
                + ": " + failure.getMessage() + "); replaying with the same Idempotency-Key is safe", failure);
    }
}
