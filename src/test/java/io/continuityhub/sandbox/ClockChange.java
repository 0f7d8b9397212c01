package io.continuityhub.sandbox;

import io.continuityhub.kernel.AdjustableClock;
import io.continuityhub.kernel.HubRequestException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The body of {@code POST /sandbox/clock}: exactly one of {@code advanceBy}, an ISO-8601 duration
 * forward ({@code PT10H}, {@code P1DT2H}), and {@code set}, an ISO-8601 instant
 * ({@code 2026-04-29T06:10:00Z}). Going back is {@code set}: a negative advance would be a second
 * way to say the same thing, and a likely typo.
 */
record ClockChange(String advanceBy, String set) {

    // the hub writes its times to PostgreSQL, mail Date headers and webhooks: keep them in four-digit years
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** Moves {@code clock}; refuses (400) a body that is not exactly one valid change, leaving the clock as it was. */
    void applyTo(AdjustableClock clock) {
        if ((advanceBy == null) == (set == null)) {
            throw new HubRequestException(400, "wrong_shape", null, "give exactly one of advanceBy (an ISO-8601"
                    + " duration such as PT10H) and set (an ISO-8601 instant such as 2026-04-29T06:10:00Z)");
        }
        if (advanceBy != null) {
            Duration by = forward(advanceBy);
            within("advanceBy", () -> clock.instant().plus(by));
            clock.advance(by);
        } else {
            clock.set(within("set", () -> Instant.parse(set.strip())));
        }
    }

    private static Duration forward(String text) {
        Duration by;
        try {
            by = Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw HubRequestException.badField("advanceBy", "'" + text + "' is not an ISO-8601 duration; write e.g."
                    + " PT10H, PT30M or P1DT2H (days at most: months and years have no fixed length)");
        }
        if (by.isNegative() || by.isZero()) {
            throw HubRequestException.badField("advanceBy", "must move the clock forward; to go back, set an instant");
        }
        return by;
    }

    private interface Target {
        Instant get();
    }

    /** The clock's new time, refused when unreadable or outside the years the hub can write down. */
    private static Instant within(String field, Target target) {
        String range = "keep the hub's clock between " + EARLIEST + " and " + LATEST;
        Instant at;
        try {
            at = target.get();
        } catch (DateTimeParseException e) {
            throw HubRequestException.badField(field, "'" + e.getParsedString() + "' is not an ISO-8601 instant; write"
                    + " e.g. 2026-04-29T06:10:00Z (UTC) or 2026-04-29T07:10:00+01:00");
        } catch (DateTimeException | ArithmeticException e) {
            throw HubRequestException.badField(field, "goes beyond any time Java can hold; " + range);
        }
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw HubRequestException.badField(field, "would put the hub's clock at " + at + "; " + range);
        }
        return at;
    }
}
