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

    private static String wamid() {
        return "wamid.T" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String digits(String e164) {
        return e164.substring(1);
    }
}
