package io.continuityhub.channel.carrier;

import io.continuityhub.session.AppendedEvent;
import io.continuityhub.session.NewSessionEvent;
import io.continuityhub.session.SessionStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The carrier ingress's accept step, run once per event id (the route's idempotent consumer):
 * the scan lands in the session waiting on that shipment as a {@code carrier_scan} event, which
 * is what the agent acts on.
 */
@Component
public class CarrierEvents {

    private static final Logger log = LoggerFactory.getLogger(CarrierEvents.class);

    /** The webhook's answer: accepted or duplicate, and the session the scan went to, if any. */
    public record CarrierAck(int accepted, int duplicates, String sessionId) {
    }

    private final ShipmentWatches watches;
    private final SessionStore sessions;

    CarrierEvents(ShipmentWatches watches, SessionStore sessions) {
        this.watches = watches;
        this.sessions = sessions;
    }

    public CarrierAck apply(@Body CarrierEvent event) {
        var watch = watches.match(event);
        if (watch.isEmpty()) {
            log.info("Carrier event {} ({} {}) matches no shipment the hub watches", event.eventId(), event.carrier(), event.status());
            return new CarrierAck(1, 0, null);
        }
        watches.record(watch.get(), event);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("eventId", event.eventId());
        payload.put("orderId", watch.get().orderId());
        payload.put("carrier", event.carrier());
        payload.put("trackingCode", event.trackingCode());
        payload.put("previousTrackingCode", event.previousTrackingCode());
        payload.put("status", event.status());
        payload.put("estimatedDelivery", event.estimatedDelivery());
        payload.put("detail", event.latestDetail());
        AppendedEvent appended = sessions.append(watch.get().customerId(), new NewSessionEvent("carrier", null, "carrier_scan",
                "carrier", event.carrier() + " " + event.status().replace('_', ' ') + " for order " + watch.get().orderId(), payload));
        return new CarrierAck(1, 0, appended.sessionId());
    }

    public CarrierAck duplicate(@Body CarrierEvent event) {
        return new CarrierAck(0, 1, null);
    }
}
