package io.continuityhub.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

class SessionExpiryTest extends HubIntegrationTest {

    @Test
    void theSweepClosesASessionPastItsTtlAndTheNextContactOpensOneCarryingItsSummary() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", phone));
        String firstSession = hub.touchpoint(TestData.eventId(), "voice", "phone", phone, "where is O-5?")
                .json().get("sessionId").asText();
        awaitAgentDone(firstSession);

        clock().advance(Duration.ofDays(13));
        // two completed sweeps: at least one of them started after the clock moved
        NotifyBuilder sweptOnce = new NotifyBuilder(camel).fromRoute("session-expiry-sweep").whenCompleted(2).create();
        assertThat(sweptOnce.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(hub.opsGet("/api/v1/customers/" + customerId + "/session").status())
                .as("13 days is inside the 14-day TTL").isEqualTo(200);

        clock().advance(Duration.ofDays(1).plusMinutes(1));
        NotifyBuilder sweptAgain = new NotifyBuilder(camel).fromRoute("session-expiry-sweep").whenCompleted(2).create();
        assertThat(sweptAgain.matches(10, TimeUnit.SECONDS)).isTrue();

        assertThat(hub.opsGet("/api/v1/customers/" + customerId + "/session").status()).isEqualTo(404);
        assertThat(count("SELECT count(*) FROM session WHERE session_id = ? AND status = 'closed' AND close_reason = 'expired'",
                firstSession)).isEqualTo(1);
        JsonNode closedEvents = hub.opsGet("/api/v1/sessions/" + firstSession + "/events").json();
        assertThat(closedEvents.get(closedEvents.size() - 1).get("type").asText()).isEqualTo("session_expired");

        JsonNode next = hub.touchpoint(TestData.eventId(), "voice", "phone", phone, "me again").json();
        assertThat(next.get("sessionId").asText()).isNotEqualTo(firstSession);
        JsonNode session = hub.opsGet("/api/v1/customers/" + customerId + "/session").json();
        assertThat(session.get("previousSession").get("sessionId").asText()).isEqualTo(firstSession);
        assertThat(session.get("previousSession").get("channels").get(0).asText()).isEqualTo("voice:" + phone);
    }

    @Test
    void everyContactSlidesTheExpirySoAnActiveSessionStaysOpen() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "UTC", Map.of("phone", phone));
        String sessionId = hub.touchpoint(TestData.eventId(), "sms", "phone", phone, "one").json().get("sessionId").asText();

        clock().advance(Duration.ofDays(10));
        hub.touchpoint(TestData.eventId(), "sms", "phone", phone, "two");
        clock().advance(Duration.ofDays(10));
        NotifyBuilder swept = new NotifyBuilder(camel).fromRoute("session-expiry-sweep").whenCompleted(2).create();
        assertThat(swept.matches(10, TimeUnit.SECONDS)).isTrue();

        JsonNode session = hub.opsGet("/api/v1/customers/" + customerId + "/session").json();
        assertThat(session.get("sessionId").asText()).isEqualTo(sessionId);
        assertThat(session.get("status").asText()).isEqualTo("open");
    }
}
