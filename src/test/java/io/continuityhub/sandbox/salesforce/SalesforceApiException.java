package io.continuityhub.sandbox.salesforce;

import java.util.List;

/** A refusal of the simulated REST API: its HTTP status and Salesforce's error array. */
class SalesforceApiException extends RuntimeException {

    private final int status;
    private final List<SalesforceError> errors;

    SalesforceApiException(int status, List<SalesforceError> errors) {
        super(errors.get(0).errorCode() + ": " + errors.get(0).message());
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    SalesforceApiException(int status, SalesforceError error) {
        this(status, List.of(error));
    }

    static SalesforceApiException invalidSession() {
        return new SalesforceApiException(401, SalesforceError.of("INVALID_SESSION_ID", "Session expired or invalid"));
    }

    static SalesforceApiException notFound(String message) {
        return new SalesforceApiException(404, SalesforceError.of("NOT_FOUND", message));
    }

    static SalesforceApiException notFound() {
        return notFound("The requested resource does not exist");
    }

    static SalesforceApiException limitExceeded() {
        return new SalesforceApiException(403, SalesforceError.of("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."));
    }

    static SalesforceApiException badRequest(String errorCode, String message, String... fields) {
        return new SalesforceApiException(400, SalesforceError.of(errorCode, message, fields));
    }

    int status() {
        return status;
    }

    List<SalesforceError> errors() {
        return errors;
    }
}
