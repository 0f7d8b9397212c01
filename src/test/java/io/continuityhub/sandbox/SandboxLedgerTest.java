package io.continuityhub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.TestData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxLedgerTest extends SimulatorTest {

    @Test
    void theLedgerListsEachKeyWithItsCountInTheOrderTheyFirstHappened() {
        clock().set(Instant.parse("2020-01-01T00:00:00Z")); // before anything else in the table
        String first = wamid(CloudApiRequests.sendText(hub, TestData.phone(), "one"));
        clock().set(Instant.parse("2020-01-01T00:00:01Z"));
        String second = wamid(CloudApiRequests.sendText(hub, TestData.phone(), "two"));

        Response ledger = get("/sandbox/ledger?system=whatsapp");

        assertThat(ledger.status()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        for (JsonNode entry : ledger.json()) {
            keys.add(entry.get("key").asText());
        }
        assertThat(keys.subList(0, 2)).containsExactly(first, second);
        JsonNode entry = ledger.json().get(0);
        assertThat(entry.get("count").asInt()).isEqualTo(1);
        assertThat(Instant.parse(entry.get("firstAt").asText())).isBetween(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2020-01-01T00:00:01Z"));
    }

    @Test
    void theSystemIsRequiredAndMustBeOneTheSandboxSimulates() {
        Response missing = get("/sandbox/ledger");
        Response unknown = get("/sandbox/ledger?system=mainframe");

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("field").asText()).isEqualTo("system");
        assertThat(missing.json().get("message").asText()).contains("salesforce");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("field").asText()).isEqualTo("system");
    }

    private static String wamid(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("messages").get(0).get("id").asText();
    }
}
