package io.continuityhub.agent;

import java.util.Set;

/**
 * What the agent read in one customer message.
 *
 * @param intents what the customer asks, most important first in {@link #main()}
 * @param orderId an order id the message names, or null (then the session's memory may know it)
 * @param option  a delivery option the customer picks ("Tuesday"), or null
 */
public record Understanding(Set<Intent> intents, String orderId, String option) {

    public boolean has(Intent intent) {
        return intents.contains(intent);
    }

    /** The intent that decides the reply: a request for a person beats everything, thanks beats nothing. */
    public Intent main() {
        for (Intent intent : new Intent[] {Intent.TALK_TO_PERSON, Intent.ACCEPT_OPTION, Intent.CHANGE_ADDRESS,
                Intent.DELIVERY_PROBLEM, Intent.WHERE_IS_ORDER, Intent.THANKS}) {
            if (intents.contains(intent)) {
                return intent;
            }
        }
        return Intent.UNKNOWN;
    }
}
