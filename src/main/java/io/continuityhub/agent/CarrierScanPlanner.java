package io.continuityhub.agent;

import io.continuityhub.session.SessionEvent;
import io.continuityhub.session.SessionPatch;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What the agent does when the carrier scans a watched shipment. A new tracking number is sent to
 * the customer (by email when they have a verified address), but never in their quiet hours: the
 * mail is a ledger action due at the first allowed moment in their time zone, so it survives a
 * restart and goes once. Delivery is reported; a failed or returned shipment goes to a person.
 */
@Component
class CarrierScanPlanner {

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final QuietHours quietHours;

    CarrierScanPlanner(QuietHours quietHours) {
        this.quietHours = quietHours;
    }

    Plan plan(AgentContext context, SessionEvent event) {
        Object orderId = event.payload().get("orderId");
        Optional<OrderMemory> known = context.memory().order(orderId == null ? null : orderId.toString());
        if (known.isEmpty()) {
            return Plan.nothing();
        }
        OrderMemory order = known.get();
        String status = String.valueOf(event.payload().get("status"));
        Plan plan = Plan.of("carrier_" + status, order.facts());
        return switch (status) {
            case "delivered" -> plan.reply(Reply.onLastChannel("Good news: the carrier reports that order "
                            + order.orderId() + " has been delivered.", order.facts()))
                    .record(new SessionPatch(null, "delivered", "told the customer order " + order.orderId()
                            + " was delivered", "close the session if the customer needs nothing else"));
            case "failure", "return_to_sender" -> plan.escalating("the carrier reports " + status.replace('_', ' ')
                            + " for order " + order.orderId())
                    .record(new SessionPatch(null, null, "carrier reported " + status.replace('_', ' '),
                            "a person follows up"));
            default -> order.newTrackingCode() != null && order.newTrackingCode().equals(event.payload().get("trackingCode"))
                    ? newTrackingNumber(plan, context, order)
                    : plan.record(new SessionPatch(null, null, "carrier scan: " + status.replace('_', ' '), null));
        };
    }

    private Plan newTrackingNumber(Plan plan, AgentContext context, OrderMemory order) {
        Instant sendAt = quietHours.firstAllowed(context.now(), context.customerZone());
        Instant notBefore = sendAt.isAfter(context.now()) ? sendAt : null;
        String text = OrderSummary.greeting("Hello", context).strip() + "\n\nThe carrier has scanned your order "
                + order.orderId() + " with a new tracking number: " + order.newTrackingCode() + "."
                + (order.acceptedOption() == null ? "" : " It is on its way for the " + order.acceptedOption()
                + " delivery you accepted.")
                + "\n\nJust reply to this message if you need anything else.";
        Reply.Route route = context.verifiedEmail().isPresent() ? Reply.Route.EMAIL : Reply.Route.LAST_CHANNEL;
        Reply reply = new Reply(route, SessionMemoryReader.TRACKING_EMAIL_STEP + order.orderId(), text,
                "Your order " + order.orderId() + ": new tracking number", notBefore, order.facts(), null);
        String when = notBefore == null ? "now" : "at " + LOCAL_TIME.format(notBefore.atZone(context.customerZone()))
                + " " + context.customerZone().getId();
        String how = route == Reply.Route.EMAIL ? "email" : "send";
        return plan.reply(reply).record(new SessionPatch(null, "sending_tracking_number",
                "carrier scanned order " + order.orderId() + " with new tracking number " + order.newTrackingCode(),
                how + " tracking number " + when));
    }
}
