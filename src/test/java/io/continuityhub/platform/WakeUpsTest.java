package io.continuityhub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.MetaWebhooks;
import io.continuityhub.support.TestData;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Work starts when there is work: with the agent's and the dispatcher's sweeps stopped, a
 * customer's message is still decided on and answered, woken by the commits themselves through
 * the database; and a listener whose connection the database dropped listens again.
 */
class WakeUpsTest extends HubIntegrationTest {

    private static final List<String> SWEEPS = List.of("agent-turns", "action-dispatcher", "inbox-sweep");

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void sweepsStopped() throws Exception {
        for (String route : SWEEPS) {
            camel.getRouteController().stopRoute(route);
        }
    }

    @AfterEach
    void sweepsBack() throws Exception {
        for (String route : SWEEPS) {
            camel.getRouteController().startRoute(route);
        }
    }

    @Test
    void aMessageIsAnsweredWithNoSweepRunning() {
        String phone = TestData.phone();
        String sessionId = writes(phone, "Hello");

        awaitReplySent(sessionId);
    }

    @Test
    void aListenerWhoseConnectionWasDroppedListensAgain() {
        await().atMost(Duration.ofSeconds(10)).until(() -> listening() == 1);
        double reconnectsBefore = meters.get("hub.wake-ups.reconnects").counter().count();

        assertThat(count("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE query LIKE 'LISTEN %' AND pid <> pg_backend_pid()""")).as("the listener's connection").isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                meters.get("hub.wake-ups.reconnects").counter().count() > reconnectsBefore && listening() == 1);

        String sessionId = writes(TestData.phone(), "Hello again");
        awaitReplySent(sessionId);
    }

    private double listening() {
        return meters.get("hub.wake-ups.listening").gauge().value();
    }

    private String writes(String phone, String text) {
        String customerId = TestData.customerId();
        assertThat(hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", phone)).status()).isEqualTo(201);
        assertThat(MetaWebhooks.customerWrites(hub, phone, text, clock().instant()).status()).isEqualTo(200);
        return hub.opsGet("/api/v1/customers/" + customerId + "/session").json().get("sessionId").asText();
    }

    private void awaitReplySent(String sessionId) {
        await().atMost(Duration.ofSeconds(15)).until(() -> count("""
                SELECT count(*) FROM action WHERE session_id = ? AND tool = 'whatsapp-send' AND status = 'succeeded'""",
                sessionId) == 1);
    }
}
