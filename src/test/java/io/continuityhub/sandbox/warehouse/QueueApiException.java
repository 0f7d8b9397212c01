package io.continuityhub.sandbox.warehouse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal of the fulfillment exception queue, in Stripe's error shape
 * {@code {"error":{"type","message","param"?,"code"?}}} (the queue follows Stripe's idempotency
 * semantics, so it answers their errors too).
 */
class QueueApiException extends RuntimeException {

    static final String IDEMPOTENCY_ERROR = "idempotency_error";
    static final String INVALID_REQUEST = "invalid_request_error";

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    QueueApiException(int status, String type, String message, String param, String code) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    static QueueApiException invalid(String param, String message) {
        return new QueueApiException(400, INVALID_REQUEST, message, param, "parameter_invalid");
    }

    static QueueApiException keysMismatch() {
        return new QueueApiException(400, IDEMPOTENCY_ERROR, "Keys for idempotent requests can only be used with the"
                + " same parameters they were first used with. Try using a key other than the one used on the first"
                + " request.", null, null);
    }

    static QueueApiException concurrentRequest() {
        return new QueueApiException(409, IDEMPOTENCY_ERROR, "There is currently another in-progress request using this"
                + " Idempotent Key (that probably means you submitted twice, and the other request is currently being"
                + " processed). Try again later.", null, null);
    }

    int status() {
        return status;
    }

    Map<String, Object> body() {
        return errorBody(type, getMessage(), param, code);
    }

    static Map<String, Object> errorBody(String type, String message, String param, String code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("message", message);
        if (param != null) {
            error.put("param", param);
        }
        if (code != null) {
            error.put("code", code);
        }
        return Map.of("error", error);
    }
}
