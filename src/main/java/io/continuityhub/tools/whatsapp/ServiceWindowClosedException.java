package io.continuityhub.tools.whatsapp;

import io.continuityhub.tools.PermanentToolException;

/**
 * The Cloud API refused a free-form message because the customer last wrote more than 24 hours
 * ago (131047). Nothing was sent; the {@code tool-whatsapp-send} route sends the approved
 * re-engagement template instead. Not an outage: the same text will never go, so it is not retried.
 */
public class ServiceWindowClosedException extends PermanentToolException {

    public ServiceWindowClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
