package io.continuityhub.channel.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class CarrierWebhookTest extends HubIntegrationTest {

    @Autowired
    ShipmentWatches watches;

    @Autowired
    CarrierEvents carrierEvents;

    @Test
    void aScanThatComesBeforeItsShipmentIsWatchedIsKeptAndLandsWhenTheWatchStarts() {
        Shipment shipment = unwatchedShipment(newCode());
        String customerId = shipment.customerId;
        String sessionId = shipment.sessionId;
        String orderId = shipment.orderId;
        String code = shipment.code;
        String newCode = code.substring(0, 10) + "RELABEL";
        String early = "evt_" + UUID.randomUUID();
        String relabel = "evt_" + UUID.randomUUID();

        Response first = post(event(early, "UPS", code, null, "in_transit"));
        Response second = post(event(relabel, "UPS", newCode, code, "in_transit"));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("sessionId").isNull()).isTrue();
        assertThat(first.json().get("unmatched").asBoolean()).as("kept, not dropped").isTrue();
        assertThat(second.json().get("unmatched").asBoolean()).isTrue();
        assertThat(hub.opsGet("/api/v1/carrier/unmatched").json().findValuesAsText("eventId")).contains(early, relabel);
        assertThat(hub.send("GET", "/api/v1/carrier/unmatched", null).status()).as("ops only").isEqualTo(401);

        carrierEvents.startWatching(customerId, sessionId, orderId, "UPS", code);

        JsonNode landed = scans(sessionId);
        assertThat(landed.findValuesAsText("eventId")).as("in the order the carrier sent them").containsExactly(early, relabel);
        assertThat(landed.get(1).get("payload").get("orderId").asText()).isEqualTo(orderId);
        assertThat(hub.opsGet("/api/v1/carrier/unmatched").json().findValuesAsText("eventId")).doesNotContain(early, relabel);
        assertThat(jdbc.sql("SELECT tracking_code FROM shipment_watch WHERE order_id = ?").param(orderId)
                .query(String.class).single()).as("the re-label moved the watch").isEqualTo(newCode);
        Response later = post(event("evt_" + UUID.randomUUID(), "UPS", newCode, null, "out_for_delivery"));
        assertThat(later.json().get("sessionId").asText()).isEqualTo(sessionId);
        assertThat(later.json().get("unmatched").asBoolean()).isFalse();
    }

    @Test
    void aScanReachesTheSessionWaitingOnThatShipment() {
        Shipment shipment = watchedShipment("UPS");
        String event = event("evt_" + UUID.randomUUID(), "UPS", shipment.code, null, "in_transit");

        Response response = post(event);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(response.json().get("sessionId").asText()).isEqualTo(shipment.sessionId);
        JsonNode scan = scans(shipment.sessionId).get(0);
        assertThat(scan.get("payload").get("orderId").asText()).isEqualTo(shipment.orderId);
        assertThat(scan.get("payload").get("status").asText()).isEqualTo("in_transit");
    }

    @Test
    void anEventDeliveredFiveTimesOnceConcurrentlyIsActedOnOnce() throws Exception {
        Shipment shipment = watchedShipment("UPS");
        String event = event("evt_" + UUID.randomUUID(), "UPS", shipment.code, null, "out_for_delivery");

        List<Integer> accepted = new ArrayList<>();
        accepted.add(post(event).json().get("accepted").asInt());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> concurrent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            concurrent.add(pool.submit(() -> {
                start.await();
                return post(event);
            }));
        }
        start.countDown();
        for (Future<Response> response : concurrent) {
            assertThat(response.get().status()).isEqualTo(200);
            accepted.add(response.get().json().get("accepted").asInt());
        }
        pool.shutdown();
        accepted.add(post(event).json().get("accepted").asInt());

        assertThat(accepted).containsExactly(1, 0, 0, 0, 0);
        assertThat(scans(shipment.sessionId)).hasSize(1);
    }

    @Test
    void aRelabelledParcelIsFollowedUnderItsNewCode() {
        Shipment shipment = watchedShipment("UPS");
        String newCode = "1Z" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();

        post(event("evt_" + UUID.randomUUID(), "UPS", newCode, shipment.code, "in_transit"));
        post(event("evt_" + UUID.randomUUID(), "UPS", newCode, null, "delivered"));

        JsonNode scans = scans(shipment.sessionId);
        assertThat(scans).hasSize(2);
        assertThat(scans.get(0).get("payload").get("previousTrackingCode").asText()).isEqualTo(shipment.code);
        assertThat(scans.get(1).get("payload").get("trackingCode").asText()).isEqualTo(newCode);
        assertThat(count("SELECT count(*) FROM shipment_watch WHERE order_id = ? AND status = 'closed'", shipment.orderId))
                .as("delivered closes the watch").isEqualTo(1);
    }

    @Test
    void aCodeAloneIsNotEnoughToPickASession() {
        Shipment first = watchedShipment("UPS");
        Shipment recycled = watchedShipment("UPS", first.code);
        Shipment otherCarrier = watchedShipment("DHL");

        Response ambiguous = post(event("evt_" + UUID.randomUUID(), "UPS", first.code, null, "in_transit"));
        Response wrongCarrier = post(event("evt_" + UUID.randomUUID(), "FEDEX", otherCarrier.code, null, "in_transit"));

        assertThat(ambiguous.status()).isEqualTo(200);
        assertThat(ambiguous.json().get("sessionId").isNull()).isTrue();
        assertThat(wrongCarrier.json().get("sessionId").isNull()).isTrue();
        assertThat(scans(first.sessionId)).isEmpty();
        assertThat(scans(recycled.sessionId)).isEmpty();
        assertThat(scans(otherCarrier.sessionId)).isEmpty();
    }

    @Test
    void badDeliveriesAreRefusedAndStoreNothing() {
        String event = event("evt_" + UUID.randomUUID(), "UPS", "1ZNOTWATCHED", null, "in_transit");
        long before = count("SELECT count(*) FROM inbound_message_id");

        Response unsigned = hub.send("POST", "/webhooks/carrier", event, "Content-Type", "application/json");
        Response forged = hub.send("POST", "/webhooks/carrier", event, "Content-Type", "application/json",
                "X-Hmac-Signature", "hmac-sha256-hex=" + "ab".repeat(32));
        Response malformed = post("{\"id\": ");
        Response badStatus = post(event.replace("\"in_transit\"", "\"teleported\""));

        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.json().get("field").asText()).isEqualTo("result.status");
        assertThat(count("SELECT count(*) FROM inbound_message_id")).isEqualTo(before);
    }

    /** Signed events whose content the hub cannot keep: a 4xx naming the field, never a 503 "retry"; nothing stored. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> eventsTheHubCannotKeep() {
        String valid = event("evt_ID", "UPS", "1ZNOTWATCHED", null, "in_transit");
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("NUL in the event id", valid.replace("evt_ID", "evt_ID\\u0000"),
                        "invalid_character", "id"),
                org.junit.jupiter.params.provider.Arguments.of("NUL in the tracking code",
                        valid.replace("1ZNOTWATCHED", "1Z\\u0000X"), "invalid_character", "result.tracking_code"),
                org.junit.jupiter.params.provider.Arguments.of("NUL in a scan's message", valid.replace("\"scan\"", "\"sc\\u0000an\""),
                        "invalid_character", "result.tracking_details[0].message"),
                org.junit.jupiter.params.provider.Arguments.of("created_at at the end of time",
                        valid.replace("\"created_at\": \"2026-04-29T06:10:00Z\"", "\"created_at\": \"+999999999-12-31T23:59:59Z\""),
                        "date_out_of_range", "created_at"),
                org.junit.jupiter.params.provider.Arguments.of("created_at in 1970",
                        valid.replace("\"created_at\": \"2026-04-29T06:10:00Z\"", "\"created_at\": \"1970-01-01T00:00:00Z\""),
                        "date_out_of_range", "created_at"),
                org.junit.jupiter.params.provider.Arguments.of("an event id longer than any id",
                        valid.replace("evt_ID", "evt_" + longRandom()), "wrong_shape", "id"),
                org.junit.jupiter.params.provider.Arguments.of("a tracking code longer than any code",
                        valid.replace("1ZNOTWATCHED", longRandom()), "wrong_shape", "result.tracking_code"),
                org.junit.jupiter.params.provider.Arguments.of("a scan's number beyond any number",
                        valid.replace("\"zip\": \"LS1\"", "\"zip\": \"LS1\", \"latitude\": -1e999"), "number_out_of_range",
                        "result.tracking_details[0].tracking_location.latitude"));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("eventsTheHubCannotKeep")
    void aSignedEventTheHubCannotKeepIsRefusedNamingTheFieldAndStoresNothing(String name, String body, String code, String field) {
        long before = storedRows();

        Response response = post(body.replace("evt_ID", "evt_" + UUID.randomUUID()));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).as(response.body()).isEqualTo(code);
        assertThat(response.json().get("field").asText()).isEqualTo(field);
        assertThat(response.json().get("message").asText()).startsWith(field + ":");
        assertThat(storedRows()).isEqualTo(before);
    }

    @Test
    void aSignedBodyThatIsNotUtf8OrNotJsonIsRefusedAndStoresNothing() {
        byte[] latin1 = event("evt_" + UUID.randomUUID(), "UPS", "1ZNOTWATCHED", null, "in_transit")
                .replace("Leeds", "L\u00e9eds").getBytes(StandardCharsets.ISO_8859_1);
        String form = "id=evt_1&description=tracker.updated";
        long before = storedRows();

        Response notUtf8 = hub.sendBytes("POST", "/webhooks/carrier", latin1, "Content-Type", "application/json",
                "X-Hmac-Signature", sign(latin1));
        Response formEncoded = hub.send("POST", "/webhooks/carrier", form, "Content-Type", "application/x-www-form-urlencoded",
                "X-Hmac-Signature", sign(form.getBytes(StandardCharsets.UTF_8)));
        Response scalar = post("42");

        assertThat(notUtf8.status()).as(notUtf8.body()).isEqualTo(400);
        assertThat(notUtf8.json().get("error").asText()).isEqualTo("invalid_encoding");
        assertThat(formEncoded.status()).as(formEncoded.body()).isEqualTo(415);
        assertThat(formEncoded.json().get("error").asText()).isEqualTo("unsupported_media_type");
        assertThat(scalar.status()).as(scalar.body()).isEqualTo(400);
        assertThat(storedRows()).isEqualTo(before);
        assertThat(post(event("evt_" + UUID.randomUUID(), "UPS", "1ZNOTWATCHED", null, "in_transit")).status())
                .as("the hub keeps serving").isEqualTo(200);
    }

    private long storedRows() {
        return count("SELECT (SELECT count(*) FROM inbound_message_id) + (SELECT count(*) FROM carrier_scan_unmatched)"
                + " + (SELECT count(*) FROM session_event WHERE type = 'carrier_scan')");
    }

    private static String longRandom() {
        StringBuilder id = new StringBuilder();
        while (id.length() < 20_000) {
            id.append(UUID.randomUUID().toString().replace("-", ""));
        }
        return id.toString();
    }

    private record Shipment(String customerId, String sessionId, String orderId, String code) {
    }

    private Shipment watchedShipment(String carrier) {
        return watchedShipment(carrier, newCode());
    }

    private Shipment watchedShipment(String carrier, String code) {
        Shipment shipment = unwatchedShipment(code);
        watches.watch(shipment.customerId, shipment.sessionId, shipment.orderId, carrier, code);
        return shipment;
    }

    /** A customer who asked about a parcel, and its order, before the hub watches it. */
    private Shipment unwatchedShipment(String code) {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "Europe/London", Map.of("whatsapp", phone));
        String sessionId = hub.touchpoint(TestData.eventId(), "chat", "phone", phone, "where is my parcel?")
                .json().get("sessionId").asText();
        return new Shipment(customerId, sessionId, "O-" + UUID.randomUUID().toString().substring(0, 8), code);
    }

    private static String newCode() {
        return "1Z" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
    }

    private JsonNode scans(String sessionId) {
        JsonNode events = hub.opsGet("/api/v1/sessions/" + sessionId + "/events").json();
        var scans = new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode();
        events.forEach(e -> {
            if (e.get("type").asText().equals("carrier_scan")) {
                scans.add(e);
            }
        });
        return scans;
    }

    private static String event(String id, String carrier, String code, String previousCode, String status) {
        return """
                {"id": "%s", "object": "Event", "description": "tracker.updated", "created_at": "2026-04-29T06:10:00Z",
                 "result": {"object": "Tracker", "id": "trk_1", "tracking_code": "%s", "status": "%s", "carrier": "%s",
                   %s"est_delivery_date": "2026-05-05T00:00:00Z",
                   "tracking_details": [{"status": "%s", "message": "scan", "datetime": "2026-04-29T06:10:00Z",
                     "tracking_location": {"city": "Leeds", "state": null, "country": "GB", "zip": "LS1"}}]}}"""
                .formatted(id, code, status, carrier,
                        previousCode == null ? "" : "\"previous_tracking_code\": \"" + previousCode + "\", ", status);
    }

    private Response post(String body) {
        return hub.send("POST", "/webhooks/carrier", body, "Content-Type", "application/json", "X-Hmac-Signature", sign(body));
    }

    private static String sign(String body) {
        return sign(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("sandbox-carrier-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "hmac-sha256-hex=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
