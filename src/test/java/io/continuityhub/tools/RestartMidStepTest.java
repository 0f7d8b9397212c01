package io.continuityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.kernel.AdjustableClock;
import io.continuityhub.support.HubClient;
import io.continuityhub.support.StandaloneHub;
import io.continuityhub.support.TestData;
import io.continuityhub.support.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;

/** A hub that stops between the far side's commit and its own ledger update does not act twice after a restart. */
class RestartMidStepTest {

    private static final AtomicBoolean STOPPED_DEAD = new AtomicBoolean();

    @Test
    void aCaseWrittenJustBeforeTheHubStoppedIsNotWrittenAgainAfterTheRestart() throws Exception {
        List<String> settings = new ArrayList<>(List.of(TestDatabase.asArguments()));
        settings.addAll(List.of("camel.main.shutdown-timeout=2", "hub.actions.lease-check-period=300ms"));
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        String hubKey = "hub-" + UUID.randomUUID();
        String key;

        try (StandaloneHub first = StandaloneHub.start("sandbox", settings.toArray(String[]::new))) {
            HubClient hub = first.client();
            hub.seedCustomer(customerId, "UTC", Map.of("phone", phone));
            String sessionId = hub.touchpoint(TestData.eventId(), "voice", "phone", phone, "my order is late")
                    .json().get("sessionId").asText();
            // the dispatcher stops dead right after the tool's call returns: the far side has the case,
            // the ledger never hears of it (as when the process is killed at that moment)
            STOPPED_DEAD.set(true);
            AdviceWith.adviceWith(first.bean(CamelContext.class), "run-action", route -> route
                    .weaveById("run-tool").after().process(exchange -> {
                        while (STOPPED_DEAD.get()) {
                            try {
                                Thread.sleep(100);
                            } catch (InterruptedException ignored) {
                                // a killed process does not get to finish either
                            }
                        }
                    }));
            // a day ahead: the action is due for this hub (and the next), never for another test hub on the database
            ((AdjustableClock) first.bean(java.time.Clock.class)).advance(Duration.ofDays(1));
            key = NewAction.key(sessionId, "case", "upsert");
            first.bean(ActionLedger.class).record(new NewAction(key, customerId, sessionId, "salesforce-case", "upsert",
                    Map.of("hubKey", hubKey, "Subject", "Order delayed", "Origin", "Phone")));
            await().atMost(Duration.ofSeconds(20)).until(() -> casesFor(hub, hubKey).size() == 1);
            assertThat(first.bean(ActionLedger.class).find(key).orElseThrow().status()).isEqualTo("in_flight");
        }

        try (StandaloneHub second = StandaloneHub.start("sandbox", settings.toArray(String[]::new))) {
            ((AdjustableClock) second.bean(java.time.Clock.class)).advance(Duration.ofDays(1).plusMinutes(6));
            ActionLedger ledger = second.bean(ActionLedger.class);

            await().atMost(Duration.ofSeconds(20)).until(() -> "succeeded".equals(ledger.find(key).orElseThrow().status()));

            assertThat(casesFor(second.client(), hubKey)).hasSize(1);
            assertThat(ledger.find(key).orElseThrow().response()).containsEntry("created", false);
            JsonNode sideEffects = second.client().send("GET", "/sandbox/ledger?system=salesforce", null).json();
            sideEffects.forEach(row -> {
                if (hubKey.equals(row.get("key").asText())) {
                    assertThat(row.get("count").asInt()).as("cases created for the key").isEqualTo(1);
                }
            });
        } finally {
            STOPPED_DEAD.set(false);
        }
    }

    private static JsonNode casesFor(HubClient hub, String hubKey) {
        return hub.send("GET", "/sandbox/salesforce/cases?hubKey=" + hubKey, null).json();
    }
}
