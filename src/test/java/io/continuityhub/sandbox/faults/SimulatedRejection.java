package io.continuityhub.sandbox.faults;

/**
 * Thrown by {@link SimulatedFaults#checkChange} when an injected {@code reject} fault refuses a
 * change. The simulator answers it with a 4xx in its own error shape; nothing was applied.
 */
public class SimulatedRejection extends RuntimeException {

    SimulatedRejection(DownstreamSystem system) {
        super("the sandbox's " + system.wireName() + " rejects this change (an injected fault; POST /sandbox/faults"
                + " with mode none clears it)");
    }
}
