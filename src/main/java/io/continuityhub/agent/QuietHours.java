package io.continuityhub.agent;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.springframework.stereotype.Component;

/**
 * When a message the hub starts may reach the customer: not in their quiet hours, read in their own
 * time zone ({@code hub.agent.quiet-hours}, 21:00 to 09:00 by default). A window that wraps midnight
 * is the usual case.
 */
@Component
public class QuietHours {

    private final LocalTime start;
    private final LocalTime end;

    QuietHours(AgentProperties properties) {
        this.start = properties.quietHours().start();
        this.end = properties.quietHours().end();
    }

    /** The first moment at or after {@code now} outside the quiet hours in {@code zone}; {@code now} when it is already. */
    public Instant firstAllowed(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        boolean wraps = start.isAfter(end);
        boolean quiet = wraps ? !time.isBefore(start) || time.isBefore(end) : !time.isBefore(start) && time.isBefore(end);
        if (!quiet) {
            return now;
        }
        ZonedDateTime endToday = local.with(end);
        ZonedDateTime allowed = time.isBefore(end) ? endToday : endToday.plusDays(1);
        return allowed.toInstant();
    }
}
