package io.continuityhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.CustomerMessages;
import io.continuityhub.support.HubClient;
import io.continuityhub.support.StandaloneHub;
import io.continuityhub.support.TestData;
import io.continuityhub.support.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartTest {

    @Test
    void aRestartedHubOnTheSameDatabaseHasTheSessionAndItsEvents() {
        String[] database = TestDatabase.asArguments();
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        String eventId = TestData.eventId();
        String sessionId;
        try (StandaloneHub first = StandaloneHub.start("sandbox", database)) {
            HubClient hub = first.client();
            hub.seedCustomer(customerId, "UTC", Map.of("phone", phone));
            sessionId = hub.touchpoint(eventId, "voice", "phone", phone, "before the restart").json().get("sessionId").asText();
            hub.touchpoint(TestData.eventId(), "voice", "phone", phone, "still before");
        }

        try (StandaloneHub second = StandaloneHub.start("sandbox", database)) {
            HubClient hub = second.client();
            JsonNode session = hub.opsGet("/api/v1/customers/" + customerId + "/session").json();
            assertThat(session.get("sessionId").asText()).isEqualTo(sessionId);
            assertThat(session.get("version").asLong()).isGreaterThanOrEqualTo(2);
            JsonNode events = CustomerMessages.of(hub.opsGet("/api/v1/sessions/" + sessionId + "/events").json());
            assertThat(events).hasSize(2);
            assertThat(events.get(0).get("summary").asText()).isEqualTo("before the restart");

            HubClient.Response redelivered = hub.touchpoint(eventId, "voice", "phone", phone, "before the restart");
            assertThat(redelivered.status()).as("a duplicate after a restart is still a duplicate").isEqualTo(200);
            assertThat(redelivered.json().get("duplicate").asBoolean()).isTrue();
            HubClient.Response after = hub.touchpoint(TestData.eventId(), "voice", "phone", phone, "after the restart");
            assertThat(after.json().get("sessionId").asText()).isEqualTo(sessionId);
        }
    }

    @Test
    void theEmbeddedDefaultKeepsItsDataDirectoryAcrossRestarts(@TempDir Path dataDir) {
        String[] embedded = {"spring.datasource.url=", "hub.db.embedded.data-dir=" + dataDir.resolve("postgres")};
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        String sessionId;
        try (StandaloneHub first = StandaloneHub.start("sandbox", embedded)) {
            HubClient hub = first.client();
            hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", phone));
            sessionId = hub.touchpoint(TestData.eventId(), "voice", "phone", phone, "kept on disk").json().get("sessionId").asText();
        }

        try (StandaloneHub second = StandaloneHub.start("sandbox", embedded)) {
            JsonNode events = CustomerMessages.of(second.client().opsGet("/api/v1/sessions/" + sessionId + "/events").json());
            assertThat(events).hasSize(1);
            assertThat(events.get(0).get("summary").asText()).isEqualTo("kept on disk");
        }
    }
}
