package io.continuityhub.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuityhub.support.FreePorts;
import io.continuityhub.support.HubClient;
import io.continuityhub.support.StandaloneHub;
import io.continuityhub.support.TestData;
import io.continuityhub.support.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * hub.bus=kafka with no broker: the hub still acknowledges and stores every message (the bus is
 * not on the path of the answer), the outbox keeps what the topics have not had, and the relay
 * backs off instead of hammering a broker that is not there.
 */
class KafkaBusDownTest {

    @Test
    void withTheBrokerAwayMessagesAreStillAcceptedAndWaitInTheOutbox() throws Exception {
        int nobodyListens = FreePorts.allocate(1)[0];
        try (StandaloneHub hub = StandaloneHub.start("sandbox", "spring.datasource.url=" + TestDatabase.newDatabase("kafka_down"),
                "spring.datasource.username=" + TestDatabase.user(), "spring.datasource.password=" + TestDatabase.password(),
                "hub.bus=kafka", "hub.kafka.brokers=localhost:" + nobodyListens, "hub.kafka.relay-period=100ms",
                "hub.kafka.relay-max-backoff=2s", "camel.component.kafka.max-block-ms=500",
                "camel.component.kafka.delivery-timeout-ms=1000", "camel.component.kafka.request-timeout-ms=500")) {
            HubClient client = hub.client();
            String customerId = TestData.customerId();
            String phone = TestData.phone();
            client.seedCustomer(customerId, "UTC", Map.of("phone", phone));

            for (int m = 0; m < 3; m++) {
                assertThat(client.touchpoint(TestData.eventId(), "voice", "phone", phone, "no broker " + m).status()).isEqualTo(202);
            }

            Outbox outbox = hub.bean(Outbox.class);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> outbox.pending() >= 3);
            var failures = hub.bean(io.micrometer.core.instrument.MeterRegistry.class).get("hub_outbox_relay_failures").counter();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> failures.count() >= 1);
            double before = failures.count();
            Thread.sleep(4000);
            assertThat(failures.count() - before).as("tries in 4 s: backing off towards one per 2 s, not one per 100 ms")
                    .isLessThanOrEqualTo(5);
            assertThat(outbox.pending()).as("nothing was dropped while the broker is away").isGreaterThanOrEqualTo(3);
            assertThat(client.send("GET", "/actuator/health/readiness", null).status()).isEqualTo(200);
        }
    }
}
