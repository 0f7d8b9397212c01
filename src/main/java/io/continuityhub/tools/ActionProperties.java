package io.continuityhub.tools;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code hub.actions.*}: how the durable ledger runs, retries and backs off. */
@ConfigurationProperties("hub.actions")
public record ActionProperties(Duration dispatchPeriod, int batchSize, int workers, int maxAttempts, Backoff backoff,
                               Duration inFlightLease, List<String> replaySafeTools,
                               List<String> inOrderTools) {

    public ActionProperties {
        replaySafeTools = replaySafeTools == null ? List.of() : List.copyOf(replaySafeTools);
        inOrderTools = inOrderTools == null ? List.of() : List.copyOf(inOrderTools);
    }

    public record Backoff(Duration initial, double multiplier, double randomization, Duration max) {
    }
}
