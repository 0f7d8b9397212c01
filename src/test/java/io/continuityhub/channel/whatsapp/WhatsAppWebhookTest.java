package io.continuityhub.channel.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.MetaWebhooks;
import io.continuityhub.support.TestData;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class WhatsAppWebhookTest extends HubIntegrationTest {

    private static final long AT = 1_777_000_000L;

    @Test
    void theHandshakeEchoesTheChallengeOnlyForTheVerifyToken() {
        Response ok = hub.send("GET", "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=sandbox-verify-token&hub.challenge=1158201444", null);
        Response wrong = hub.send("GET", "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1", null);
        Response missing = hub.send("GET", "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=sandbox-verify-token", null);

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        assertThat(ok.headers().get("content-type").get(0)).startsWith("text/plain");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("field").asText()).isEqualTo("hub.challenge");
    }

    @Test
    void twoMessagesAndAStatusInOnePostReachTheSessionAndTheOutboundRecord() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "Europe/London", Map.of("whatsapp", phone));
        String ourWamid = "wamid.HUB" + UUID.randomUUID();
        recordSentMessage(customerId, ourWamid);

        String interactive = """
                {"from": "%s", "id": "%s", "timestamp": "%d", "type": "interactive",
                 "interactive": {"type": "button_reply", "button_reply": {"id": "opt-tuesday", "title": "Tuesday"}}}"""
                .formatted(digits(phone), wamid(), AT + 5);
        String body = MetaWebhooks.payload(digits(phone),
                List.of(MetaWebhooks.textMessage(digits(phone), wamid(), AT, "Where is order O-99281?"), interactive),
                List.of(MetaWebhooks.status(ourWamid, "delivered", AT + 2, digits(phone))));

        Response response = MetaWebhooks.post(hub, body);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(response.json().get("duplicates").asInt()).isZero();
        assertThat(response.json().get("statuses").asInt()).isEqualTo(1);
        JsonNode events = sessionEvents(customerId);
        assertThat(texts(events)).containsExactly("Where is order O-99281?", "Tuesday");
        // each message is its own turn: the agent may answer the first before the second is appended
        List<JsonNode> messages = customerMessages(events);
        assertThat(messages.get(1).get("payload").get("attributes").get("replyId").asText()).isEqualTo("opt-tuesday");
        assertThat(messages.get(0).get("payload").get("attributes").get("profileName").asText()).isEqualTo("Jane");
        assertThat(hub.opsGet("/api/v1/customers/" + customerId + "/session").json().get("channels").get(0).asText())
                .isEqualTo("whatsapp:" + phone);
        assertThat(deliveryStatus(ourWamid)).isEqualTo("delivered");
    }

    @Test
    void theSamePayloadPostedTenTimesConcurrentlyProcessesEachMessageOnce() throws Exception {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", phone));
        String body = MetaWebhooks.payload(digits(phone), List.of(
                MetaWebhooks.textMessage(digits(phone), wamid(), AT, "first"),
                MetaWebhooks.textMessage(digits(phone), wamid(), AT + 1, "second")), List.of());

        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return MetaWebhooks.post(hub, body);
            }));
        }
        start.countDown();
        int accepted = 0;
        int duplicates = 0;
        for (Future<Response> answer : answers) {
            assertThat(answer.get().status()).as(answer.get().body()).isEqualTo(200);
            accepted += answer.get().json().get("accepted").asInt();
            duplicates += answer.get().json().get("duplicates").asInt();
        }
        pool.shutdown();

        assertThat(accepted).isEqualTo(2);
        assertThat(duplicates).isEqualTo(18);
        assertThat(texts(sessionEvents(customerId))).containsExactly("first", "second");
    }

    @Test
    void badDeliveriesAreRefusedWithTheirStatusAndStoreNothing() {
        String phone = TestData.phone();
        String body = MetaWebhooks.payload(digits(phone),
                List.of(MetaWebhooks.textMessage(digits(phone), wamid(), AT, "hello")), List.of());
        String other = MetaWebhooks.payload(digits(phone),
                List.of(MetaWebhooks.textMessage(digits(phone), wamid(), AT, "something else")), List.of());
        long before = storedRows();

        Response unsigned = hub.send("POST", "/webhooks/whatsapp", body, "Content-Type", "application/json");
        Response wrong = hub.send("POST", "/webhooks/whatsapp", body, "Content-Type", "application/json",
                "X-Hub-Signature-256", "sha256=" + "0".repeat(64));
        Response otherBodys = hub.send("POST", "/webhooks/whatsapp", body, "Content-Type", "application/json",
                "X-Hub-Signature-256", MetaWebhooks.sign(other));
        Response malformed = MetaWebhooks.post(hub, "{\"object\": \"whatsapp_business_account\", \"entry\": [");
        Response wrongShape = MetaWebhooks.post(hub, "{\"object\": \"page\", \"entry\": []}");
        Response notJson = hub.send("POST", "/webhooks/whatsapp", "hello", "Content-Type", "text/plain",
                "X-Hub-Signature-256", MetaWebhooks.sign("hello"));
        String huge = MetaWebhooks.payload(digits(phone),
                List.of(MetaWebhooks.textMessage(digits(phone), wamid(), AT, "x".repeat(300 * 1024))), List.of());
        Response tooLarge = MetaWebhooks.post(hub, huge);

        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(otherBodys.status()).isEqualTo(403);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("error").asText()).isEqualTo("malformed_json");
        assertThat(wrongShape.status()).isEqualTo(400);
        assertThat(wrongShape.json().get("field").asText()).isEqualTo("object");
        assertThat(notJson.status()).isEqualTo(415);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(storedRows()).isEqualTo(before);
        assertThat(MetaWebhooks.post(hub, body).status()).as("the hub keeps serving").isEqualTo(200);
    }

    /** Signed webhooks whose content the hub cannot keep: refused whole with a 4xx naming the path, never a 503 "retry". */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> webhooksTheHubCannotKeep() {
        String from = "447700900123";
        String at = "entry[0].changes[0].value";
        return java.util.stream.Stream.of(
                webhook("NUL in a text", MetaWebhooks.textMessage(from, wamid(), AT, "hi\\u0000there"), null,
                        "invalid_character", at + ".messages[0].text.body"),
                webhook("NUL in a message id", MetaWebhooks.textMessage(from, wamid() + "\\u0000", AT, "hi"), null,
                        "invalid_character", at + ".messages[0].id"),
                webhook("an escape in a caption", """
                        {"from": "%s", "id": "%s", "timestamp": "%d", "type": "image",
                         "image": {"id": "M1", "mime_type": "image/jpeg", "caption": "\\u001b[31mred"}}"""
                        .formatted(from, wamid(), AT), null, "invalid_character", at + ".messages[0].image.caption"),
                webhook("a timestamp at year 318857", MetaWebhooks.textMessage(from, wamid(), 9_999_999_999_999L, "hi"), null,
                        "date_out_of_range", at + ".messages[0].timestamp"),
                webhook("a timestamp before the epoch of time", MetaWebhooks.textMessage(from, wamid(), -99_999_999_999_999_999L, "hi"),
                        null, "date_out_of_range", at + ".messages[0].timestamp"),
                webhook("a timestamp in 1990", MetaWebhooks.textMessage(from, wamid(), 631_152_000L, "hi"), null,
                        "date_out_of_range", at + ".messages[0].timestamp"),
                webhook("a receipt from the far future", null, MetaWebhooks.status(wamid(), "read", 99_999_999_999L, from),
                        "date_out_of_range", at + ".statuses[0].timestamp"),
                webhook("a message id longer than any wamid", MetaWebhooks.textMessage(from, longRandomId(), AT, "hi"), null,
                        "wrong_shape", at + ".messages[0].id"),
                webhook("a location beyond any number", """
                        {"from": "%s", "id": "%s", "timestamp": "%d", "type": "location",
                         "location": {"latitude": 1e400, "longitude": 0}}""".formatted(from, wamid(), AT), null,
                        "number_out_of_range", at + ".messages[0].location.latitude"),
                webhook("nesting 40 deep", """
                        {"from": "%s", "id": "%s", "timestamp": "%d", "type": "text", "text": {"body": "hi"},
                         "extra": %s}""".formatted(from, wamid(), AT, "[".repeat(40) + "]".repeat(40)), null,
                        "too_deeply_nested", at + ".messages[0].extra" + "[0]".repeat(24)));
    }

    private static org.junit.jupiter.params.provider.Arguments webhook(String name, String message, String status, String code,
                                                                      String field) {
        String body = MetaWebhooks.payload("447700900123", message == null ? List.of() : List.of(message),
                status == null ? List.of() : List.of(status));
        return org.junit.jupiter.params.provider.Arguments.of(name, body, code, field);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("webhooksTheHubCannotKeep")
    void aSignedWebhookTheHubCannotKeepIsRefusedNamingThePathAndStoresNothing(String name, String body, String code,
                                                                               String field) {
        long before = storedRowsWithInbox();

        Response response = hub.send("POST", "/webhooks/whatsapp", body, "Content-Type", "application/json",
                "X-Hub-Signature-256", MetaWebhooks.sign(body));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).as(response.body()).isEqualTo(code);
        assertThat(response.json().get("field").asText()).isEqualTo(field);
        assertThat(response.json().get("message").asText()).startsWith(field + ":");
        assertThat(storedRowsWithInbox()).isEqualTo(before);
    }

    @Test
    void aSignedBodyThatIsNotUtf8OrNotJsonIsRefusedAndStoresNothing() {
        String phone = TestData.phone();
        byte[] latin1 = MetaWebhooks.payload(digits(phone), List.of(MetaWebhooks.textMessage(digits(phone), wamid(), AT,
                "caf\u00e9")), List.of()).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        String form = "object=whatsapp_business_account&entry=1";
        String brokenForm = "object";
        long before = storedRowsWithInbox();

        Response notUtf8 = hub.sendBytes("POST", "/webhooks/whatsapp", latin1, "Content-Type", "application/json",
                "X-Hub-Signature-256", MetaWebhooks.sign(latin1));
        Response formEncoded = hub.send("POST", "/webhooks/whatsapp", form, "Content-Type", "application/x-www-form-urlencoded",
                "X-Hub-Signature-256", MetaWebhooks.sign(form));
        Response brokenFormEncoded = hub.send("POST", "/webhooks/whatsapp", brokenForm,
                "Content-Type", "application/x-www-form-urlencoded", "X-Hub-Signature-256", MetaWebhooks.sign(brokenForm));
        Response array = MetaWebhooks.post(hub, "[{\"object\": \"whatsapp_business_account\"}]");

        assertThat(notUtf8.status()).as(notUtf8.body()).isEqualTo(400);
        assertThat(notUtf8.json().get("error").asText()).isEqualTo("invalid_encoding");
        assertThat(formEncoded.status()).as(formEncoded.body()).isEqualTo(415);
        assertThat(formEncoded.json().get("error").asText()).isEqualTo("unsupported_media_type");
        assertThat(brokenFormEncoded.status()).as(brokenFormEncoded.body()).isEqualTo(415);
        assertThat(array.status()).as(array.body()).isEqualTo(400);
        assertThat(storedRowsWithInbox()).isEqualTo(before);
        assertThat(MetaWebhooks.customerWrites(hub, phone, "still serving", Instant.ofEpochSecond(AT)).status())
                .as("the hub keeps serving").isEqualTo(200);
    }

    @Test
    void theSignatureIsCheckedOnTheRawBytesOfATextThatIsNotAscii() {
        String phone = TestData.phone();
        String body = MetaWebhooks.payload(digits(phone),
                List.of(MetaWebhooks.textMessage(digits(phone), wamid(), AT, "Où est ma commande ? 📦 – ok")), List.of());

        Response response = MetaWebhooks.post(hub, body);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode resolved = hub.opsGet("/api/v1/customers/resolve?channel=whatsapp&handle=%2B" + digits(phone)).json();
        assertThat(texts(sessionEvents(resolved.get("customerId").asText()))).containsExactly("Où est ma commande ? 📦 – ok");
    }

    @Test
    void mediaIsKeptByReferenceAndALocationReadsAsWords() {
        String phone = TestData.phone();
        String image = """
                {"from": "%s", "id": "%s", "timestamp": "%d", "type": "image",
                 "image": {"id": "MEDIA-123", "mime_type": "image/jpeg", "sha256": "abc", "caption": "the damaged box"}}"""
                .formatted(digits(phone), wamid(), AT);
        String location = """
                {"from": "%s", "id": "%s", "timestamp": "%d", "type": "location",
                 "location": {"latitude": 51.5, "longitude": -0.12, "name": "Home", "address": "1 High St"}}"""
                .formatted(digits(phone), wamid(), AT + 1);

        assertThat(MetaWebhooks.post(hub, MetaWebhooks.payload(digits(phone), List.of(image, location), List.of())).status())
                .isEqualTo(200);

        String customerId = hub.opsGet("/api/v1/customers/resolve?channel=whatsapp&handle=%2B" + digits(phone))
                .json().get("customerId").asText();
        JsonNode events = sessionEvents(customerId);
        assertThat(texts(events)).containsExactly("the damaged box", "Location: Home 1 High St (51.5, -0.12)");
        assertThat(events.get(0).get("payload").get("attributes").get("mediaId").asText()).isEqualTo("MEDIA-123");
    }

    @Test
    void receiptsArriveOutOfOrderAndTwiceYetAStatusNeverMovesBack() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", phone));
        String ourWamid = "wamid.HUB" + UUID.randomUUID();
        recordSentMessage(customerId, ourWamid);

        for (String status : List.of("read", "delivered", "read", "sent")) {
            Response response = MetaWebhooks.post(hub, MetaWebhooks.payload(digits(phone), List.of(),
                    List.of(MetaWebhooks.status(ourWamid, status, AT, digits(phone)))));
            assertThat(response.json().get("statuses").asInt()).isEqualTo(1);
        }

        assertThat(deliveryStatus(ourWamid)).isEqualTo("read");
    }

    @Test
    void theSandboxsSimulatedCustomerReachesTheHubThroughARealSignedWebhook() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "Europe/London", Map.of("whatsapp", phone));

        Response simulated = hub.send("POST", "/sandbox/whatsapp/inbound",
                "{\"from\": \"" + phone + "\", \"text\": \"Where is order O-99281?\"}", "Content-Type", "application/json");

        assertThat(simulated.status()).as(simulated.body()).isEqualTo(200);
        assertThat(simulated.json().get("hubStatus").asInt()).isEqualTo(200);
        assertThat(simulated.json().get("hubBody").get("accepted").asInt()).isEqualTo(1);
        assertThat(texts(sessionEvents(customerId))).containsExactly("Where is order O-99281?");
    }

    /** A message the hub sent earlier, as the ledger records it once the Cloud API answered. */
    private void recordSentMessage(String customerId, String wamid) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                INSERT INTO action (idempotency_key, customer_id, tool, step, request, status, next_attempt_at,
                                    provider_ref, created_at, updated_at)
                VALUES (?, ?, 'whatsapp-send', 'reply', '{}', 'succeeded', ?, ?, ?, ?)""")
                .params("test:" + wamid, customerId, now, wamid, now, now).update();
    }

    private String deliveryStatus(String wamid) {
        return jdbc.sql("SELECT delivery_status FROM action WHERE provider_ref = ?").param(wamid).query(String.class).single();
    }

    private JsonNode sessionEvents(String customerId) {
        String sessionId = hub.opsGet("/api/v1/customers/" + customerId + "/session").json().get("sessionId").asText();
        return hub.opsGet("/api/v1/sessions/" + sessionId + "/events").json();
    }

    private static List<String> texts(JsonNode events) {
        return customerMessages(events).stream().map(e -> e.get("payload").get("text").asText()).toList();
    }

    private static List<JsonNode> customerMessages(JsonNode events) {
        return StreamSupport.stream(events.spliterator(), false)
                .filter(e -> e.get("type").asText().equals("customer_message")).toList();
    }

    private long storedRows() {
        return count("SELECT (SELECT count(*) FROM interaction) + (SELECT count(*) FROM session_event WHERE type = 'customer_message')"
                + " + (SELECT count(*) FROM customer) + (SELECT count(*) FROM inbound_message_id)");
    }

    private long storedRowsWithInbox() {
        return storedRows() + count("SELECT count(*) FROM inbox");
    }

    /** Random, so that PostgreSQL cannot compress it into an index entry. */
    private static String longRandomId() {
        StringBuilder id = new StringBuilder("wamid.");
        while (id.length() < 20_000) {
            id.append(UUID.randomUUID().toString().replace("-", ""));
        }
        return id.toString();
    }

    private static String wamid() {
        return "wamid.T" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String digits(String e164) {
        return e164.substring(1);
    }
}
