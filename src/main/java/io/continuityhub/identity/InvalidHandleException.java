package io.continuityhub.identity;

/** A handle value that cannot be read as its type says (a phone number that is not one). */
public class InvalidHandleException extends RuntimeException {

    public InvalidHandleException(String message) {
        super(message);
    }
}
