package io.continuityhub.sandbox.salesforce;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The org's daily API allocation: every authenticated REST call counts one, a call over the
 * allocation is refused, and every answer reports the usage in {@code Sforce-Limit-Info}. The day
 * is the hub clock's UTC day (moving the clock to another day starts a fresh allocation); OAuth
 * logins do not count, as in Salesforce.
 */
@Component
@Profile("sandbox")
class SalesforceApiUsage {

    static final String HEADER = "Sforce-Limit-Info";

    private final Clock clock;
    private volatile int max;
    private LocalDate day;
    private int used;

    SalesforceApiUsage(Clock clock, @Value("${sandbox.salesforce.daily-api-limit:15000}") int max) {
        this.clock = clock;
        this.max = max;
    }

    /** Counts one call; false (and nothing counted) when the allocation is used up. */
    synchronized boolean tryConsume() {
        rollOver();
        if (used >= max) {
            return false;
        }
        used++;
        return true;
    }

    synchronized int used() {
        rollOver();
        return used;
    }

    int max() {
        return max;
    }

    /** Sets today's count, so a test or demo reaches the limit without 15,000 calls. */
    synchronized void setUsed(int used) {
        rollOver();
        this.used = used;
    }

    /** {@code api-usage=n/max}, the value of {@link #HEADER}. */
    String header() {
        return "api-usage=" + used() + "/" + max;
    }

    private void rollOver() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!today.equals(day)) {
            day = today;
            used = 0;
        }
    }
}
