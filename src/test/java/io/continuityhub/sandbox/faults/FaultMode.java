package io.continuityhub.sandbox.faults;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a simulated system misbehaves. {@code none} is not a mode in force: asking for it clears
 * the system's fault.
 */
public enum FaultMode {
    /** Answers 503 in the system's own error shape and applies nothing. */
    DOWN("down"),
    /** Waits {@code latencyMs}, then answers normally. */
    SLOW("slow"),
    /** With probability {@code errorRate} behaves as {@code down}, otherwise normally. */
    FLAPPING("flapping"),
    /** Applies the change, then waits {@code latencyMs} before answering: a client that gives up sooner never learns it worked. */
    TIMEOUT_AFTER_COMMIT("timeout_after_commit"),
    /**
     * Refuses every change as invalid, with a 4xx in the system's own error shape, and applies
     * nothing; reads are answered. A refusal for good, as opposed to an outage. Simulators that
     * take keyed changes honour it (the exception queue); elsewhere it has no effect.
     */
    REJECT("reject");

    static final String NONE = "none";

    private final String wireName;

    FaultMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    static Optional<FaultMode> fromWire(String name) {
        return Arrays.stream(values()).filter(mode -> mode.wireName.equals(name)).findFirst();
    }

    static List<String> wireNamesAndNone() {
        List<String> names = new java.util.ArrayList<>(Arrays.stream(values()).map(FaultMode::wireName).toList());
        names.add(NONE);
        return names;
    }
}
