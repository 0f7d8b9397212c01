package io.continuityhub.agent;

import java.util.ArrayList;
import java.util.List;

/** An order's state in one customer-facing sentence, from what the session knows is true. */
final class OrderSummary {

    private OrderSummary() {
    }

    static String sentence(OrderMemory order) {
        List<String> parts = new ArrayList<>();
        if (order.delayed()) {
            parts.add("your order " + order.orderId() + " is delayed"
                    + (order.delayReason() == null ? "" : " (" + order.delayReason() + ")"));
        } else if (order.status() != null) {
            parts.add("your order " + order.orderId() + " is " + order.status());
        } else {
            parts.add("I'm still checking your order " + order.orderId() + " with the warehouse");
        }
        if (order.acceptedOption() != null) {
            parts.add(order.acceptedOption() + " delivery is booked");
        } else if (!order.openOffer().isEmpty()) {
            parts.add("we can deliver it on " + String.join(" or ", order.openOffer()) + " if you'd like");
        }
        if (order.newTrackingCode() != null) {
            parts.add("its new tracking number is " + order.newTrackingCode());
        }
        String joined = parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
        return Character.toUpperCase(joined.charAt(0)) + joined.substring(1) + ".";
    }

    /** "Jane" → "Thanks, Jane. "; no name → "Thanks. " */
    static String greeting(String opening, AgentContext context) {
        return opening + context.firstName().map(name -> ", " + name).orElse("") + ". ";
    }
}
