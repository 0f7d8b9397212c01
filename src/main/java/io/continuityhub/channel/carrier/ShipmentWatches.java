package io.continuityhub.channel.carrier;

import io.continuityhub.kernel.Redact;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which session waits on which shipment. A scan matches the watch of the same carrier and code
 * whose order is still under way; a re-label moves the watch to the new code. Two live watches
 * for one carrier and code (a recycled code not yet closed) are ambiguous: the scan matches none.
 */
@Service
public class ShipmentWatches {

    private static final Logger log = LoggerFactory.getLogger(ShipmentWatches.class);

    public record Watch(String watchId, String customerId, String sessionId, String orderId, String carrier,
                        String trackingCode) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    ShipmentWatches(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Starts watching the shipment of {@code orderId}; watching it again is harmless. */
    @Transactional
    public Watch watch(String customerId, String sessionId, String orderId, String carrier, String trackingCode) {
        String normalisedCarrier = carrier.toUpperCase(Locale.ROOT);
        jdbc.sql("""
                INSERT INTO shipment_watch (watch_id, customer_id, session_id, order_id, carrier, tracking_code, status, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 'watching', ?)
                ON CONFLICT (carrier, tracking_code, order_id) WHERE status = 'watching' DO NOTHING""")
                .params("watch-" + UUID.randomUUID(), customerId, sessionId, orderId, normalisedCarrier, trackingCode,
                        Timestamp.from(clock.instant()))
                .update();
        return live(normalisedCarrier, trackingCode).stream().filter(w -> w.orderId().equals(orderId)).findFirst().orElseThrow();
    }

    /** The one live watch this event is about, by its code or, after a re-label, its previous code. */
    @Transactional
    public Optional<Watch> match(CarrierEvent event) {
        List<Watch> candidates = live(event.carrier(), event.trackingCode());
        if (candidates.isEmpty() && event.previousTrackingCode() != null) {
            candidates = live(event.carrier(), event.previousTrackingCode());
        }
        if (candidates.size() > 1) {
            log.warn("{} tracking code {} is watched for {} orders; not guessing which one event {} is for",
                    event.carrier(), Redact.handle(event.trackingCode()), candidates.size(), event.eventId());
            return Optional.empty();
        }
        return candidates.stream().findFirst();
    }

    /** Records the event on the watch: a new code after a re-label, closed once delivered or returned. */
    @Transactional
    public void record(Watch watch, CarrierEvent event) {
        boolean finished = event.status().equals("delivered") || event.status().equals("return_to_sender");
        jdbc.sql("""
                UPDATE shipment_watch SET tracking_code = ?, last_event_id = ?, last_status = ?, last_event_at = ?,
                                          status = ?
                WHERE watch_id = ?""")
                .params(event.trackingCode(), event.eventId(), event.status(), Timestamp.from(event.createdAt()),
                        finished ? "closed" : "watching", watch.watchId())
                .update();
    }

    private List<Watch> live(String carrier, String trackingCode) {
        return jdbc.sql("""
                SELECT watch_id, customer_id, session_id, order_id, carrier, tracking_code FROM shipment_watch
                WHERE carrier = ? AND tracking_code = ? AND status = 'watching'""")
                .params(carrier, trackingCode).query(Watch.class).list();
    }
}
