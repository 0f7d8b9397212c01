package io.continuityhub.identity;

/**
 * A writer reached a customer who was erased: it had resolved them just before the erasure. Not
 * a refusal of the request (the request was fine): an ingress rolls back and asks the channel to
 * retry, and the retry resolves the sender afresh, as a new provisional customer.
 */
public class CustomerErasedException extends RuntimeException {

    public CustomerErasedException(String customerId, String erasedId) {
        super("customer " + customerId + (customerId.equals(erasedId) ? "" : " (one person with " + erasedId + ")")
                + " was erased while this was under way; retry, and the sender is resolved afresh");
    }
}
