package io.continuityhub.tools;

/**
 * The call may or may not have taken effect (a timeout after the request left, a lost answer).
 * The action is marked unknown and reconciled; it is never blindly sent again. Any exception a
 * tool throws that is neither retryable nor permanent counts as this.
 */
public class UnknownOutcomeException extends RuntimeException {

    public UnknownOutcomeException(String message, Throwable cause) {
        super(message, cause);
    }
}
