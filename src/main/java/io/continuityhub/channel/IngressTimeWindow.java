package io.continuityhub.channel;

import io.continuityhub.kernel.HubRequestException;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The times a channel may state for a message ({@code hub.ingress.time-window}): not before
 * {@code earliest}, not more than {@code max-ahead} past the hub's clock. Outside it a time is a
 * broken clock or a broken sender, and some of it (+999999999-12-31) PostgreSQL cannot even keep.
 */
@Component
public class IngressTimeWindow {

    private final Instant earliest;
    private final java.time.Duration maxAhead;
    private final Clock clock;

    IngressTimeWindow(IngressProperties properties, Clock clock) {
        this.earliest = properties.timeWindow().earliest();
        this.maxAhead = properties.timeWindow().maxAhead();
        this.clock = clock;
    }

    public boolean contains(Instant at) {
        return !at.isBefore(earliest) && !at.isAfter(latest());
    }

    /** The time, or a 400 naming the field when it is outside the window. */
    public Instant check(String field, Instant at) {
        if (!contains(at)) {
            throw refusal(field, at.toString());
        }
        return at;
    }

    /** Unix seconds as a time, or a 400 naming the field when they are outside the window (or beyond any time). */
    public Instant checkEpochSeconds(String field, long seconds) {
        if (seconds < earliest.getEpochSecond() || seconds > latest().getEpochSecond()) {
            throw refusal(field, seconds + " (unix seconds)");
        }
        return Instant.ofEpochSecond(seconds);
    }

    private Instant latest() {
        return clock.instant().plus(maxAhead);
    }

    private HubRequestException refusal(String field, String value) {
        return new HubRequestException(400, "date_out_of_range", field, field + ": " + value + " is outside the times the hub"
                + " accepts, " + earliest + " to " + maxAhead.toString().substring(2).toLowerCase() + " past its clock (now "
                + clock.instant() + "; hub.ingress.time-window)");
    }
}
