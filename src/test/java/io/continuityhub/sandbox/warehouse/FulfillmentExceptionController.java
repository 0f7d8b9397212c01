package io.continuityhub.sandbox.warehouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.sandbox.faults.DownstreamSystem;
import io.continuityhub.sandbox.faults.SimulatedFaults;
import io.continuityhub.sandbox.faults.SimulatedOutage;
import io.continuityhub.sandbox.faults.SimulatedRejection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The warehouse's fulfillment exception queue: raise ({@code POST}), withdraw ({@code DELETE},
 * the compensation) and list. Every write needs an {@code Idempotency-Key}; a request refused
 * before it starts executing (bad key, bad body, unknown order, an injected outage) stores
 * nothing under its key, as in Stripe.
 */
@RestController
@Profile("sandbox")
class FulfillmentExceptionController {

    private static final Logger log = LoggerFactory.getLogger(FulfillmentExceptionController.class);
    static final int MAX_KEY_LENGTH = 255;
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z_]{0,39}");
    private static final int MAX_DETAIL = 2000;
    private static final int MAX_RESOLUTION = 500;

    private final FulfillmentExceptionQueue queue;
    private final FulfillmentExceptions exceptions;
    private final WarehouseOrders orders;
    private final SimulatedFaults faults;
    private final ObjectMapper json;

    FulfillmentExceptionController(FulfillmentExceptionQueue queue, FulfillmentExceptions exceptions,
                                   WarehouseOrders orders, SimulatedFaults faults, ObjectMapper json) {
        this.queue = queue;
        this.exceptions = exceptions;
        this.orders = orders;
        this.faults = faults;
        this.json = json;
    }

    @PostMapping(FulfillmentExceptionQueue.PATH)
    ResponseEntity<String> raise(@RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
                                 @RequestBody(required = false) String body) {
        faults.checkChange(DownstreamSystem.WAREHOUSE, idempotencyKey);
        String key = key(idempotencyKey);
        JsonNode request = parse(body);
        FulfillmentExceptionQueue.RaiseRequest raise = new FulfillmentExceptionQueue.RaiseRequest(
                text(request, "orderId", 64, true), text(request, "type", 40, true),
                text(request, "detail", MAX_DETAIL, false), text(request, "resolution", MAX_RESOLUTION, false));
        if (!TYPE.matcher(raise.type()).matches()) {
            throw QueueApiException.invalid("type", "type is a lower-case code such as delay or address_change");
        }
        if (orders.find(raise.orderId()).isEmpty()) {
            throw new QueueApiException(400, QueueApiException.INVALID_REQUEST, "No such order: '" + raise.orderId() + "'",
                    "orderId", "resource_missing");
        }
        FulfillmentExceptionQueue.Answer answer = queue.raise(key, request.toString(), raise);
        faults.afterCommit(DownstreamSystem.WAREHOUSE, key);
        return respond(key, answer);
    }

    @DeleteMapping(FulfillmentExceptionQueue.PATH + "/{exceptionId}")
    ResponseEntity<String> withdraw(@PathVariable String exceptionId,
                                    @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) {
        faults.checkChange(DownstreamSystem.WAREHOUSE, idempotencyKey);
        String key = key(idempotencyKey);
        if (exceptions.find(exceptionId).isEmpty()) {
            throw new QueueApiException(404, QueueApiException.INVALID_REQUEST, "No such fulfillment exception: '"
                    + exceptionId + "'", "exceptionId", "resource_missing");
        }
        FulfillmentExceptionQueue.Answer answer = queue.withdraw(key, exceptionId);
        faults.afterCommit(DownstreamSystem.WAREHOUSE, key);
        return respond(key, answer);
    }

    @GetMapping(FulfillmentExceptionQueue.PATH)
    List<FulfillmentException> list(@RequestParam(required = false) String orderId) {
        faults.check(DownstreamSystem.WAREHOUSE);
        return exceptions.list(orderId);
    }

    private static ResponseEntity<String> respond(String key, FulfillmentExceptionQueue.Answer answer) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status()).contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key);
        if (answer.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(answer.body());
    }

    private static String key(String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw QueueApiException.invalid("Idempotency-Key", "Every write to the exception queue needs an"
                    + " Idempotency-Key header: a unique value per action, reused on its retries.");
        }
        if (idempotencyKey.length() > MAX_KEY_LENGTH) {
            throw QueueApiException.invalid("Idempotency-Key", "Idempotency-Key is at most " + MAX_KEY_LENGTH
                    + " characters; yours has " + idempotencyKey.length() + ".");
        }
        return idempotencyKey;
    }

    private JsonNode parse(String body) {
        try {
            JsonNode request = body == null || body.isBlank() ? null : json.readTree(body);
            if (request == null || !request.isObject()) {
                throw QueueApiException.invalid(null, "The request body must be a JSON object.");
            }
            return request;
        } catch (JsonProcessingException e) {
            throw QueueApiException.invalid(null, "Invalid JSON in the request body: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode request, String field, int maxLength, boolean required) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw QueueApiException.invalid(field, "Missing required param: " + field + ".");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw QueueApiException.invalid(field, field + " must be a non-empty string.");
        }
        if (value.asText().length() > maxLength) {
            throw QueueApiException.invalid(field, field + " is at most " + maxLength + " characters.");
        }
        return value.asText();
    }

    @ExceptionHandler(QueueApiException.class)
    ResponseEntity<Map<String, Object>> refused(QueueApiException e) {
        log.info("Warehouse exception queue refused a request with {}: {}", e.status(), e.getMessage());
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON).body(e.body());
    }

    @ExceptionHandler(SimulatedRejection.class)
    ResponseEntity<Map<String, Object>> rejected(SimulatedRejection e) {
        return ResponseEntity.status(400).contentType(MediaType.APPLICATION_JSON)
                .body(QueueApiException.errorBody(QueueApiException.INVALID_REQUEST, e.getMessage(), null, "rejected"));
    }

    @ExceptionHandler(SimulatedOutage.class)
    ResponseEntity<Map<String, Object>> outage(SimulatedOutage e) {
        return ResponseEntity.status(503).contentType(MediaType.APPLICATION_JSON)
                .body(QueueApiException.errorBody("api_error", e.getMessage(), null, null));
    }
}
