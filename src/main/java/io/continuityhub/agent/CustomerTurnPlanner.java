package io.continuityhub.agent;

import io.continuityhub.session.SessionEvent;
import io.continuityhub.session.SessionPatch;
import io.continuityhub.tools.salesforce.CaseUpserts;
import io.continuityhub.tools.warehouse.ExceptionQueueCalls;
import io.continuityhub.tools.warehouse.WarehouseLookups;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What the agent does when the customer writes, on whatever channel: it reads the message, takes
 * the order from the message or else from the session's memory, and either starts the order's
 * investigation, books the option the customer picked, or answers from what the session knows.
 * It asks for an order number only when the session knows none.
 */
@Component
class CustomerTurnPlanner {

    private static final Map<String, String> CASE_ORIGINS = Map.of("whatsapp", "WhatsApp", "email", "Email",
            "voice", "Phone", "sms", "Phone", "chat", "Web", "in_person", "In-Person");

    private final AgentProperties properties;

    CustomerTurnPlanner(AgentProperties properties) {
        this.properties = properties;
    }

    Plan plan(AgentContext context, SessionEvent event, Understanding understanding) {
        String text = String.valueOf(event.payload().getOrDefault("text", ""));
        String orderId = understanding.orderId() != null ? understanding.orderId() : context.memory().currentOrderId();
        Optional<OrderMemory> order = context.memory().order(orderId).filter(OrderMemory::investigated);
        List<String> facts = order.map(OrderMemory::facts).orElse(List.of());
        Plan plan = Plan.of(understanding.main().wireName(), facts);
        return switch (understanding.main()) {
            case TALK_TO_PERSON -> plan.escalating("the customer asked for a person")
                    .reply(Reply.onLastChannel(OrderSummary.greeting("Of course", context)
                            + "I've asked a colleague to take over; they'll reply here and will see everything we've"
                            + " discussed.", facts));
            case ACCEPT_OPTION -> order.isPresent() ? book(plan, context, order.get(), understanding.option())
                    : askForOrder(plan, context);
            case CHANGE_ADDRESS -> order.isPresent() ? addressChange(plan, context, order.get(), understanding)
                    : askForOrder(plan, context);
            case WHERE_IS_ORDER, DELIVERY_PROBLEM, UNKNOWN -> {
                if (orderId == null) {
                    yield askForOrder(plan, context);
                }
                if (order.isPresent()) {
                    yield plan.reply(Reply.onLastChannel(OrderSummary.greeting("Hello again", context)
                            + OrderSummary.sentence(order.get()), facts));
                }
                yield investigate(plan, context, event, orderId, text);
            }
            case THANKS -> plan.reply(Reply.onLastChannel(OrderSummary.greeting("You're welcome", context)
                    + order.map(o -> "I'll keep you posted on order " + o.orderId() + ".").orElse(""), facts));
        };
    }

    /**
     * A new order: confirm receipt at once, then open the case and ask the warehouse, as one stage.
     * Asked again while that is in flight, the customer hears it is still being checked; asked again
     * after it broke (and a person handed the session back), it is tried again as a new attempt
     * with keys of its own, up to hub.agent.investigation-attempts, and then a person has it.
     */
    private Plan investigate(Plan plan, AgentContext context, SessionEvent event, String orderId, String text) {
        String stage = Stages.of(Stages.INVESTIGATE, orderId);
        Optional<SessionMemory.StageProgress> earlier = context.memory().stage(stage);
        if (earlier.isPresent() && !(earlier.get().settled() && earlier.get().broken())) {
            return stillChecking(plan, context, orderId);
        }
        int attempt = earlier.map(progress -> progress.attempt() + 1).orElse(1);
        if (attempt > properties.investigationAttempts()) {
            return gaveUp(plan, context, orderId, attempt - 1);
        }
        Map<String, Object> caseFields = new LinkedHashMap<>();
        caseFields.put("hubKey", caseKey(context, orderId));
        caseFields.put("Subject", "Order " + orderId + ": customer enquiry");
        caseFields.put("Description", "Customer wrote on " + event.channel() + ": " + text);
        caseFields.put("Origin", CASE_ORIGINS.getOrDefault(event.channel(), "Web"));
        caseFields.put("Status", "New");
        caseFields.put("Priority", "Medium");
        String receipt = attempt == 1 ? "I'm looking into order " + orderId + " now and will update you here."
                : "I'm checking order " + orderId + " with the warehouse again now and will update you here.";
        return plan
                .reply(Reply.onLastChannel(OrderSummary.greeting("Thanks", context) + receipt, List.of()))
                .act(PlannedAction.now(stage, Stages.step("case", attempt), CaseUpserts.TOOL, caseFields))
                .act(PlannedAction.now(stage, Stages.step("status", attempt), WarehouseLookups.TOOL,
                        Map.of("orderId", orderId)))
                .record(new SessionPatch("order " + orderId + " enquiry", "investigating",
                        "confirmed receipt on " + event.channel(), "check order " + orderId + " with the warehouse"));
    }

    /** The order's investigation is in flight: its keys stand for that request, so it is not planned again. */
    private Plan stillChecking(Plan plan, AgentContext context, String orderId) {
        return plan.reply(Reply.onLastChannel(OrderSummary.greeting("Thanks for your patience", context)
                + "I'm still checking order " + orderId + " with the warehouse and will update you here as soon as I"
                + " hear back.", List.of("order " + orderId)));
    }

    /** Every attempt broke: the customer is told so and a person takes the order from here. */
    private Plan gaveUp(Plan plan, AgentContext context, String orderId, int attempts) {
        return plan.escalating("order " + orderId + " could not be looked up after " + attempts + " attempts")
                .reply(Reply.onLastChannel(OrderSummary.greeting("Thanks for your patience", context)
                        + "I couldn't get the status of order " + orderId + " from our systems, so I've asked a"
                        + " colleague to take it over; they'll follow up with you here.", List.of("order " + orderId)));
    }

    /**
     * The customer picked an option: the warehouse is asked to reschedule and the case records it,
     * as one stage. The customer hears "booked" only when both confirmed (ToolResultPlanner).
     */
    private Plan book(Plan plan, AgentContext context, OrderMemory order, String option) {
        String stage = Stages.of(Stages.CONFIRM_OPTION, order.orderId());
        Map<String, Object> reschedule = new LinkedHashMap<>();
        reschedule.put("orderId", order.orderId());
        reschedule.put("type", "delivery_rescheduled");
        reschedule.put("detail", "customer accepted " + option + " delivery");
        reschedule.put("resolution", option);
        Map<String, Object> caseUpdate = new LinkedHashMap<>();
        caseUpdate.put("hubKey", order.caseKey() != null ? order.caseKey() : caseKey(context, order.orderId()));
        caseUpdate.put("Status", "Working");
        caseUpdate.put("Description", "Carrier delay" + (order.delayReason() == null ? "" : " (" + order.delayReason() + ")")
                + "; customer accepted " + option + " delivery.");
        return plan
                .reply(Reply.onLastChannel(OrderSummary.greeting("Great", context) + "I'm booking " + option
                        + " delivery for order " + order.orderId() + " now and will confirm as soon as it's done.",
                        order.facts()))
                .act(PlannedAction.now(stage, "reschedule", ExceptionQueueCalls.TOOL, reschedule))
                .act(PlannedAction.now(stage, "case", CaseUpserts.TOOL, caseUpdate))
                .record(new SessionPatch(null, "booking_option", "customer accepted " + option + " delivery",
                        "confirm " + option + " delivery once the warehouse and the case confirm"));
    }

    private Plan addressChange(Plan plan, AgentContext context, OrderMemory order, Understanding understanding) {
        String opening = understanding.has(Intent.THANKS) ? "You're welcome" : "Of course";
        return plan
                .reply(Reply.onLastChannel(OrderSummary.greeting(opening, context) + OrderSummary.sentence(order)
                        + " I can ask the warehouse to deliver it to a different address: please reply with the full"
                        + " new address, and I'll confirm once the warehouse has accepted the change.", order.facts()))
                .record(new SessionPatch(null, "awaiting_new_address", "asked for the new delivery address of "
                        + order.orderId(), "raise the address change once the customer sends the address"));
    }

    /** The Case's external id: one Case per order per session, so a replayed upsert finds it. */
    static String caseKey(AgentContext context, String orderId) {
        return context.sessionId() + "-" + orderId;
    }

    private Plan askForOrder(Plan plan, AgentContext context) {
        return plan.reply(Reply.onLastChannel(OrderSummary.greeting("Hello", context)
                + "Which order is this about? Its number starts with O-, e.g. O-12345.", List.of()).asking("orderId"))
                .record(new SessionPatch(null, "awaiting_order_id", "asked for the order number",
                        "look up the order the customer names"));
    }
}
