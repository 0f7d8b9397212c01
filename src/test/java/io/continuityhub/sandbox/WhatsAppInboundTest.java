package io.continuityhub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sandbox playing Meta: it builds, signs and posts webhooks. The hub's own WhatsApp ingress
 * is not this test's subject, so the webhooks go to a capture server that answers like it.
 */
class WhatsAppInboundTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP_SECRET = "sandbox-app-secret";
    private static final String HUB_ANSWER = "{\"accepted\":1,\"duplicates\":0,\"statuses\":0}";

    record Captured(String signature, String contentType, byte[] body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private final BlockingQueue<Captured> captured = new LinkedBlockingQueue<>();
    private volatile int captureStatus = 200;
    private volatile String captureAnswer = HUB_ANSWER;
    private HttpServer captureServer;

    @BeforeEach
    void startCaptureServer() {
        try {
            captureServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        captureServer.createContext("/webhooks/whatsapp", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            captured.add(new Captured(exchange.getRequestHeaders().getFirst("X-Hub-Signature-256"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            byte[] answer = captureAnswer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(captureStatus, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        captureServer.start();
        Response target = hub.send("PUT", "/sandbox/whatsapp/hub-webhook-url", "{\"url\":\"http://127.0.0.1:"
                + captureServer.getAddress().getPort() + "/webhooks/whatsapp\"}", "Content-Type", "application/json");
        assertThat(target.status()).as(target.body()).isEqualTo(200);
        assertThat(target.json().get("configured").asBoolean()).isFalse();
    }

    @AfterEach
    void stopCaptureServer() {
        hub.send("DELETE", "/sandbox/whatsapp/hub-webhook-url", null);
        captureServer.stop(0);
    }

    @Test
    void inboundPostsASignedMetaWebhookOfTheCustomersMessageAndReportsTheHubsAnswer() throws Exception {
        String phone = TestData.phone();
        Instant at = Instant.parse("2026-04-28T23:04:00Z");
        clock().set(at);

        Response response = hub.send("POST", "/sandbox/whatsapp/inbound", "{\"from\":\"" + phone
                + "\",\"text\":\"Where is order O-99281?\",\"profileName\":\"Jane\"}", "Content-Type", "application/json");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        String wamid = response.json().get("wamid").asText();
        assertThat(wamid).startsWith("wamid.");
        assertThat(response.json().get("hubStatus").asInt()).isEqualTo(200);
        assertThat(response.json().get("hubBody")).isEqualTo(JSON.readTree(HUB_ANSWER));

        Captured webhook = captured.poll(5, TimeUnit.SECONDS);
        assertThat(webhook).isNotNull();
        assertThat(webhook.contentType()).startsWith("application/json");
        assertThat(webhook.signature()).isEqualTo("sha256=" + hmacSha256Hex(webhook.body()));

        JsonNode payload = webhook.json();
        assertThat(payload.get("object").asText()).isEqualTo("whatsapp_business_account");
        JsonNode entry = payload.get("entry").get(0);
        assertThat(entry.get("id").asText()).isEqualTo("100000000000002");
        JsonNode change = entry.get("changes").get(0);
        assertThat(change.get("field").asText()).isEqualTo("messages");
        JsonNode value = change.get("value");
        assertThat(value.get("messaging_product").asText()).isEqualTo("whatsapp");
        assertThat(value.get("metadata").get("phone_number_id").asText()).isEqualTo("100000000000001");
        assertThat(value.get("metadata").get("display_phone_number").asText()).isNotBlank();
        assertThat(value.get("contacts").get(0).get("profile").get("name").asText()).isEqualTo("Jane");
        assertThat(value.get("contacts").get(0).get("wa_id").asText()).isEqualTo(phone.substring(1));
        JsonNode message = value.get("messages").get(0);
        assertThat(message.get("from").asText()).isEqualTo(phone.substring(1));
        assertThat(message.get("id").asText()).isEqualTo(wamid);
        assertThat(message.get("type").asText()).isEqualTo("text");
        assertThat(message.get("text").get("body").asText()).isEqualTo("Where is order O-99281?");
        assertThat(message.get("timestamp").isTextual()).as("Meta sends unix seconds as a string").isTrue();
        assertThat(Long.parseLong(message.get("timestamp").asText()))
                .as("the timestamp comes from the hub's clock").isBetween(at.getEpochSecond(), at.getEpochSecond() + 60);
    }

    @Test
    void theHubsRefusalIsReportedAsItsStatusAndBody() {
        captureStatus = 403;
        captureAnswer = "{\"error\":\"bad_signature\",\"message\":\"no\"}";

        Response response = hub.send("POST", "/sandbox/whatsapp/inbound", "{\"from\":\"" + TestData.phone()
                + "\",\"text\":\"hello\"}", "Content-Type", "application/json");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("hubStatus").asInt()).isEqualTo(403);
        assertThat(response.json().get("hubBody").get("error").asText()).isEqualTo("bad_signature");
    }

    @Test
    void aStatusWebhookReportsTheDeliveryOfAMessageTheHubSent() throws Exception {
        String phone = TestData.phone();
        Response sent = CloudApiRequests.sendText(hub, phone, "Your parcel is on its way");
        String wamid = sent.json().get("messages").get(0).get("id").asText();

        Response delivered = hub.send("POST", "/sandbox/whatsapp/status", "{\"wamid\":\"" + wamid
                + "\",\"status\":\"delivered\"}", "Content-Type", "application/json");
        Response failed = hub.send("POST", "/sandbox/whatsapp/status", "{\"wamid\":\"" + wamid
                + "\",\"status\":\"failed\"}", "Content-Type", "application/json");

        assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
        assertThat(delivered.json().get("wamid").asText()).isEqualTo(wamid);
        assertThat(delivered.json().get("hubStatus").asInt()).isEqualTo(200);
        assertThat(failed.status()).as(failed.body()).isEqualTo(200);

        Captured first = captured.poll(5, TimeUnit.SECONDS);
        Captured second = captured.poll(5, TimeUnit.SECONDS);
        assertThat(first.signature()).isEqualTo("sha256=" + hmacSha256Hex(first.body()));
        assertThat(second.signature()).isEqualTo("sha256=" + hmacSha256Hex(second.body()));
        JsonNode value = first.json().get("entry").get(0).get("changes").get(0).get("value");
        assertThat(value.has("messages")).isFalse();
        JsonNode status = value.get("statuses").get(0);
        assertThat(status.get("id").asText()).isEqualTo(wamid);
        assertThat(status.get("status").asText()).isEqualTo("delivered");
        assertThat(status.get("recipient_id").asText()).as("looked up from the message the hub sent")
                .isEqualTo(phone.substring(1));
        assertThat(status.get("timestamp").isTextual()).isTrue();
        assertThat(status.has("biz_opaque_callback_data")).as("the send carried none").isFalse();
        JsonNode failure = second.json().get("entry").get(0).get("changes").get(0).get("value").get("statuses").get(0);
        assertThat(failure.get("status").asText()).isEqualTo("failed");
        assertThat(failure.get("errors").get(0).get("code").asInt()).isEqualTo(131026);
    }

    @Test
    void aStatusEchoesTheBizOpaqueCallbackDataTheSendCarried() throws Exception {
        String callbackData = "sess-" + TestData.eventId() + ":tracking:whatsapp";
        Response sent = CloudApiRequests.send(hub, CloudApiRequests.textMessage(TestData.phone(), "On its way", callbackData));
        String wamid = sent.json().get("messages").get(0).get("id").asText();

        Response read = hub.send("POST", "/sandbox/whatsapp/status", "{\"wamid\":\"" + wamid + "\",\"status\":\"read\"}",
                "Content-Type", "application/json");

        assertThat(read.status()).as(read.body()).isEqualTo(200);
        Captured webhook = captured.poll(5, TimeUnit.SECONDS);
        JsonNode status = webhook.json().get("entry").get(0).get("changes").get(0).get("value").get("statuses").get(0);
        assertThat(status.get("id").asText()).isEqualTo(wamid);
        assertThat(status.get("biz_opaque_callback_data").asText()).isEqualTo(callbackData);
    }

    @Test
    void aStatusForAMessageTheSimulatorNeverSentNeedsItsRecipient() throws Exception {
        Response unknown = hub.send("POST", "/sandbox/whatsapp/status",
                "{\"wamid\":\"wamid.never-sent\",\"status\":\"read\"}", "Content-Type", "application/json");
        Response badStatus = hub.send("POST", "/sandbox/whatsapp/status",
                "{\"wamid\":\"wamid.never-sent\",\"status\":\"lost\"}", "Content-Type", "application/json");
        Response withRecipient = hub.send("POST", "/sandbox/whatsapp/status",
                "{\"wamid\":\"wamid.never-sent\",\"status\":\"read\",\"recipient\":\"+447700900123\"}",
                "Content-Type", "application/json");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("not_found");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.json().get("field").asText()).isEqualTo("status");
        assertThat(withRecipient.status()).isEqualTo(200);
        Captured webhook = captured.poll(5, TimeUnit.SECONDS);
        assertThat(captured).as("refused requests post nothing").isEmpty();
        assertThat(webhook.json().get("entry").get(0).get("changes").get(0).get("value").get("statuses").get(0)
                .get("recipient_id").asText()).isEqualTo("447700900123");
    }

    @Test
    void aBadInboundRequestIsRefusedNamingTheFieldAndPostsNothing() {
        Response noFrom = hub.send("POST", "/sandbox/whatsapp/inbound", "{\"text\":\"hi\"}", "Content-Type", "application/json");
        Response badFrom = hub.send("POST", "/sandbox/whatsapp/inbound", "{\"from\":\"12\",\"text\":\"hi\"}",
                "Content-Type", "application/json");
        Response noText = hub.send("POST", "/sandbox/whatsapp/inbound", "{\"from\":\"" + TestData.phone() + "\"}",
                "Content-Type", "application/json");

        assertThat(noFrom.status()).isEqualTo(400);
        assertThat(noFrom.json().get("field").asText()).isEqualTo("from");
        assertThat(badFrom.status()).isEqualTo(400);
        assertThat(badFrom.json().get("field").asText()).isEqualTo("from");
        assertThat(noText.status()).isEqualTo(400);
        assertThat(noText.json().get("field").asText()).isEqualTo("text");
        assertThat(captured).isEmpty();
    }

    @Test
    void aHubThatCannotBeReachedIs502() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        hub.send("PUT", "/sandbox/whatsapp/hub-webhook-url", "{\"url\":\"http://127.0.0.1:" + closedPort
                + "/webhooks/whatsapp\"}", "Content-Type", "application/json");

        Response response = hub.send("POST", "/sandbox/whatsapp/inbound", "{\"from\":\"" + TestData.phone()
                + "\",\"text\":\"hello?\"}", "Content-Type", "application/json");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.json().get("error").asText()).isEqualTo("hub_unreachable");
        assertThat(response.json().get("message").asText()).contains(String.valueOf(closedPort));
    }

    @Test
    void byDefaultWebhooksGoToThisHubsOwnIngressOnItsActualPort() {
        hub.send("DELETE", "/sandbox/whatsapp/hub-webhook-url", null);

        Response target = hub.send("GET", "/sandbox/whatsapp/hub-webhook-url", null);

        assertThat(target.json().get("url").asText()).isEqualTo("http://localhost:" + port + "/webhooks/whatsapp");
        assertThat(target.json().get("configured").asBoolean()).isTrue();
        Response notAUrl = hub.send("PUT", "/sandbox/whatsapp/hub-webhook-url", "{\"url\":\"ftp:/nowhere\"}",
                "Content-Type", "application/json");
        assertThat(notAUrl.status()).isEqualTo(400);
        assertThat(notAUrl.json().get("field").asText()).isEqualTo("url");
    }

    private static String hmacSha256Hex(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
