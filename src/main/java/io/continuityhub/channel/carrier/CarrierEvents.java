package io.continuityhub.channel.carrier;

import io.continuityhub.channel.DedupHits;
import io.continuityhub.session.NewSessionEvent;
import io.continuityhub.session.SessionStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The carrier ingress's accept step, run once per event id (the route's idempotent consumer):
 * the scan lands in the session waiting on that shipment as a {@code carrier_scan} event, which
 * is what the agent acts on. A scan that comes before its shipment is watched is kept
 * ({@link UnmatchedScans}) and lands when the watch starts.
 */
@Component
public class CarrierEvents {

    private static final Logger log = LoggerFactory.getLogger(CarrierEvents.class);

    /** The webhook's answer: accepted or duplicate, the session the scan went to, or kept until its shipment is watched. */
    public record CarrierAck(int accepted, int duplicates, String sessionId, boolean unmatched) {
    }

    private final ShipmentWatches watches;
    private final UnmatchedScans unmatched;
    private final SessionStore sessions;
    private final DedupHits dedupHits;

    CarrierEvents(ShipmentWatches watches, UnmatchedScans unmatched, SessionStore sessions, DedupHits dedupHits) {
        this.dedupHits = dedupHits;
        this.watches = watches;
        this.unmatched = unmatched;
        this.sessions = sessions;
    }

    @Transactional
    public CarrierAck apply(@Body CarrierEvent event) {
        unmatched.lock(event.carrier(), event.previousTrackingCode() != null ? event.previousTrackingCode() : event.trackingCode());
        var watch = watches.match(event);
        if (watch.isEmpty()) {
            log.info("Carrier event {} ({} {}) matches no shipment the hub watches yet; kept until one does", event.eventId(),
                    event.carrier(), event.status());
            unmatched.keep(event);
            return new CarrierAck(1, 0, null, true);
        }
        return new CarrierAck(1, 0, deliver(watch.get(), event), false);
    }

    /**
     * Starts watching an order's shipment, and hands it the scans that came before (late binding),
     * in the order the carrier sent them; a re-label among them moves the watch to the new code.
     */
    @Transactional
    public ShipmentWatches.Watch startWatching(String customerId, String sessionId, String orderId, String carrier,
                                               String trackingCode) {
        String code = trackingCode;
        unmatched.lock(carrier.toUpperCase(Locale.ROOT), code);
        ShipmentWatches.Watch watch = watches.watch(customerId, sessionId, orderId, carrier, code);
        List<CarrierEvent> early = unmatched.claim(watch.carrier(), code, watch.watchId());
        while (!early.isEmpty()) {
            for (CarrierEvent scan : early) {
                deliver(watch, scan);
                code = scan.trackingCode();
            }
            early = code.equals(watch.trackingCode()) ? List.of() : unmatched.claim(watch.carrier(), code, watch.watchId());
            watch = new ShipmentWatches.Watch(watch.watchId(), watch.customerId(), watch.sessionId(), watch.orderId(),
                    watch.carrier(), code);
        }
        return watch;
    }

    private String deliver(ShipmentWatches.Watch watch, CarrierEvent event) {
        watches.record(watch, event);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("eventId", event.eventId());
        payload.put("orderId", watch.orderId());
        payload.put("carrier", event.carrier());
        payload.put("trackingCode", event.trackingCode());
        payload.put("previousTrackingCode", event.previousTrackingCode());
        payload.put("status", event.status());
        payload.put("estimatedDelivery", event.estimatedDelivery());
        payload.put("detail", event.latestDetail());
        return sessions.append(watch.customerId(), new NewSessionEvent("carrier", null, "carrier_scan", "carrier",
                event.carrier() + " " + event.status().replace('_', ' ') + " for order " + watch.orderId(), payload)).sessionId();
    }

    public CarrierAck duplicate(@Body CarrierEvent event) {
        dedupHits.hit("carrier");
        return new CarrierAck(0, 1, null, false);
    }
}
