package io.continuityhub.tools.warehouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.tools.Action;
import io.continuityhub.tools.RetryableToolException;
import io.continuityhub.tools.ToolOutcome;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * The fulfillment exception queue as records on Kafka (routes/fulfillment-exception-kafka.camel.yaml):
 * a raise and a withdrawal are records of docs/schemas/fulfillment-exception.schema.json whose
 * {@code eventId} is the action's idempotency key. A raised exception's id is that eventId, so the
 * compensation ({@link ExceptionQueueCalls#compensate}) names it in the withdrawal.
 */
@Component
public class FulfillmentExceptionRecords {

    static final String SCHEMA = "continuity-hub/fulfillment-exception/v1";

    private final ObjectMapper json;
    private final Clock clock;

    FulfillmentExceptionRecords(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    public String raised(@Body Action action) {
        Map<String, Object> record = header(action, "raised");
        record.put("exceptionId", action.idempotencyKey());
        record.put("orderId", action.requireText("orderId"));
        record.put("type", action.requireText("type"));
        record.put("detail", action.optionalText("detail"));
        record.put("resolution", action.optionalText("resolution"));
        return write(record);
    }

    public String withdrawn(@Body Action action) {
        Map<String, Object> record = header(action, "withdrawn");
        record.put("exceptionId", action.requireText("exceptionId"));
        record.put("reason", action.optionalText("reason"));
        return write(record);
    }

    public ToolOutcome raisedOutcome(@Variable("action") Action action) {
        return new ToolOutcome(action.idempotencyKey(), Map.of("exceptionId", action.idempotencyKey(), "queue", "kafka"));
    }

    public ToolOutcome withdrawnOutcome(@Variable("action") Action action) {
        return new ToolOutcome(action.requireText("exceptionId"), Map.of("withdrawn", true, "queue", "kafka"));
    }

    /**
     * A send that failed may still have been written (the broker's acknowledgement lost): sending
     * again under the same eventId is safe, as the queue's consumers de-duplicate by it.
     */
    public void classifyFailure(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        throw new RetryableToolException("the record did not reach the exception queue (" + failure.getClass().getSimpleName()
                + ": " + failure.getMessage() + "); sending it again under the same eventId is safe", failure);
    }

    private Map<String, Object> header(Action action, String kind) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("schema", SCHEMA);
        record.put("eventId", action.idempotencyKey());
        record.put("kind", kind);
        record.put("customerId", action.customerId());
        record.put("sessionId", action.sessionId());
        record.put("at", clock.instant().toString());
        return record;
    }

    private String write(Map<String, Object> record) {
        try {
            return json.writeValueAsString(record);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
