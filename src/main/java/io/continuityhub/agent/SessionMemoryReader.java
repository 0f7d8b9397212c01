package io.continuityhub.agent;

import io.continuityhub.channel.email.EmailReplies;
import io.continuityhub.session.SessionEvent;
import io.continuityhub.tools.ActionView;
import io.continuityhub.tools.salesforce.CaseUpserts;
import io.continuityhub.tools.warehouse.ExceptionQueueCalls;
import io.continuityhub.tools.warehouse.WarehouseLookups;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Reads what the agent remembers from a session's events and the ledger's record of its actions.
 * Only what an event up to the given one reports counts: a tool's answer is known from its
 * {@code action_succeeded} event on, even though the ledger row already holds it.
 */
@Component
public class SessionMemoryReader {

    /** The email step that carries an order's new tracking number: {@code tracking-email-<orderId>}. */
    public static final String TRACKING_EMAIL_STEP = "tracking-email-";

    public SessionMemory read(List<SessionEvent> events, List<ActionView> actions) {
        Map<String, ActionView> byKey = actions.stream().collect(Collectors.toMap(ActionView::idempotencyKey,
                Function.identity(), (a, b) -> a));
        Reading reading = new Reading(byKey);
        events.forEach(reading::apply);
        return reading.memory();
    }

    /** The facts of one order while the events are read. */
    private static final class OrderFacts {
        final String orderId;
        String status;
        String delayReason;
        String carrier;
        String trackingCode;
        List<String> deliveryOptions;
        String caseKey;
        String delayException;
        String acceptedOption;
        String newTrackingCode;
        boolean trackingEmailed;

        OrderFacts(String orderId) {
            this.orderId = orderId;
        }

        OrderMemory freeze() {
            return new OrderMemory(orderId, status, delayReason, carrier, trackingCode,
                    deliveryOptions == null ? List.of() : List.copyOf(deliveryOptions), caseKey, delayException,
                    acceptedOption, newTrackingCode, trackingEmailed);
        }
    }

    private static final class Progress {
        final int attempt;
        final Set<String> queued = new LinkedHashSet<>();
        final Set<String> succeeded = new LinkedHashSet<>();
        final Set<String> failed = new LinkedHashSet<>();
        final Set<String> unknown = new LinkedHashSet<>();

        Progress(int attempt) {
            this.attempt = attempt;
        }

        SessionMemory.StageProgress freeze() {
            return new SessionMemory.StageProgress(attempt, Set.copyOf(queued), Set.copyOf(succeeded), Set.copyOf(failed),
                    Set.copyOf(unknown));
        }
    }

    private static final class Reading {
        private final Map<String, ActionView> actions;
        private final Map<String, OrderFacts> orders = new LinkedHashMap<>();
        private final Map<String, Progress> stages = new LinkedHashMap<>();
        private final Set<String> channels = new LinkedHashSet<>();
        private String currentOrderId;
        private String lastCustomerChannel;
        private String personResolution;

        Reading(Map<String, ActionView> actions) {
            this.actions = actions;
        }

        void apply(SessionEvent event) {
            switch (event.type()) {
                case "customer_message" -> customerMessage(event);
                case "carrier_scan" -> carrierScan(event);
                case "action_queued", "action_succeeded", "action_failed", "action_unknown" -> actionEvent(event);
                case "escalation_resolved" -> personResolved(event);
                default -> {
                }
            }
        }

        private void customerMessage(SessionEvent event) {
            if (event.channel() != null) {
                channels.add(event.channel());
                lastCustomerChannel = event.channel();
            }
            namesOrders(text(event.payload().get("text")));
        }

        /**
         * A person handed the session back: what they settled is the agent's to go on from, the
         * order it names included, so the customer is not asked again for what they told the person.
         */
        private void personResolved(SessionEvent event) {
            personResolution = text(event.payload().get("resolution"));
            namesOrders(personResolution);
        }

        private void namesOrders(String text) {
            for (String orderId : OrderIds.in(text)) {
                order(orderId);
                currentOrderId = orderId;
            }
        }

        private void carrierScan(SessionEvent event) {
            String orderId = text(event.payload().get("orderId"));
            if (orderId == null) {
                return;
            }
            OrderFacts order = order(orderId);
            currentOrderId = orderId;
            String code = text(event.payload().get("trackingCode"));
            if (code != null && (event.payload().get("previousTrackingCode") != null || !code.equals(order.trackingCode))) {
                order.newTrackingCode = code;
            }
            if (order.carrier == null) {
                order.carrier = text(event.payload().get("carrier"));
            }
        }

        private void actionEvent(SessionEvent event) {
            String key = text(event.payload().get("idempotencyKey"));
            if (key == null) {
                return;
            }
            Progress progress = progressOf(key, "action_queued".equals(event.type()));
            if (progress.attempt == Stages.attemptOfKey(key)) {
                switch (event.type()) {
                    case "action_queued" -> progress.queued.add(key);
                    case "action_succeeded" -> progress.succeeded.add(key);
                    case "action_failed" -> progress.failed.add(key);
                    default -> progress.unknown.add(key);
                }
            }
            Stages.ofKey(key).ifPresent(stage -> currentOrderId = order(stage.orderId()).orderId);
            if ("action_succeeded".equals(event.type()) && actions.containsKey(key)) {
                succeeded(actions.get(key), progress);
            }
        }

        /** The stage's progress; a key queued for a later attempt starts that attempt afresh. */
        private Progress progressOf(String key, boolean queued) {
            String name = Stages.nameOfKey(key);
            int attempt = Stages.attemptOfKey(key);
            Progress progress = stages.get(name);
            if (progress == null || (queued && attempt > progress.attempt)) {
                progress = new Progress(attempt);
                stages.put(name, progress);
            }
            return progress;
        }

        private void succeeded(ActionView action, Progress progress) {
            String step = Stages.stepOfKey(action.idempotencyKey());
            if (EmailReplies.TOOL.equals(action.tool()) && step.startsWith(TRACKING_EMAIL_STEP)) {
                order(step.substring(TRACKING_EMAIL_STEP.length())).trackingEmailed = true;
                return;
            }
            Stages.ofKey(action.idempotencyKey()).ifPresent(stage -> {
                OrderFacts order = order(stage.orderId());
                Map<String, Object> response = action.response() == null ? Map.of() : action.response();
                switch (action.tool()) {
                    case WarehouseLookups.TOOL -> warehouseAnswer(order, response);
                    case CaseUpserts.TOOL -> order.caseKey = text(action.request().get("hubKey"));
                    case ExceptionQueueCalls.TOOL -> {
                        if (Stages.RAISE_DELAY.equals(stage.kind())) {
                            order.delayException = text(response.get("exceptionId"));
                        }
                    }
                    default -> {
                    }
                }
                if (Stages.CONFIRM_OPTION.equals(stage.kind()) && progress.succeeded.containsAll(progress.queued)) {
                    order.acceptedOption = confirmedOption(progress);
                }
            });
        }

        private String confirmedOption(Progress progress) {
            for (String key : progress.queued) {
                ActionView action = actions.get(key);
                if (action != null && action.request().get("resolution") != null) {
                    return text(action.request().get("resolution"));
                }
            }
            return null;
        }

        @SuppressWarnings("unchecked")
        private static void warehouseAnswer(OrderFacts order, Map<String, Object> response) {
            order.status = text(response.get("status"));
            order.delayReason = text(response.get("delayReason"));
            order.carrier = text(response.get("carrier"));
            order.trackingCode = text(response.get("trackingCode"));
            order.deliveryOptions = response.get("deliveryOptions") instanceof List<?> options
                    ? options.stream().map(String::valueOf).toList() : List.of();
        }

        private OrderFacts order(String orderId) {
            return orders.computeIfAbsent(orderId, OrderFacts::new);
        }

        SessionMemory memory() {
            Map<String, OrderMemory> frozen = new LinkedHashMap<>();
            orders.forEach((id, facts) -> frozen.put(id, facts.freeze()));
            Map<String, SessionMemory.StageProgress> progress = new LinkedHashMap<>();
            stages.forEach((name, p) -> progress.put(name, p.freeze()));
            return new SessionMemory(Map.copyOf(frozen), currentOrderId, Map.copyOf(progress), Set.copyOf(channels),
                    lastCustomerChannel, personResolution);
        }

        private static String text(Object value) {
            return value == null ? null : String.valueOf(value);
        }
    }
}
