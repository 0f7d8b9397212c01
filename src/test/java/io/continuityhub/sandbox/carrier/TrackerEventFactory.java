package io.continuityhub.sandbox.carrier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.continuityhub.kernel.HubRequestException;
import io.continuityhub.sandbox.SignedWebhook;
import io.continuityhub.sandbox.WebhookSigner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Builds EasyPost's {@code tracker.updated} event and signs its exact bytes with HMAC-SHA256 keyed
 * by {@code hub.carrier.webhook-secret}, as {@code X-Hmac-Signature: hmac-sha256-hex=<hex>}.
 * Times come from the hub's clock.
 */
@Component
@Profile("sandbox")
class TrackerEventFactory {

    static final String SIGNATURE_HEADER = "X-Hmac-Signature";
    static final List<String> STATUSES = List.of("pre_transit", "in_transit", "out_for_delivery", "delivered",
            "return_to_sender", "failure", "unknown");
    private static final Map<String, String> MESSAGES = Map.of(
            "pre_transit", "Pre-Shipment Info Sent to Carrier",
            "in_transit", "Arrived at Facility",
            "out_for_delivery", "Out For Delivery",
            "delivered", "Delivered",
            "return_to_sender", "Returned to Sender",
            "failure", "Delivery Attempt Failed",
            "unknown", "Status Unknown");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where the scan happened (EasyPost's TrackingLocation). */
    record Location(String city, String state, String country, String zip) {
        static final Location DEFAULT = new Location("LONDON", null, "GB", "E14 5AB");
    }

    /**
     * One scan.
     *
     * @param newTrackingCode the parcel's new code after a re-label, or null
     * @param estimatedDelivery the day the carrier now expects to deliver
     */
    record Scan(String trackingCode, String newTrackingCode, String status, String carrier, String message,
                Location location, LocalDate estimatedDelivery) {
    }

    private final String secret;
    private final WebhookSigner signer;
    private final ObjectMapper json;
    private final Clock clock;

    TrackerEventFactory(@Value("${hub.carrier.webhook-secret:}") String secret, WebhookSigner signer, ObjectMapper json,
                        Clock clock) {
        this.secret = secret;
        this.signer = signer;
        this.json = json;
        this.clock = clock;
    }

    SignedWebhook trackerUpdated(Scan scan) {
        if (secret.isBlank()) {
            throw new HubRequestException(503, "not_configured", null,
                    "hub.carrier.webhook-secret is not set: the carrier cannot sign its webhooks");
        }
        String now = iso(clock.instant());
        String trackingCode = scan.newTrackingCode() != null ? scan.newTrackingCode() : scan.trackingCode();
        String eventId = "evt_" + randomHex(16);

        ObjectNode event = json.createObjectNode()
                .put("id", eventId)
                .put("object", "Event")
                .put("mode", "test")
                .put("description", "tracker.updated")
                .put("created_at", now)
                .put("updated_at", now);
        ObjectNode tracker = event.putObject("result")
                .put("object", "Tracker")
                .put("id", trackerId(scan.carrier(), trackingCode))
                .put("mode", "test")
                .put("tracking_code", trackingCode)
                .put("status", scan.status())
                .put("carrier", scan.carrier())
                .put("est_delivery_date", iso(scan.estimatedDelivery().atStartOfDay(ZoneOffset.UTC).toInstant()))
                .put("created_at", now)
                .put("updated_at", now)
                .put("previous_tracking_code", scan.newTrackingCode() != null ? scan.trackingCode() : null);
        ObjectNode detail = tracker.putArray("tracking_details").addObject()
                .put("object", "TrackingDetail")
                .put("status", scan.status())
                .put("message", scan.message() != null ? scan.message() : MESSAGES.get(scan.status()))
                .put("datetime", now)
                .put("source", scan.carrier());
        detail.putObject("tracking_location")
                .put("object", "TrackingLocation")
                .put("city", scan.location().city())
                .put("state", scan.location().state())
                .put("country", scan.location().country())
                .put("zip", scan.location().zip());

        byte[] body;
        try {
            body = json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a tracker event", e);
        }
        return new SignedWebhook(eventId, body, SIGNATURE_HEADER, "hmac-sha256-hex=" + signer.hmacSha256Hex(secret, body));
    }

    /** EasyPost keeps one tracker per carrier and code: the same scan target always has the same tracker id. */
    static String trackerId(String carrier, String trackingCode) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((carrier + "/" + trackingCode).getBytes(StandardCharsets.UTF_8));
            return "trk_" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String iso(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
