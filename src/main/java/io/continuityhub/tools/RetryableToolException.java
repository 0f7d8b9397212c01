package io.continuityhub.tools;

/**
 * The far side certainly did not act (rate limited, connection refused, a 5xx that applied
 * nothing): the action goes back to the ledger and runs again after a backoff.
 */
public class RetryableToolException extends RuntimeException {

    public RetryableToolException(String message) {
        super(message);
    }

    public RetryableToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
