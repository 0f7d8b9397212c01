package io.continuityhub.agent;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the agent remembers of a session at one event: the orders talked about, how far each
 * stage got, and the channels the customer used. Read from the session's events up to that
 * event (never later ones), so a turn taken again decides the same.
 *
 * @param currentOrderId the order the conversation is about now: the last one named or acted on
 * @param stages         progress of each stage by name, as its action events report it
 * @param personResolution what the person who last held the session settled, when they handed it back
 */
public record SessionMemory(Map<String, OrderMemory> orders, String currentOrderId, Map<String, StageProgress> stages,
                            Set<String> channelsUsed, String lastCustomerChannel, String personResolution) {

    public SessionMemory(Map<String, OrderMemory> orders, String currentOrderId, Map<String, StageProgress> stages,
                         Set<String> channelsUsed, String lastCustomerChannel) {
        this(orders, currentOrderId, stages, channelsUsed, lastCustomerChannel, null);
    }

    /**
     * The keys of a stage's latest attempt and which of them ended how, as of the event; an
     * earlier attempt's keys are forgotten once a new one is queued.
     */
    public record StageProgress(int attempt, Set<String> queued, Set<String> succeeded, Set<String> failed,
                                Set<String> unknown) {

        /** Every action of the attempt has ended, one way or another. */
        public boolean settled() {
            Set<String> ended = new java.util.HashSet<>(succeeded);
            ended.addAll(failed);
            ended.addAll(unknown);
            return !queued.isEmpty() && ended.containsAll(queued);
        }

        public boolean complete() {
            return !queued.isEmpty() && succeeded.containsAll(queued);
        }

        public boolean broken() {
            return !failed.isEmpty() || !unknown.isEmpty();
        }
    }

    public Optional<OrderMemory> order(String orderId) {
        return Optional.ofNullable(orderId == null ? null : orders.get(orderId));
    }

    public Optional<OrderMemory> currentOrder() {
        return order(currentOrderId);
    }

    public Optional<StageProgress> stage(String name) {
        return Optional.ofNullable(stages.get(name));
    }

    /** What the session knows, in words, for a reply to rest on; empty when it knows nothing yet. */
    public List<String> facts() {
        List<String> facts = new java.util.ArrayList<>(currentOrder().map(OrderMemory::facts).orElse(List.of()));
        if (personResolution != null && !personResolution.isBlank()) {
            facts.add("a colleague settled: " + personResolution);
        }
        return List.copyOf(facts);
    }
}
