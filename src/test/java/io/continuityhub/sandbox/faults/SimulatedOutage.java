package io.continuityhub.sandbox.faults;

/**
 * Thrown by {@link SimulatedFaults#check} when an injected fault makes a system refuse this
 * request. Each simulator answers it with 503 in its own error shape; nothing was applied.
 */
public class SimulatedOutage extends RuntimeException {

    private final DownstreamSystem system;
    private final FaultMode mode;

    SimulatedOutage(DownstreamSystem system, FaultMode mode) {
        super("the sandbox's " + system.wireName() + " is " + (mode == FaultMode.DOWN ? "down" : "flapping")
                + " (an injected fault; POST /sandbox/faults with mode none clears it)");
        this.system = system;
        this.mode = mode;
    }

    public DownstreamSystem system() {
        return system;
    }

    public FaultMode mode() {
        return mode;
    }
}
