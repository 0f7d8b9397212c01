package io.continuityhub.agent;

import io.continuityhub.session.SessionEvent;
import io.continuityhub.session.SessionPatch;
import io.continuityhub.tools.ActionView;
import io.continuityhub.tools.Compensations;
import io.continuityhub.tools.salesforce.CaseUpserts;
import io.continuityhub.tools.warehouse.ExceptionQueueCalls;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What the agent does when a tool reports back. A stage's promise is kept (and the customer told
 * so) only on the event that completes it, when every system in it confirmed. The first failure in
 * a stage compensates what already succeeded in that promise (each tool's declared compensation)
 * and tells the customer what is actually the case; a person takes it from there.
 */
@Component
class ToolResultPlanner {

    private final Compensations compensations;

    ToolResultPlanner(Compensations compensations) {
        this.compensations = compensations;
    }

    Plan plan(AgentContext context, SessionEvent event) {
        Object keyValue = event.payload().get("idempotencyKey");
        if (keyValue == null) {
            return Plan.nothing();
        }
        String key = keyValue.toString();
        String step = Stages.stepOfKey(key);
        if ("action_succeeded".equals(event.type()) && step.startsWith(SessionMemoryReader.TRACKING_EMAIL_STEP)) {
            return trackingSent(context, step.substring(SessionMemoryReader.TRACKING_EMAIL_STEP.length()));
        }
        Optional<Stages.Stage> stage = Stages.ofKey(key);
        Optional<SessionMemory.StageProgress> progress = stage.flatMap(s -> context.memory().stage(s.name()));
        Optional<OrderMemory> order = stage.flatMap(s -> context.memory().order(s.orderId()));
        if (stage.isEmpty() || progress.isEmpty() || order.isEmpty()) {
            return Plan.nothing();
        }
        SessionMemory.StageProgress p = progress.get();
        if (Stages.attemptOfKey(key) != p.attempt()) {
            return Plan.nothing(); // a verdict on an attempt the stage has moved past
        }
        if ("action_succeeded".equals(event.type())) {
            return p.complete() && !p.broken() ? kept(context, stage.get(), order.get()) : Plan.nothing();
        }
        boolean firstBreak = p.failed().size() + p.unknown().size() == 1;
        return firstBreak ? broken(context, stage.get(), order.get(), p, key, "action_failed".equals(event.type()))
                : Plan.nothing();
    }

    private Plan kept(AgentContext context, Stages.Stage stage, OrderMemory order) {
        Plan plan = Plan.of("stage_confirmed:" + stage.kind(), order.facts());
        return switch (stage.kind()) {
            case Stages.INVESTIGATE -> order.delayed() ? raiseDelay(plan, order)
                    : plan.reply(Reply.onLastChannel(OrderSummary.sentence(order), order.facts()))
                    .record(new SessionPatch("order " + order.orderId() + " status", "answered",
                            "told the customer order " + order.orderId() + " is " + order.status(), "none"));
            case Stages.RAISE_DELAY -> offer(plan, context, order);
            case Stages.CONFIRM_OPTION -> booked(plan, context, order);
            default -> Plan.nothing();
        };
    }

    private Plan raiseDelay(Plan plan, OrderMemory order) {
        Map<String, Object> exception = new LinkedHashMap<>();
        exception.put("orderId", order.orderId());
        exception.put("type", "carrier_delay");
        exception.put("detail", order.delayReason() == null ? "carrier delay" : order.delayReason());
        return plan.act(PlannedAction.now(Stages.of(Stages.RAISE_DELAY, order.orderId()), "exception",
                        ExceptionQueueCalls.TOOL, exception))
                .record(new SessionPatch("order " + order.orderId() + " shipping delay", "raising_delay",
                        "found a carrier delay on order " + order.orderId(),
                        "raise the delay on the fulfillment exception queue"));
    }

    private Plan offer(Plan plan, AgentContext context, OrderMemory order) {
        String delay = "Your order " + order.orderId() + " is delayed"
                + (order.delayReason() == null ? "" : " (" + order.delayReason() + ")")
                + ". I've raised it with our fulfilment team.";
        if (order.deliveryOptions().isEmpty()) {
            return plan.reply(Reply.onLastChannel(delay + " I'll let you know as soon as the carrier has a new date.",
                            order.facts()))
                    .watching(watch(order))
                    .record(new SessionPatch(null, "awaiting_carrier_confirmation", "raised the carrier delay",
                            "tell the customer when the carrier emits a scan event"));
        }
        String options = String.join(" or ", order.deliveryOptions());
        return plan.reply(Reply.onLastChannel(delay + " We can deliver it on " + options
                        + " instead. Would you like that?", order.facts()))
                .record(new SessionPatch(null, "awaiting_customer_choice",
                        "raised the carrier delay; offered " + options + " delivery",
                        "book the delivery option the customer accepts"));
    }

    private Plan booked(Plan plan, AgentContext context, OrderMemory order) {
        String how = context.verifiedEmail().isPresent() ? "email you" : "send you";
        return plan.reply(Reply.onLastChannel("Done: " + order.acceptedOption() + " delivery is booked for order "
                        + order.orderId() + ". When the carrier scans your parcel I'll " + how
                        + " the new tracking number.", order.facts()))
                .watching(watch(order))
                .record(new SessionPatch(null, "awaiting_carrier_confirmation",
                        "confirmed " + order.acceptedOption() + " delivery option",
                        (context.verifiedEmail().isPresent() ? "email" : "send") + " tracking number when carrier emits scan event"));
    }

    private Plan trackingSent(AgentContext context, String orderId) {
        return context.memory().order(orderId)
                .map(order -> Plan.of("tracking_number_sent", order.facts())
                        .record(new SessionPatch(null, "awaiting_delivery",
                                "sent the new tracking number " + order.currentTrackingCode(),
                                order.acceptedOption() == null ? "confirm delivery with the customer"
                                        : "confirm " + order.acceptedOption() + " delivery with the customer")))
                .orElse(Plan.nothing());
    }

    /**
     * The stage cannot be kept. A failure compensates what succeeded in the same promise, plus the
     * order's Case (so it says what really happened); an unknown outcome compensates nothing, as
     * it may have happened: a person reconciles it (EscalationTriggers opened that case already).
     */
    private Plan broken(AgentContext context, Stages.Stage stage, OrderMemory order, SessionMemory.StageProgress progress,
                        String brokenKey, boolean failed) {
        Optional<ActionView> brokenAction = action(context, brokenKey);
        String tool = brokenAction.map(ActionView::tool).orElse("a tool");
        String why = switch (stage.kind()) {
            case Stages.RAISE_DELAY -> "the carrier delay could not be raised on the fulfillment exception queue";
            case Stages.CONFIRM_OPTION -> "the customer's choice could not be confirmed with every system";
            default -> "the order's status could not be read from the warehouse";
        } + " (" + tool + " " + (failed ? "failed: " + brokenAction.map(ActionView::lastError).orElse("") : "outcome unknown")
                + "); a person follows up, and the customer was told so.";
        Plan plan = Plan.of("stage_" + (failed ? "failed" : "unknown") + ":" + stage.kind(), order.facts())
                .reply(Reply.onLastChannel(truth(stage, order, failed), order.facts()))
                .record(new SessionPatch(null, null, stage.kind() + " did not complete: " + tool
                        + (failed ? " failed" : " outcome unknown"), "a person follows up"));
        if (!failed) {
            return plan;
        }
        for (ActionView done : compensable(context, stage, order, progress, tool)) {
            String step = Stages.stepOfKey(done.idempotencyKey());
            Optional<io.continuityhub.tools.Compensation> compensation = compensations.of(done, why);
            if (compensation.isPresent()) {
                plan = plan.act(PlannedAction.now(Stages.compensationOf(stage.name()),
                        compensation.get().step() + "-" + step, compensation.get().tool(), compensation.get().request()));
            }
        }
        return plan;
    }

    /** What succeeded in the stage, and the order's Case when the stage did not write it itself. */
    private static List<ActionView> compensable(AgentContext context, Stages.Stage stage, OrderMemory order,
                                                SessionMemory.StageProgress progress, String brokenTool) {
        List<ActionView> done = new java.util.ArrayList<>(progress.succeeded().stream()
                .map(key -> action(context, key)).flatMap(Optional::stream).toList());
        boolean caseInStage = done.stream().anyMatch(a -> CaseUpserts.TOOL.equals(a.tool()));
        if (!caseInStage && order.caseKey() != null && !CaseUpserts.TOOL.equals(brokenTool)) {
            context.memory().stage(Stages.of(Stages.INVESTIGATE, order.orderId()))
                    .flatMap(investigation -> investigation.succeeded().stream()
                            .map(key -> action(context, key)).flatMap(Optional::stream)
                            .filter(a -> CaseUpserts.TOOL.equals(a.tool())).findFirst())
                    .ifPresent(done::add);
        }
        return done;
    }

    private static String truth(Stages.Stage stage, OrderMemory order, boolean failed) {
        String colleague = " A colleague will look into it and get back to you here.";
        return switch (stage.kind()) {
            case Stages.RAISE_DELAY -> "Your order " + order.orderId() + " is delayed"
                    + (order.delayReason() == null ? "" : " (" + order.delayReason() + ")") + ". "
                    + (failed ? "I couldn't register the delay with our fulfilment team just now."
                    : "I haven't been able to confirm that the delay is registered with our fulfilment team yet.")
                    + colleague;
            case Stages.CONFIRM_OPTION -> failed
                    ? "I'm sorry: I couldn't book the new delivery day for order " + order.orderId() + ", so it is not booked yet."
                    + colleague
                    : "I haven't been able to confirm the new delivery day for order " + order.orderId() + " yet." + colleague;
            default -> "I couldn't get the status of order " + order.orderId() + " from the warehouse just now." + colleague;
        };
    }

    private static Optional<ActionView> action(AgentContext context, String key) {
        return context.actions().stream().filter(a -> a.idempotencyKey().equals(key)).findFirst();
    }

    private static Plan.ShipmentWatch watch(OrderMemory order) {
        return order.carrier() == null || order.trackingCode() == null ? null
                : new Plan.ShipmentWatch(order.orderId(), order.carrier(), order.trackingCode());
    }
}
