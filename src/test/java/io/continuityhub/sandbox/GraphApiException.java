package io.continuityhub.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal of the simulated Cloud API, answered in the Graph API's error shape
 * {@code {"error":{"message","type","code","error_subcode"?,"error_data"?,"fbtrace_id"}}}, so the
 * hub's WhatsApp client meets the same bodies it will meet from graph.facebook.com.
 */
class GraphApiException extends RuntimeException {

    private final int httpStatus;
    private final String type;
    private final int code;
    private final Integer subcode;
    private final Map<String, Object> errorData;

    private GraphApiException(int httpStatus, String message, String type, int code, Integer subcode,
                              Map<String, Object> errorData) {
        super(message);
        this.httpStatus = httpStatus;
        this.type = type;
        this.code = code;
        this.subcode = subcode;
        this.errorData = errorData;
    }

    static GraphApiException invalidToken(String message) {
        return new GraphApiException(401, message, "OAuthException", 190, null, null);
    }

    /** Graph's "invalid parameter": the message names the field, as Meta's do. */
    static GraphApiException invalidParameter(String message) {
        return new GraphApiException(400, "(#100) " + message, "OAuthException", 100, null, null);
    }

    static GraphApiException unknownObject(String id) {
        return new GraphApiException(400, "Unsupported post request. Object with ID '" + id + "' does not exist,"
                + " cannot be loaded due to missing permissions, or does not support this operation."
                + " Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
                "GraphMethodException", 100, 33, null);
    }

    static GraphApiException throughputReached() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messaging_product", "whatsapp");
        data.put("details", "Cloud API message throughput has been reached.");
        return new GraphApiException(400, "(#130429) Rate limit hit", "OAuthException", 130429, null, data);
    }

    /** Too many messages to one user in quick succession. */
    static GraphApiException pairRateLimitHit() {
        return new GraphApiException(400, "(#131056) (Business Account, Consumer Account) pair rate limit hit",
                "OAuthException", 131056, null, whatsAppDetails("Message failed to send because there were too many"
                        + " messages sent from this phone number to the same phone number in a short period of time."));
    }

    /** A free-form message outside the 24-hour customer-service window. */
    static GraphApiException reengagementRequired() {
        return new GraphApiException(400, "(#131047) Re-engagement message", "OAuthException", 131047, null,
                whatsAppDetails("Message failed to send because more than 24 hours have passed since the customer"
                        + " last replied to this number."));
    }

    /** A template the business has no approved translation of. */
    static GraphApiException templateDoesNotExist(String name, String language) {
        return new GraphApiException(400, "(#132001) Template name does not exist in the translation", "OAuthException",
                132001, null, whatsAppDetails("template name (" + name + ") does not exist in " + language));
    }

    private static Map<String, Object> whatsAppDetails(String details) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messaging_product", "whatsapp");
        data.put("details", details);
        return data;
    }

    /** What Meta answers while the Cloud API is unavailable (an injected fault in the sandbox). */
    static GraphApiException serviceUnavailable() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messaging_product", "whatsapp");
        data.put("details", "A service is temporarily unavailable.");
        return new GraphApiException(503, "(#131016) Service unavailable", "OAuthException", 131016, null, data);
    }

    static GraphApiException unknownError() {
        return new GraphApiException(500, "An unknown error has occurred.", "OAuthException", 1, null, null);
    }

    int httpStatus() {
        return httpStatus;
    }

    int code() {
        return code;
    }

    Map<String, Object> body() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", getMessage());
        error.put("type", type);
        error.put("code", code);
        if (subcode != null) {
            error.put("error_subcode", subcode);
        }
        if (errorData != null) {
            error.put("error_data", errorData);
        }
        error.put("fbtrace_id", WhatsAppIds.fbtraceId());
        return Map.of("error", error);
    }
}
