package io.continuityhub.sandbox.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SimulatedFaultsTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(42 * SECOND);
    private double nextRandom = 0.5;
    private final List<Long> slept = new ArrayList<>();
    private final SimulatedFaults faults = new SimulatedFaults(now::get, () -> nextRandom, slept::add);

    @Test
    void noFaultMeansNoWaitAndNoRefusal() {
        faults.check(DownstreamSystem.SALESFORCE);
        faults.afterCommit(DownstreamSystem.SALESFORCE);

        assertThat(slept).isEmpty();
        assertThat(faults.active()).isEmpty();
    }

    @Test
    void downRefusesEveryRequestOfThatSystemOnly() {
        faults.set(DownstreamSystem.WAREHOUSE, FaultMode.DOWN, null, null, null, null);

        assertThatThrownBy(() -> faults.check(DownstreamSystem.WAREHOUSE)).isInstanceOf(SimulatedOutage.class)
                .hasMessageContaining("warehouse is down");
        faults.check(DownstreamSystem.CARRIER);
    }

    @Test
    void slowWaitsBeforeAndTimeoutAfterCommitWaitsAfterWithTheirDefaults() {
        faults.set(DownstreamSystem.SALESFORCE, FaultMode.SLOW, null, null, null, null);
        faults.set(DownstreamSystem.WAREHOUSE, FaultMode.TIMEOUT_AFTER_COMMIT, null, null, null, null);

        faults.check(DownstreamSystem.SALESFORCE);
        faults.afterCommit(DownstreamSystem.SALESFORCE);
        faults.check(DownstreamSystem.WAREHOUSE);
        assertThat(slept).containsExactly(2_000L);
        faults.afterCommit(DownstreamSystem.WAREHOUSE);
        assertThat(slept).containsExactly(2_000L, 15_000L);
    }

    @Test
    void flappingRefusesWithTheGivenProbability() {
        faults.set(DownstreamSystem.CARRIER, FaultMode.FLAPPING, null, 0.3, null, null);

        nextRandom = 0.29;
        assertThatThrownBy(() -> faults.check(DownstreamSystem.CARRIER)).isInstanceOf(SimulatedOutage.class);
        nextRandom = 0.3;
        faults.check(DownstreamSystem.CARRIER);
    }

    @Test
    void aFaultWithSecondsLapsesAfterThatMuchRealTime() {
        faults.set(DownstreamSystem.WHATSAPP, FaultMode.DOWN, null, null, 2L, null);

        now.addAndGet(2 * SECOND - 1);
        assertThat(faults.active()).hasSize(1);
        assertThat(faults.remainingNanos(faults.active().get(0))).isEqualTo(1L);
        now.addAndGet(1);
        assertThat(faults.active()).isEmpty();
        faults.check(DownstreamSystem.WHATSAPP);
    }

    @Test
    void timeoutAfterCommitOncePerKeyWaitsForTheFirstRequestOfEachKeyOnly() {
        faults.set(DownstreamSystem.WAREHOUSE, FaultMode.TIMEOUT_AFTER_COMMIT, 700L, null, null, 1);

        faults.check(DownstreamSystem.WAREHOUSE, "A");
        assertThat(slept).as("it waits after the commit, not before").isEmpty();
        faults.afterCommit(DownstreamSystem.WAREHOUSE, "A");
        assertThat(slept).containsExactly(700L);
        faults.check(DownstreamSystem.WAREHOUSE, "A");
        faults.afterCommit(DownstreamSystem.WAREHOUSE, "A");
        assertThat(slept).as("the retry of A is answered at once").containsExactly(700L);
        faults.afterCommit(DownstreamSystem.WAREHOUSE, "B");
        assertThat(slept).as("B's first request waits").containsExactly(700L, 700L);
        assertThat(faults.active()).singleElement().extracting(Fault::timesPerKey).isEqualTo(1);
    }

    @Test
    void downTwicePerKeyRefusesTheFirstTwoRequestsOfEachKeyAndSparesRequestsWithoutOne() {
        faults.set(DownstreamSystem.SALESFORCE, FaultMode.DOWN, null, null, null, 2);

        assertThatThrownBy(() -> faults.check(DownstreamSystem.SALESFORCE, "A")).isInstanceOf(SimulatedOutage.class);
        assertThatThrownBy(() -> faults.check(DownstreamSystem.SALESFORCE, "A")).isInstanceOf(SimulatedOutage.class);
        faults.check(DownstreamSystem.SALESFORCE, "A");
        assertThatThrownBy(() -> faults.check(DownstreamSystem.SALESFORCE, "B")).isInstanceOf(SimulatedOutage.class);
        faults.check(DownstreamSystem.SALESFORCE); // a token request: no key, so none of "the first two of a key"
        faults.check(DownstreamSystem.SALESFORCE, null);
    }

    @Test
    void aFaultWithoutTimesPerKeyHitsEveryRequestOfEveryKey() {
        faults.set(DownstreamSystem.WAREHOUSE, FaultMode.SLOW, 5L, null, null, null);

        faults.check(DownstreamSystem.WAREHOUSE, "A");
        faults.check(DownstreamSystem.WAREHOUSE, "A");
        faults.check(DownstreamSystem.WAREHOUSE);

        assertThat(slept).containsExactly(5L, 5L, 5L);
    }

    @Test
    void settingTheFaultAgainStartsTheCountsPerKeyAfresh() {
        faults.set(DownstreamSystem.WHATSAPP, FaultMode.DOWN, null, null, null, 1);
        assertThatThrownBy(() -> faults.check(DownstreamSystem.WHATSAPP, "A")).isInstanceOf(SimulatedOutage.class);
        faults.check(DownstreamSystem.WHATSAPP, "A");

        faults.set(DownstreamSystem.WHATSAPP, FaultMode.DOWN, null, null, null, 1);

        assertThatThrownBy(() -> faults.check(DownstreamSystem.WHATSAPP, "A")).isInstanceOf(SimulatedOutage.class);
    }

    @Test
    void aNewFaultReplacesTheOldOneAndClearEndsIt() {
        faults.set(DownstreamSystem.SALESFORCE, FaultMode.DOWN, null, null, null, null);
        faults.set(DownstreamSystem.SALESFORCE, FaultMode.SLOW, 10L, null, null, null);

        assertThat(faults.active()).singleElement().extracting(Fault::mode).isEqualTo(FaultMode.SLOW);
        faults.clear(DownstreamSystem.SALESFORCE);
        assertThat(faults.active()).isEmpty();
    }
}
