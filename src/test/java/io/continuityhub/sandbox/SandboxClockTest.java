package io.continuityhub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code /sandbox/clock} moves the hub's own Clock bean, the one every follow-up, TTL and SLA reads. */
class SandboxClockTest extends HubIntegrationTest {

    private static final Duration SLACK = Duration.ofMinutes(1);

    @Test
    void setPutsTheHubsClockAtTheInstantAndGetShowsIt() {
        Instant target = Instant.parse("2026-04-29T06:10:00Z");

        Response set = post("{\"set\":\"2026-04-29T06:10:00Z\"}");

        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().fieldNames()).toIterable().containsExactly("now", "offset");
        assertThat(Instant.parse(set.json().get("now").asText())).isBetween(target, target.plus(SLACK));
        assertThat(clock().instant()).as("the hub's Clock bean moved").isBetween(target, target.plus(SLACK));
        Duration offset = Duration.parse(set.json().get("offset").asText());
        assertThat(Instant.now().plus(offset)).isBetween(target.minus(SLACK), target.plus(SLACK));
        JsonNode read = hub.send("GET", "/sandbox/clock", null).json();
        assertThat(Instant.parse(read.get("now").asText())).isBetween(target, target.plus(SLACK));
        assertThat(read.get("offset").asText()).isEqualTo(set.json().get("offset").asText());
    }

    @Test
    void advanceByMovesTheClockForwardByTheDurationAndAddsUp() {
        Instant before = clock().instant();

        Response first = post("{\"advanceBy\":\"PT10H\"}");
        Response second = post("{\"advanceBy\":\"P1DT30M\"}");

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(Duration.parse(first.json().get("offset").asText())).isEqualTo(Duration.ofHours(10));
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        Duration total = Duration.ofHours(34).plusMinutes(30);
        assertThat(Duration.parse(second.json().get("offset").asText())).isEqualTo(total);
        assertThat(Instant.parse(second.json().get("now").asText())).isBetween(before.plus(total), before.plus(total).plus(SLACK));
        assertThat(clock().instant()).isBetween(before.plus(total), before.plus(total).plus(SLACK));
    }

    @Test
    void deleteResetsTheClockToRealTime() {
        clock().set(Instant.parse("2030-01-01T00:00:00Z"));

        Response reset = hub.send("DELETE", "/sandbox/clock", null);

        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(reset.json().get("offset").asText()).isEqualTo("PT0S");
        assertThat(Instant.parse(reset.json().get("now").asText())).isBetween(Instant.now().minus(SLACK), Instant.now());
        assertThat(clock().offset()).isZero();
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("neither field", "{}", "wrong_shape", null),
                Arguments.of("an unknown field only", "{\"advance\":\"PT1H\"}", "wrong_shape", null),
                Arguments.of("both fields", "{\"advanceBy\":\"PT1H\",\"set\":\"2026-04-29T06:10:00Z\"}", "wrong_shape", null),
                Arguments.of("a duration that is not ISO-8601", "{\"advanceBy\":\"10 hours\"}", "invalid_field", "advanceBy"),
                Arguments.of("a month, which has no fixed length", "{\"advanceBy\":\"P1M\"}", "invalid_field", "advanceBy"),
                Arguments.of("a negative duration", "{\"advanceBy\":\"-PT1H\"}", "invalid_field", "advanceBy"),
                Arguments.of("a zero duration", "{\"advanceBy\":\"PT0S\"}", "invalid_field", "advanceBy"),
                Arguments.of("a duration past any year the hub can write", "{\"advanceBy\":\"PT99999999H\"}", "invalid_field",
                        "advanceBy"),
                Arguments.of("an instant without a zone", "{\"set\":\"2026-04-29T06:10:00\"}", "invalid_field", "set"),
                Arguments.of("not an instant", "{\"set\":\"tomorrow morning\"}", "invalid_field", "set"),
                Arguments.of("an instant before 1970", "{\"set\":\"1969-12-31T23:59:59Z\"}", "invalid_field", "set"),
                Arguments.of("not JSON", "PT10H", "malformed_json", null),
                Arguments.of("no body", "", "malformed_json", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void aBadBodyIs400WithTheErrorCodeAndLeavesTheClockAlone(String name, String body, String code, String field) {
        Response refused = post(body);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).isEqualTo(code);
        assertThat(refused.json().get("message").asText()).isNotBlank();
        if (field != null) {
            assertThat(refused.json().get("field").asText()).isEqualTo(field);
            assertThat(refused.json().get("message").asText()).startsWith(field + ":");
        }
        assertThat(clock().offset()).isZero();
    }

    @Test
    void theClockIsOpenLikeEverySandboxEndpointWhileTheOpsApiIsNot() {
        assertThat(hub.send("GET", "/sandbox/clock", null).status()).isEqualTo(200);
        assertThat(hub.send("GET", "/api/v1/escalations?status=open", null).status()).isEqualTo(401);
    }

    private Response post(String body) {
        return hub.send("POST", "/sandbox/clock", body, "Content-Type", "application/json");
    }
}
