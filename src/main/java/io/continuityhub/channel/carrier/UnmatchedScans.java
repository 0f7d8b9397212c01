package io.continuityhub.channel.carrier;

import com.fasterxml.jackson.core.type.TypeReference;
import io.continuityhub.kernel.JsonColumns;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Scans that came before the hub watched their shipment. They are kept, listed for operators, and
 * handed over when a watch for that carrier and code starts (late binding), within
 * {@code hub.carrier.unmatched-match-window}: carriers recycle codes, so an old scan must not
 * land on a new parcel.
 */
@Service
public class UnmatchedScans {

    /** One kept scan, as operators see it. */
    public record UnmatchedScan(String eventId, String carrier, String trackingCode, String previousTrackingCode,
                                String status, Instant createdAt, Instant receivedAt) {
    }

    private static final int LISTED = 200;
    private static final TypeReference<Map<String, Object>> DETAIL = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonColumns json;
    private final Clock clock;
    private final Duration matchWindow;

    UnmatchedScans(JdbcClient jdbc, JsonColumns json, Clock clock,
                   @Value("${hub.carrier.unmatched-match-window}") Duration matchWindow) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.matchWindow = matchWindow;
    }

    /**
     * Serialises everything about one carrier and code until the caller's transaction ends, so a
     * scan and the watch it is waiting for can never pass each other unseen.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lock(String carrier, String trackingCode) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))").param("carrier-scan:" + carrier + ":" + trackingCode)
                .query().singleValue();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void keep(CarrierEvent event) {
        jdbc.sql("""
                INSERT INTO carrier_scan_unmatched (event_id, carrier, tracking_code, previous_tracking_code, status,
                                                    created_at, estimated_delivery, detail, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (event_id) DO NOTHING""")
                .params(event.eventId(), event.carrier(), event.trackingCode(), event.previousTrackingCode(), event.status(),
                        Timestamp.from(event.createdAt()), event.estimatedDelivery(),
                        json.write(event.latestDetail() == null ? Map.of() : event.latestDetail()), Timestamp.from(clock.instant()))
                .update();
    }

    /** Takes the kept scans of this carrier and code (or that re-labelled it), oldest first, for the watch. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<CarrierEvent> claim(String carrier, String trackingCode, String watchId) {
        Instant now = clock.instant();
        List<CarrierEvent> scans = jdbc.sql("""
                SELECT event_id, carrier, tracking_code, previous_tracking_code, status, created_at, estimated_delivery, detail
                FROM carrier_scan_unmatched
                WHERE matched_at IS NULL AND carrier = ? AND (tracking_code = ? OR previous_tracking_code = ?) AND received_at > ?
                ORDER BY created_at, received_at FOR UPDATE""")
                .params(carrier, trackingCode, trackingCode, Timestamp.from(now.minus(matchWindow)))
                .query((row, n) -> new CarrierEvent(row.getString("event_id"), row.getString("carrier"),
                        row.getString("tracking_code"), row.getString("previous_tracking_code"), row.getString("status"),
                        row.getTimestamp("created_at").toInstant(), row.getString("estimated_delivery"),
                        json.read(row.getString("detail"), DETAIL)))
                .list();
        for (CarrierEvent scan : scans) {
            jdbc.sql("UPDATE carrier_scan_unmatched SET matched_at = ?, matched_watch_id = ? WHERE event_id = ?")
                    .params(Timestamp.from(now), watchId, scan.eventId()).update();
        }
        return scans;
    }

    /** The scans still waiting for their shipment, newest first. */
    @Transactional(readOnly = true)
    public List<UnmatchedScan> waiting() {
        return jdbc.sql("""
                SELECT event_id, carrier, tracking_code, previous_tracking_code, status, created_at, received_at
                FROM carrier_scan_unmatched WHERE matched_at IS NULL ORDER BY received_at DESC LIMIT ?""")
                .param(LISTED).query(UnmatchedScan.class).list();
    }
}
