package io.continuityhub.tools;

/** The far side refused the action for good (a 4xx that is not about load): it is never retried. */
public class PermanentToolException extends RuntimeException {

    public PermanentToolException(String message) {
        super(message);
    }

    public PermanentToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
