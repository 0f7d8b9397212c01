package io.continuityhub.tools;

import java.util.Optional;

/**
 * A tool that declares how a succeeded action of it is compensated when a later step of the same
 * promise fails for good: a Case is annotated with what actually happened, a raised exception is
 * withdrawn. Tools with nothing to compensate (reads, messages already read) do not implement it.
 */
public interface Compensable {

    /** The tool whose actions this compensates. */
    String tool();

    /** The compensation of {@code done}, which succeeded; {@code why} says what failed after it. */
    Optional<Compensation> compensate(ActionView done, String why);
}
