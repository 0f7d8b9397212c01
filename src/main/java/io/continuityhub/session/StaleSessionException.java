package io.continuityhub.session;

/** A versioned write based on a version that is no longer current: re-read and decide again. */
public class StaleSessionException extends RuntimeException {

    public StaleSessionException(String sessionId, long expected, long actual) {
        super("session " + sessionId + " is at version " + actual + ", not " + expected + "; re-read it and retry");
    }
}
