package io.continuityhub.kernel.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.CustomerMessages;
import io.continuityhub.support.HubClient;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.MetaWebhooks;
import io.continuityhub.support.StandaloneHub;
import io.continuityhub.support.TestData;
import io.continuityhub.support.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Message text and payloads are sealed at rest: what the customer wrote, on WhatsApp or at a
 * touchpoint, is nowhere in the hub's tables in plain text, yet the API shows it.
 */
class SealedAtRestTest extends HubIntegrationTest {

    @Autowired
    Sealing sealing;

    @Test
    void whatTheCustomerWroteIsNowhereInTheDatabaseInPlainTextAndTheApiStillShowsIt() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "Europe/London", Map.of("whatsapp", phone));
        String street = "Quince" + UUID.randomUUID().toString().substring(0, 8);
        String card = "Medlar" + UUID.randomUUID().toString().substring(0, 8);
        String atTouchpoint = "where is my order O-99281? send it to 12 " + street + " Lane";
        String onWhatsApp = "and my loyalty card is " + card;

        HubClient.Response touchpoint = hub.touchpoint(TestData.eventId(), "voice", "phone", phone, atTouchpoint);
        assertThat(touchpoint.status()).isEqualTo(202);
        String sessionId = touchpoint.json().get("sessionId").asText();
        assertThat(MetaWebhooks.customerWrites(hub, phone, onWhatsApp, Instant.now()).status()).isEqualTo(200);
        awaitQuiet(sessionId);

        for (String secret : List.of(street, card, "O-99281? send")) {
            assertThat(tablesHolding(secret)).as("tables holding '%s' in plain text", secret).isEmpty();
        }
        List<String> payloads = jdbc.sql("SELECT payload::text FROM session_event WHERE session_id = ?")
                .param(sessionId).query(String.class).list();
        assertThat(payloads).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(payload -> assertThat(Sealing.keyIdOf(payload)).as(payload).isEqualTo("dev1"));
        assertThat(jdbc.sql("SELECT summary FROM session_event WHERE session_id = ? AND summary IS NOT NULL")
                .param(sessionId).query(String.class).list())
                .isNotEmpty().allSatisfy(summary -> assertThat(summary).startsWith("enc:v1:dev1:"));
        assertThat(jdbc.sql("SELECT text FROM interaction WHERE session_id = ?").param(sessionId).query(String.class).list())
                .hasSize(2).allSatisfy(text -> assertThat(text).startsWith("enc:v1:dev1:"));
        assertThat(jdbc.sql("SELECT request::text FROM action WHERE session_id = ?").param(sessionId).query(String.class).list())
                .as("the replies' requests name the customer's number").isNotEmpty()
                .allSatisfy(request -> assertThat(request).doesNotContain(phone.substring(1))
                        .satisfies(r -> assertThat(Sealing.keyIdOf(r)).isEqualTo("dev1")));

        JsonNode messages = CustomerMessages.of(hub.opsGet("/api/v1/sessions/" + sessionId + "/events").json());
        assertThat(StreamSupport.stream(messages.spliterator(), false).map(e -> e.get("payload").get("text").asText()))
                .containsExactly(atTouchpoint, onWhatsApp);
        assertThat(messages.get(1).get("summary").asText()).isEqualTo(onWhatsApp);
    }

    @Test
    void afterTheActiveKeyChangesOldRowsStillReadAndNewOnesNameTheNewKey() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "UTC", Map.of("phone", phone));
        String sessionId = hub.touchpoint(TestData.eventId(), "voice", "phone", phone, "sealed with the old key")
                .json().get("sessionId").asText();
        awaitQuiet(sessionId);

        // step 2 of a rotation (docs/operations.md): every instance already holds k2 (HubIntegrationTest),
        // now one starts sealing with it; dev1 stays configured for the rows it sealed
        List<String> arguments = new ArrayList<>(List.of(TestDatabase.asArguments()));
        arguments.addAll(List.of("hub.crypto.active-key=k2", "hub.crypto.keys.k2=" + HubIntegrationTest.ROTATED_KEY));
        try (StandaloneHub rotated = StandaloneHub.start("sandbox", arguments.toArray(String[]::new))) {
            HubClient hub = rotated.client();
            assertThat(hub.touchpoint(TestData.eventId(), "voice", "phone", phone, "sealed with the new key").status())
                    .isEqualTo(202);

            JsonNode messages = CustomerMessages.of(hub.opsGet("/api/v1/sessions/" + sessionId + "/events").json());
            assertThat(StreamSupport.stream(messages.spliterator(), false).map(e -> e.get("payload").get("text").asText()))
                    .containsExactly("sealed with the old key", "sealed with the new key");
        }
        assertThat(jdbc.sql("SELECT text FROM interaction WHERE session_id = ? ORDER BY event_seq").param(sessionId)
                .query(String.class).list().stream().map(Sealing::keyIdOf)).containsExactly("dev1", "k2");
        assertThat(sealing.activeKey()).as("this instance still seals with dev1 and reads k2").isEqualTo("dev1");
        assertThat(CustomerMessages.of(this.hub.opsGet("/api/v1/sessions/" + sessionId + "/events").json()))
                .hasSize(2);
    }

    /** Every table of the hub whose rows, as text, contain {@code secret}. */
    private List<String> tablesHolding(String secret) {
        List<String> tables = jdbc.sql("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name""")
                .query(String.class).list();
        return tables.stream()
                .filter(table -> jdbc.sql("SELECT count(*) FROM \"" + table + "\" t WHERE t::text LIKE ?")
                        .param("%" + secret + "%").query(Long.class).single() > 0)
                .toList();
    }
}
