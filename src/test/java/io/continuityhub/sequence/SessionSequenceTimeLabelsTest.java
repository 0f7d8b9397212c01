package io.continuityhub.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionSequenceTimeLabelsTest {

    @Test
    void theDateIsShownOnlyWhenItChangesAndTheYearOnlyWhenThatChanges() {
        TimeLabels labels = new TimeLabels(Instant.parse("2026-04-28T23:04:10Z"));

        assertThat(labels.next(Instant.parse("2026-04-28T23:04:10Z"))).isEqualTo("23:04");
        assertThat(labels.next(Instant.parse("2026-04-28T23:59:59Z"))).isEqualTo("23:59");
        assertThat(labels.next(Instant.parse("2026-04-29T06:10:00Z"))).isEqualTo("(04-29) 06:10");
        assertThat(labels.next(Instant.parse("2026-04-29T09:00:00Z"))).isEqualTo("09:00");
        assertThat(labels.next(Instant.parse("2027-01-02T08:00:00Z"))).isEqualTo("(2027-01-02) 08:00");
    }

    @Test
    void timesAreUtcWhateverTheMachinesZone() {
        assertThat(TimeLabels.absolute(Instant.parse("2026-04-29T08:00:00+02:00"))).isEqualTo("2026-04-29 06:00 UTC");
    }
}
