package io.continuityhub.kernel.crypto;

/**
 * A sealed value could not be opened: its key is no longer configured, or it was altered. Never
 * bad input: the hub wrote the value, so this is a configuration mistake or tampering.
 */
public class SealingException extends IllegalStateException {

    public SealingException(String message) {
        super(message);
    }

    public SealingException(String message, Throwable cause) {
        super(message, cause);
    }
}
