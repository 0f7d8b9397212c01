package io.continuityhub.sequence;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The time stamps of one diagram, in UTC: {@code 23:04}, with the date in front only when it
 * differs from the previous stamp's ({@code (04-29) 06:10}, the year too when that changes), so a
 * conversation over the night reads at a glance without repeating the date on every arrow.
 */
final class TimeLabels {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private LocalDate lastDate;

    TimeLabels(Instant start) {
        this.lastDate = start == null ? null : date(start);
    }

    /** The next stamp of the diagram; stamps are asked for in the order they are drawn. */
    String next(Instant at) {
        LocalDate date = date(at);
        String time = TIME.format(at);
        if (lastDate == null || date.equals(lastDate)) {
            lastDate = date;
            return time;
        }
        String day = date.getYear() == lastDate.getYear() ? DAY.format(at) : DATE.format(at);
        lastDate = date;
        return "(" + day + ") " + time;
    }

    /** A stamp that stands on its own (a schedule, the title), whatever was drawn before. */
    static String absolute(Instant at) {
        return DATE_TIME.format(at) + " UTC";
    }

    static String day(Instant at) {
        return DATE.format(at);
    }

    private static LocalDate date(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate();
    }
}
