package io.continuityhub.agent;

import java.time.Instant;
import java.util.List;

/**
 * Something the agent says to the customer.
 *
 * @param route     where it goes: the channel the customer last wrote on, or their verified email
 * @param step      the step of the reply's key, e.g. "reply" or "tracking-email"; with the event's seq it makes the key
 * @param subject   for an email that is not a reply to the customer's mail
 * @param notBefore when it may be sent (quiet hours); null for now
 * @param context   what from earlier in the session the reply rests on; empty when it rests on nothing
 * @param askedFor  what the reply asks the customer for ("orderId"), or null
 */
public record Reply(Route route, String step, String text, String subject, Instant notBefore, List<String> context,
                    String askedFor) {

    public enum Route { LAST_CHANNEL, EMAIL }

    public static Reply onLastChannel(String text, List<String> context) {
        return new Reply(Route.LAST_CHANNEL, "reply", text, null, null, List.copyOf(context), null);
    }

    public Reply asking(String what) {
        return new Reply(route, step, text, subject, notBefore, context, what);
    }
}
