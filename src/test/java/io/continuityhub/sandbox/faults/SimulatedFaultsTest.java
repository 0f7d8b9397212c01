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
        faults.set(DownstreamSystem.WAREHOUSE, FaultMode.DOWN, null, null, null);

        assertThatThrownBy(() -> faults.check(DownstreamSystem.WAREHOUSE)).isInstanceOf(SimulatedOutage.class)
                .hasMessageContaining("warehouse is down");
        faults.check(DownstreamSystem.CARRIER);
    }

    @Test
    void slowWaitsBeforeAndTimeoutAfterCommitWaitsAfterWithTheirDefaults() {
        faults.set(DownstreamSystem.SALESFORCE, FaultMode.SLOW, null, null, null);
        faults.set(DownstreamSystem.WAREHOUSE, FaultMode.TIMEOUT_AFTER_COMMIT, null, null, null);

        faults.check(DownstreamSystem.SALESFORCE);
        faults.afterCommit(DownstreamSystem.SALESFORCE);
        faults.check(DownstreamSystem.WAREHOUSE);
        assertThat(slept).containsExactly(2_000L);
        faults.afterCommit(DownstreamSystem.WAREHOUSE);
        assertThat(slept).containsExactly(2_000L, 15_000L);
    }

    @Test
    void flappingRefusesWithTheGivenProbability() {
        faults.set(DownstreamSystem.CARRIER, FaultMode.FLAPPING, null, 0.3, null);

        nextRandom = 0.29;
        assertThatThrownBy(() -> faults.check(DownstreamSystem.CARRIER)).isInstanceOf(SimulatedOutage.class);
        nextRandom = 0.3;
        faults.check(DownstreamSystem.CARRIER);
    }

    @Test
    void aFaultWithSecondsLapsesAfterThatMuchRealTime() {
        faults.set(DownstreamSystem.WHATSAPP, FaultMode.DOWN, null, null, 2L);

        now.addAndGet(2 * SECOND - 1);
        assertThat(faults.active()).hasSize(1);
        assertThat(faults.remainingNanos(faults.active().get(0))).isEqualTo(1L);
        now.addAndGet(1);
        assertThat(faults.active()).isEmpty();
        faults.check(DownstreamSystem.WHATSAPP);
    }

    @Test
    void aNewFaultReplacesTheOldOneAndClearEndsIt() {
        faults.set(DownstreamSystem.SALESFORCE, FaultMode.DOWN, null, null, null);
        faults.set(DownstreamSystem.SALESFORCE, FaultMode.SLOW, 10L, null, null);

        assertThat(faults.active()).singleElement().extracting(Fault::mode).isEqualTo(FaultMode.SLOW);
        faults.clear(DownstreamSystem.SALESFORCE);
        assertThat(faults.active()).isEmpty();
    }
}
