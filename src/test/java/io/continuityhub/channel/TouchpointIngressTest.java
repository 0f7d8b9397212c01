package io.continuityhub.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.HubClient;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.CustomerMessages;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TouchpointIngressTest extends HubIntegrationTest {

    static Stream<Arguments> badBodies() {
        String phone = "+447700900123";
        return Stream.of(
                Arguments.of("missing handle", "{\"eventId\":\"e1\",\"channel\":\"voice\",\"text\":\"hi\"}", "handle"),
                Arguments.of("unknown channel", body("e2", "fax", "phone", phone, "hi"), "channel"),
                Arguments.of("malformed phone", body("e3", "voice", "phone", "+44 12", "hi"), "handle.value"),
                Arguments.of("national phone without a region", body("e4", "voice", "phone", "07700 900123", "hi"), "handle.value"),
                Arguments.of("unknown handle type", body("e5", "voice", "fax", phone, "hi"), "handle.type"),
                Arguments.of("oversized text", body("e6", "chat", "phone", phone, "x".repeat(4097)), "text"),
                Arguments.of("missing eventId", "{\"channel\":\"voice\",\"handle\":{\"type\":\"phone\",\"value\":\"" + phone + "\"}}", "eventId"),
                Arguments.of("bad occurredAt", "{\"eventId\":\"e7\",\"channel\":\"voice\",\"occurredAt\":\"yesterday\","
                        + "\"handle\":{\"type\":\"phone\",\"value\":\"" + phone + "\"}}", "occurredAt"),
                Arguments.of("nested attribute", "{\"eventId\":\"e8\",\"channel\":\"voice\",\"attributes\":{\"a\":{}},"
                        + "\"handle\":{\"type\":\"phone\",\"value\":\"" + phone + "\"}}", "attributes.a"),
                Arguments.of("bad JSON", "{\"eventId\": \"e9\", ", null),
                Arguments.of("JSON that is not an object", "[1, 2]", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void aBadBodyIsRefusedNamingTheFieldAndStoresNothing(String name, String body, String field) {
        long[] before = storedRows();

        Response response = hub.touchpointRaw(body);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        JsonNode error = response.json();
        assertThat(error.get("message").asText()).isNotBlank();
        if (field == null) {
            assertThat(error.get("error").asText()).isEqualTo("malformed_json");
        } else {
            assertThat(error.get("field").asText()).isEqualTo(field);
            assertThat(error.get("message").asText()).startsWith(field + ":");
        }
        assertThat(storedRows()).containsExactly(before);
    }

    /** What PostgreSQL cannot keep, or the hub should not: refused with a 4xx naming the field, never a 503 "retry". */
    static Stream<Arguments> bodiesTheHubCannotKeep() {
        String phone = "+447700900123";
        String handle = "\"handle\":{\"type\":\"phone\",\"value\":\"" + phone + "\"}";
        String nested = "[".repeat(40) + "]".repeat(40);
        return Stream.of(
                Arguments.of("NUL in text", body("n1", "chat", "phone", phone, "hi\\u0000there"), "invalid_character", "text"),
                Arguments.of("NUL in eventId", body("n2\\u0000", "chat", "phone", phone, "hi"), "invalid_character", "eventId"),
                Arguments.of("NUL in the handle", body("n3", "chat", "chat_user", "web\\u0000123", "hi"), "invalid_character",
                        "handle.value"),
                Arguments.of("NUL in an attribute", "{\"eventId\":\"n4\",\"channel\":\"chat\"," + handle
                        + ",\"attributes\":{\"store\":\"LDN\\u0000\"}}", "invalid_character", "attributes.store"),
                Arguments.of("NUL in an attribute's name", "{\"eventId\":\"n5\",\"channel\":\"chat\"," + handle
                        + ",\"attributes\":{\"st\\u0000ore\":\"LDN\"}}", "invalid_character", "attributes"),
                Arguments.of("a bell in text", body("n6", "chat", "phone", phone, "ding\\u0007"), "invalid_character", "text"),
                Arguments.of("half a surrogate pair in text", body("n7", "chat", "phone", phone, "\\ud83d alone"),
                        "invalid_character", "text"),
                Arguments.of("occurredAt at the end of time", "{\"eventId\":\"d1\",\"channel\":\"voice\",\"occurredAt\":"
                        + "\"+999999999-12-31T23:59:59Z\"," + handle + "}", "date_out_of_range", "occurredAt"),
                Arguments.of("occurredAt before 2000", "{\"eventId\":\"d2\",\"channel\":\"voice\",\"occurredAt\":"
                        + "\"1999-12-31T23:59:59Z\"," + handle + "}", "date_out_of_range", "occurredAt"),
                Arguments.of("occurredAt next week", "{\"eventId\":\"d3\",\"channel\":\"voice\",\"occurredAt\":\""
                        + java.time.Instant.now().plus(java.time.Duration.ofDays(7)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        + "\"," + handle + "}", "date_out_of_range", "occurredAt"),
                Arguments.of("an attribute beyond any number", "{\"eventId\":\"m1\",\"channel\":\"chat\"," + handle
                        + ",\"attributes\":{\"till\":1e400}}", "number_out_of_range", "attributes.till"),
                Arguments.of("nesting 40 deep", "{\"eventId\":\"j1\",\"channel\":\"chat\"," + handle + ",\"extra\":" + nested + "}",
                        "too_deeply_nested", "extra" + "[0]".repeat(31)),
                Arguments.of("an email handle longer than any address", body("h1", "chat", "email",
                        "a".repeat(5000) + "@example.com", "hi"), "invalid_field", "handle.value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodiesTheHubCannotKeep")
    void whatTheHubCannotKeepIsRefusedNamingTheFieldAndStoresNothing(String name, String body, String code, String field) {
        long[] before = storedRows();

        String fresh = TestData.eventId() + "-";
        Response response = hub.touchpointRaw(body.replace("\"eventId\":\"", "\"eventId\":\"" + fresh)
                .replace("\"eventId\": \"", "\"eventId\": \"" + fresh));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        JsonNode error = response.json();
        assertThat(error.get("error").asText()).as(response.body()).isEqualTo(code);
        assertThat(error.get("field").asText()).isEqualTo(field);
        assertThat(error.get("message").asText()).startsWith(field + ":");
        assertThat(storedRows()).containsExactly(before);
    }

    @Test
    void tabsAndLineBreaksAreText() {
        Response accepted = hub.touchpoint(TestData.eventId(), "voice", "phone", TestData.phone(), "line one\r\n\tline two");

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    }

    @Test
    void aBodyThatIsNotUtf8IsRefusedAsInvalidEncodingAndStoresNothing() {
        long[] before = storedRows();
        String latin1 = body(TestData.eventId(), "chat", "phone", TestData.phone(), "caf\u00e9");

        Response response = hub.sendBytes("POST", "/api/v1/touchpoints", latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                "Content-Type", "application/json", "Authorization", "Bearer " + HubClient.TOUCHPOINT_TOKEN);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).isEqualTo("invalid_encoding");
        assertThat(storedRows()).containsExactly(before);
    }

    @Test
    void aFormEncodedBodyIs415AndStoresNothing() {
        long[] before = storedRows();

        Response form = hub.send("POST", "/api/v1/touchpoints", "eventId=f1&channel=chat&text=hi",
                "Content-Type", "application/x-www-form-urlencoded", "Authorization", "Bearer " + HubClient.TOUCHPOINT_TOKEN);
        // the platform binding parses a form before any route step: with a broken one it failed there (a bare 500)
        Response brokenForm = hub.send("POST", "/api/v1/touchpoints", "eventId&%ZZ", "Content-Type", "application/x-www-form-urlencoded",
                "Authorization", "Bearer " + HubClient.TOUCHPOINT_TOKEN);
        Response multipart = hub.send("POST", "/api/v1/touchpoints", "--b\r\nContent-Disposition: form-data; name=\"eventId\"\r\n\r\nf2\r\n--b--\r\n",
                "Content-Type", "multipart/form-data; boundary=b", "Authorization", "Bearer " + HubClient.TOUCHPOINT_TOKEN);

        assertThat(form.status()).as(form.body()).isEqualTo(415);
        assertThat(form.json().get("error").asText()).isEqualTo("unsupported_media_type");
        assertThat(brokenForm.status()).as(brokenForm.body()).isEqualTo(415);
        assertThat(brokenForm.json().get("error").asText()).isEqualTo("unsupported_media_type");
        assertThat(multipart.status()).as(multipart.body()).isEqualTo(415);
        assertThat(storedRows()).containsExactly(before);
    }

    @Test
    void noTokenOrAWrongTokenIs401AndStoresNothing() {
        long[] before = storedRows();
        String body = body(TestData.eventId(), "voice", "phone", TestData.phone(), "hi");

        Response none = hub.send("POST", "/api/v1/touchpoints", body, "Content-Type", "application/json");
        Response wrong = hub.send("POST", "/api/v1/touchpoints", body, "Content-Type", "application/json",
                "Authorization", "Bearer not-the-token");

        assertThat(none.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(none.json().get("error").asText()).isEqualTo("unauthorized");
        assertThat(storedRows()).containsExactly(before);
    }

    @Test
    void aBodyThatIsNotJsonIs415AndABodyOverTheLimitIs413() {
        long[] before = storedRows();

        Response text = hub.send("POST", "/api/v1/touchpoints", "hello", "Content-Type", "text/plain",
                "Authorization", "Bearer " + HubClient.TOUCHPOINT_TOKEN);
        Response huge = hub.touchpointRaw(body(TestData.eventId(), "chat", "phone", TestData.phone(), "y".repeat(300 * 1024)));

        assertThat(text.status()).isEqualTo(415);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.json().get("message").asText()).contains("hub.ingress.max-body-bytes");
        assertThat(storedRows()).containsExactly(before);
        assertThat(hub.touchpoint(TestData.eventId(), "chat", "phone", TestData.phone(), "still serving").status())
                .isEqualTo(202);
    }

    @Test
    void theSameEventIdSentTwentyTimesConcurrentlyIsStoredOnce() throws Exception {
        String phone = TestData.phone();
        String eventId = TestData.eventId();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return hub.touchpoint(eventId, "voice", "phone", phone, "only once, please");
            }));
        }
        start.countDown();
        List<JsonNode> bodies = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Response> answer : answers) {
            statuses.add(answer.get().status());
            bodies.add(answer.get().json());
        }
        pool.shutdown();

        assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(19);
        assertThat(bodies).filteredOn(b -> b.get("duplicate").asBoolean()).hasSize(19);
        assertThat(bodies).extracting(b -> b.get("interactionId").asText()).containsOnly(bodies.get(0).get("interactionId").asText());
        assertThat(count("SELECT count(*) FROM interaction WHERE ingress = 'touchpoint' AND provider_message_id = ?", eventId))
                .isEqualTo(1);
        // the customer's event, once (the agent answers it in the background, so its own events may be there too)
        assertThat(count("SELECT count(*) FROM session_event WHERE session_id = ? AND type = 'customer_message'",
                bodies.get(0).get("sessionId").asText())).isEqualTo(1);
    }

    @Test
    void aFailureAfterTheSessionAppendRollsEverythingBackSoTheRetryIsProcessedAsNew() throws Exception {
        // Only requests carrying the test header crash, so the advice is harmless to the other tests.
        AdviceWith.adviceWith(camel, "accept-interaction", route -> route.weaveById("resolve-and-append-to-session").after()
                .filter(route.header("X-Test-Crash").isEqualTo("after-append"))
                .throwException(new IllegalStateException("crash between the session append and the ack")));
        String phone = TestData.phone();
        String eventId = TestData.eventId();
        long[] before = storedRows();

        Response crashed = hub.send("POST", "/api/v1/touchpoints", body(eventId, "voice", "phone", phone, "are you there?"),
                "Content-Type", "application/json", "Authorization", "Bearer " + HubClient.TOUCHPOINT_TOKEN,
                "X-Test-Crash", "after-append");

        assertThat(crashed.status()).isEqualTo(503);
        assertThat(crashed.json().get("message").asText()).contains("retry");
        assertThat(storedRows()).containsExactly(before);

        Response retried = hub.touchpoint(eventId, "voice", "phone", phone, "are you there?");
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.json().get("duplicate").asBoolean()).isFalse();
    }

    @Test
    void neitherAnAnswerNorARefusalEchoesTheRequestsCredentials() {
        Response accepted = hub.touchpoint(TestData.eventId(), "voice", "phone", TestData.phone(), "hi");
        Response refused = hub.touchpointRaw("{}");

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(refused.status()).isEqualTo(400);
        for (Response response : List.of(accepted, refused)) {
            assertThat(response.headers().keySet()).noneMatch(name -> name.equalsIgnoreCase("authorization"));
            assertThat(response.headers().get("content-type")).containsExactly("application/json");
        }
    }

    @Test
    void touchpointAttributesAndOccurredAtAreKeptWithTheEvent() {
        String phone = TestData.phone();
        Response accepted = hub.touchpointRaw("""
                {"eventId": "%s", "channel": "in_person", "occurredAt": "2026-04-28T10:15:00Z",
                 "handle": {"type": "phone", "value": "%s"}, "text": "returned a parcel",
                 "attributes": {"store": "LDN-12", "till": 4, "assisted": true}}""".formatted(TestData.eventId(), phone));

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode event = hub.opsGet("/api/v1/sessions/" + accepted.json().get("sessionId").asText() + "/events").json().get(0);
        assertThat(event.get("channel").asText()).isEqualTo("in_person");
        assertThat(event.get("payload").get("occurredAt").asText()).isEqualTo("2026-04-28T10:15:00Z");
        assertThat(event.get("payload").get("attributes")).isEqualTo(hubJson(Map.of("store", "LDN-12", "till", 4, "assisted", true)));
    }

    @Test
    void eachSegmentOfAVoiceTranscriptIsOneTurnInTheOrderItArrived() {
        String phone = TestData.phone();
        String callId = "call-" + TestData.eventId();
        String sessionId = null;
        for (int segment = 1; segment <= 3; segment++) {
            Response response = hub.touchpointRaw("""
                    {"eventId": "%s-seg-%d", "channel": "voice", "handle": {"type": "phone", "value": "%s"},
                     "text": "segment %d", "attributes": {"callId": "%s", "segment": %d}}"""
                    .formatted(callId, segment, phone, segment, callId, segment));
            assertThat(response.status()).isEqualTo(202);
            sessionId = response.json().get("sessionId").asText();
        }

        JsonNode events = CustomerMessages.of(hub.opsGet("/api/v1/sessions/" + sessionId + "/events").json());
        assertThat(events).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(events.get(i).get("payload").get("text").asText()).isEqualTo("segment " + (i + 1));
            assertThat(events.get(i).get("payload").get("attributes").get("callId").asText()).isEqualTo(callId);
        }
    }

    private static JsonNode hubJson(Map<String, Object> value) {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(value);
    }

    private long[] storedRows() {
        return new long[] {
                count("SELECT count(*) FROM customer"), count("SELECT count(*) FROM customer_handle"),
                count("SELECT count(*) FROM session"), count("SELECT count(*) FROM session_event WHERE type = 'customer_message'"),
                count("SELECT count(*) FROM interaction"), count("SELECT count(*) FROM inbound_message_id")};
    }

    private static String body(String eventId, String channel, String handleType, String handleValue, String text) {
        return """
                {"eventId": "%s", "channel": "%s", "handle": {"type": "%s", "value": "%s"}, "text": "%s"}"""
                .formatted(eventId, channel, handleType, handleValue, text);
    }
}
