package io.continuityhub.sandbox.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.continuityhub.sandbox.SimulatorTest;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sandbox playing the carrier. The hub's carrier webhook is not this test's subject, so the
 * events go to a capture server that answers like it would.
 */
class CarrierScanTest extends SimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "sandbox-carrier-secret";
    private static final String HUB_ANSWER = "{\"accepted\":1,\"duplicates\":0}";

    record Captured(String signature, byte[] body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private final BlockingQueue<Captured> captured = new LinkedBlockingQueue<>();
    private HttpServer captureServer;

    @BeforeEach
    void startCaptureServer() throws IOException {
        captureServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        captureServer.createContext("/webhooks/carrier", exchange -> {
            captured.add(new Captured(exchange.getRequestHeaders().getFirst("X-Hmac-Signature"),
                    exchange.getRequestBody().readAllBytes()));
            byte[] answer = HUB_ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        captureServer.start();
        Response target = hub.send("PUT", "/sandbox/carrier/hub-webhook-url", "{\"url\":\"http://127.0.0.1:"
                + captureServer.getAddress().getPort() + "/webhooks/carrier\"}", "Content-Type", "application/json");
        assertThat(target.status()).as(target.body()).isEqualTo(200);
        assertThat(target.json().get("configured").asBoolean()).isFalse();
    }

    @AfterEach
    void stopCaptureServer() {
        hub.send("DELETE", "/sandbox/carrier/hub-webhook-url", null);
        captureServer.stop(0);
    }

    @Test
    void aScanIsASignedEasyPostTrackerUpdatedEventAndTheHubsAnswerIsReported() throws Exception {
        Instant at = Instant.parse("2026-04-29T06:10:00Z");
        clock().set(at);
        String code = trackingCode();

        Response scan = postJson("/sandbox/carrier/scan", "{\"trackingCode\":\"" + code + "\",\"status\":\"in_transit\"}");

        assertThat(scan.status()).as(scan.body()).isEqualTo(200);
        String eventId = scan.json().get("eventId").asText();
        assertThat(eventId).matches("evt_[0-9a-f]{32}");
        assertThat(scan.json().get("deliveries")).singleElement().satisfies(delivery -> {
            assertThat(delivery.get("hubStatus").asInt()).isEqualTo(200);
            assertThat(delivery.get("hubBody")).isEqualTo(JSON.readTree(HUB_ANSWER));
        });
        Captured webhook = captured.poll(5, TimeUnit.SECONDS);
        assertThat(webhook.signature()).isEqualTo("hmac-sha256-hex=" + hmacSha256Hex(webhook.body()));
        JsonNode event = webhook.json();
        assertThat(event.get("id").asText()).isEqualTo(eventId);
        assertThat(event.get("object").asText()).isEqualTo("Event");
        assertThat(event.get("description").asText()).isEqualTo("tracker.updated");
        assertThat(Instant.parse(event.get("created_at").asText())).isBetween(at, at.plusSeconds(60));
        JsonNode tracker = event.get("result");
        assertThat(tracker.get("object").asText()).isEqualTo("Tracker");
        assertThat(tracker.get("id").asText()).startsWith("trk_");
        assertThat(tracker.get("tracking_code").asText()).isEqualTo(code);
        assertThat(tracker.get("status").asText()).isEqualTo("in_transit");
        assertThat(tracker.get("carrier").asText()).as("no order has this code: the default carrier").isEqualTo("UPS");
        assertThat(Instant.parse(tracker.get("est_delivery_date").asText())).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
        JsonNode detail = tracker.get("tracking_details").get(0);
        assertThat(detail.get("status").asText()).isEqualTo("in_transit");
        assertThat(detail.get("message").asText()).isNotBlank();
        assertThat(detail.get("datetime").asText()).isEqualTo(event.get("created_at").asText());
        assertThat(detail.get("tracking_location").get("country").asText()).isEqualTo("GB");
        assertThat(detail.get("tracking_location").has("city")).isTrue();
        assertThat(detail.get("tracking_location").has("state")).isTrue();
        assertThat(detail.get("tracking_location").has("zip")).isTrue();
    }

    @Test
    void repeatDeliversTheSameEventThreeTimes() throws Exception {
        Response scan = postJson("/sandbox/carrier/scan", "{\"trackingCode\":\"" + trackingCode()
                + "\",\"status\":\"out_for_delivery\",\"repeat\":3}");

        assertThat(scan.status()).as(scan.body()).isEqualTo(200);
        assertThat(scan.json().get("deliveries")).hasSize(3);
        List<Captured> deliveries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            deliveries.add(captured.poll(5, TimeUnit.SECONDS));
        }
        assertThat(captured.poll(200, TimeUnit.MILLISECONDS)).isNull();
        for (Captured delivery : deliveries) {
            assertThat(delivery.json().get("id").asText()).isEqualTo(scan.json().get("eventId").asText());
            assertThat(delivery.body()).isEqualTo(deliveries.get(0).body());
            assertThat(delivery.signature()).isEqualTo("hmac-sha256-hex=" + hmacSha256Hex(delivery.body()));
        }
    }

    @Test
    void aNewTrackingCodeReLabelsTheSeededOrderAndCarriesThePreviousCode() throws Exception {
        String orderId = "O-" + UUID.randomUUID().toString().substring(0, 8);
        String oldCode = trackingCode();
        String newCode = trackingCode();
        Response seeded = postJson("/sandbox/customers", """
                {"customerId": "%s", "orders": [{"orderId": "%s", "warehouse": "sap", "status": "delayed",
                 "carrier": "DHL", "trackingCode": "%s", "requestedDeliveryDate": "2026-04-28"}]}"""
                .formatted(TestData.customerId(), orderId, oldCode));
        assertThat(seeded.status()).as(seeded.body()).isEqualTo(201);

        Response scan = postJson("/sandbox/carrier/scan", "{\"trackingCode\":\"" + oldCode + "\",\"status\":\"in_transit\","
                + "\"newTrackingCode\":\"" + newCode + "\"}");

        assertThat(scan.status()).as(scan.body()).isEqualTo(200);
        assertThat(scan.json().get("orderId").asText()).isEqualTo(orderId);
        JsonNode tracker = captured.poll(5, TimeUnit.SECONDS).json().get("result");
        assertThat(tracker.get("tracking_code").asText()).isEqualTo(newCode);
        assertThat(tracker.get("previous_tracking_code").asText()).isEqualTo(oldCode);
        assertThat(tracker.get("carrier").asText()).as("the order's carrier").isEqualTo("DHL");
        assertThat(tracker.get("est_delivery_date").asText()).isEqualTo("2026-04-28T00:00:00Z");
        assertThat(jdbc.sql("SELECT tracking_code FROM sandbox.warehouse_order WHERE order_id = ?").param(orderId)
                .query(String.class).single()).isEqualTo(newCode);
    }

    @Test
    void aBadScanIsRefusedNamingTheFieldAndPostsNothing() {
        assertRefused("{\"status\":\"in_transit\"}", "trackingCode");
        assertRefused("{\"trackingCode\":\"1Z\",\"status\":\"teleported\"}", "status");
        assertRefused("{\"trackingCode\":\"1Z\",\"status\":\"delivered\",\"repeat\":0}", "repeat");
        assertThat(captured).isEmpty();
    }

    @Test
    void downIs503AndNeitherPostsNorReLabels() {
        String orderId = "O-" + UUID.randomUUID().toString().substring(0, 8);
        String oldCode = trackingCode();
        postJson("/sandbox/customers", """
                {"customerId": "%s", "orders": [{"orderId": "%s", "warehouse": "sap", "status": "shipped",
                 "trackingCode": "%s"}]}""".formatted(TestData.customerId(), orderId, oldCode));
        fault("{\"system\":\"carrier\",\"mode\":\"down\"}");

        Response refused = postJson("/sandbox/carrier/scan", "{\"trackingCode\":\"" + oldCode + "\",\"status\":\"in_transit\","
                + "\"newTrackingCode\":\"" + trackingCode() + "\"}");

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().get("error").get("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(captured).isEmpty();
        assertThat(jdbc.sql("SELECT tracking_code FROM sandbox.warehouse_order WHERE order_id = ?").param(orderId)
                .query(String.class).single()).isEqualTo(oldCode);
    }

    @Test
    void byDefaultEventsGoToThisHubsOwnCarrierWebhook() {
        hub.send("DELETE", "/sandbox/carrier/hub-webhook-url", null);

        Response target = get("/sandbox/carrier/hub-webhook-url");

        assertThat(target.json().get("url").asText()).isEqualTo("http://localhost:" + port + "/webhooks/carrier");
        assertThat(target.json().get("configured").asBoolean()).isTrue();
        Response notAUrl = hub.send("PUT", "/sandbox/carrier/hub-webhook-url", "{\"url\":\"nowhere\"}",
                "Content-Type", "application/json");
        assertThat(notAUrl.status()).isEqualTo(400);
        assertThat(notAUrl.json().get("field").asText()).isEqualTo("url");
    }

    private void assertRefused(String body, String field) {
        Response response = postJson("/sandbox/carrier/scan", body);
        assertThat(response.status()).as(body).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo(field);
    }

    private static String trackingCode() {
        return "1Z" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
    }

    private static String hmacSha256Hex(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
