package io.continuityhub.privacy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.privacy.*}: how long personal data is kept ({@code retention}, ISO-8601 such as
 * {@code P400D}), how often the retention sweep runs and how many rows one of its transactions
 * changes at most.
 */
@ConfigurationProperties("hub.privacy")
public record PrivacyProperties(Duration retention, Duration retentionSweepPeriod, int retentionBatchSize) {

    public PrivacyProperties {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("hub.privacy.retention must be a positive duration such as P400D");
        }
        if (retentionBatchSize <= 0) {
            throw new IllegalArgumentException("hub.privacy.retention-batch-size must be positive, e.g. 500");
        }
    }
}
