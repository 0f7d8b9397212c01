package io.continuityhub.kernel;

/** A record on the bus that no retry can make readable (not JSON, not the schema it claims). */
public class UnreadableBusRecordException extends RuntimeException {

    public UnreadableBusRecordException(String message) {
        super(message);
    }
}
