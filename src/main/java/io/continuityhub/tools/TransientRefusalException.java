package io.continuityhub.tools;

/**
 * The far side is up and did not act, but asked to be called later (a rate limit, a key still
 * being processed). Retried like any retryable failure, yet not an outage to tell the customer about.
 */
public class TransientRefusalException extends RetryableToolException {

    public TransientRefusalException(String message) {
        super(message);
    }

    public TransientRefusalException(String message, Throwable cause) {
        super(message, cause);
    }
}
