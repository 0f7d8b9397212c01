package io.continuityhub.kernel;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The hub's latency timers for operators: a percentile histogram Prometheus can aggregate across
 * instances, with service-level buckets at the bounds people alert on, and the range the
 * histogram spans. Callers add their tags and register.
 */
public final class LatencyHistograms {

    private LatencyHistograms() {
    }

    /** A timer named {@code name}, from {@code min} to {@code max}, with a bucket at each of {@code objectives}. */
    public static Timer.Builder timer(String name, String description, Duration min, Duration max, Duration... objectives) {
        return Timer.builder(name)
                .description(description)
                .publishPercentileHistogram()
                .serviceLevelObjectives(objectives)
                .minimumExpectedValue(min)
                .maximumExpectedValue(max);
    }
}
