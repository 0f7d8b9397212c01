package io.continuityhub.kernel;

/**
 * A request the hub refuses, with the HTTP status and machine code the caller sees. Thrown
 * before anything is stored, so a refused request leaves no trace but its log line.
 */
public class HubRequestException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;

    public HubRequestException(int status, String code, String field, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static HubRequestException badField(String field, String message) {
        return new HubRequestException(400, "invalid_field", field, field + ": " + message);
    }

    public static HubRequestException notFound(String what) {
        return new HubRequestException(404, "not_found", null, what);
    }

    public static HubRequestException conflict(String code, String message) {
        return new HubRequestException(409, code, null, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The request field at fault, or null when the request as a whole is. */
    public String field() {
        return field;
    }
}
