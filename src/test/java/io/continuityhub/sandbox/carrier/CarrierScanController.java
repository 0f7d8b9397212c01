package io.continuityhub.sandbox.carrier;

import io.continuityhub.kernel.HubRequestException;
import io.continuityhub.sandbox.HubWebhookClient;
import io.continuityhub.sandbox.SignedWebhook;
import io.continuityhub.sandbox.faults.DownstreamSystem;
import io.continuityhub.sandbox.faults.SimulatedFaults;
import io.continuityhub.sandbox.faults.SimulatedOutage;
import io.continuityhub.sandbox.warehouse.WarehouseOrder;
import io.continuityhub.sandbox.warehouse.WarehouseOrders;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The carrier, played by the sandbox: a scan becomes EasyPost's signed {@code tracker.updated}
 * event, delivered to the hub {@code repeat} times with the same event id (delivery is at least
 * once), and a re-label ({@code newTrackingCode}) moves the seeded order to the new code.
 */
@RestController
@Profile("sandbox")
class CarrierScanController {

    private static final Logger log = LoggerFactory.getLogger(CarrierScanController.class);
    static final String DEFAULT_CARRIER = "UPS";
    static final int MAX_REPEAT = 10;
    private static final int MAX_CODE = 64;
    private static final int ESTIMATED_TRANSIT_DAYS = 2;

    record ScanRequest(String trackingCode, String status, String newTrackingCode, String carrier, Integer repeat,
                       String message, TrackerEventFactory.Location location) {
    }

    record Delivery(int hubStatus, Object hubBody) {
    }

    record ScanAnswer(String eventId, String trackerId, String trackingCode, String orderId, List<Delivery> deliveries) {
    }


    private final TrackerEventFactory events;
    private final CarrierWebhookClient hub;
    private final WarehouseOrders orders;
    private final SimulatedFaults faults;
    private final Clock clock;

    CarrierScanController(TrackerEventFactory events, CarrierWebhookClient hub, WarehouseOrders orders,
                          SimulatedFaults faults, Clock clock) {
        this.events = events;
        this.hub = hub;
        this.orders = orders;
        this.faults = faults;
        this.clock = clock;
    }

    @PostMapping("/sandbox/carrier/scan")
    ScanAnswer scan(@RequestBody ScanRequest request) {
        faults.check(DownstreamSystem.CARRIER);
        String trackingCode = code("trackingCode", request.trackingCode(), true);
        String newTrackingCode = code("newTrackingCode", request.newTrackingCode(), false);
        if (request.status() == null || !TrackerEventFactory.STATUSES.contains(request.status())) {
            throw HubRequestException.badField("status", "must be one of " + TrackerEventFactory.STATUSES);
        }
        int repeat = request.repeat() == null ? 1 : request.repeat();
        if (repeat < 1 || repeat > MAX_REPEAT) {
            throw HubRequestException.badField("repeat", "is how many times the event is delivered: 1 to " + MAX_REPEAT);
        }
        if (request.carrier() != null && (request.carrier().isBlank() || request.carrier().length() > MAX_CODE)) {
            throw HubRequestException.badField("carrier", "is a carrier code such as UPS, up to " + MAX_CODE + " characters");
        }
        Optional<WarehouseOrder> order = orders.byTrackingCode(trackingCode, request.carrier());
        String carrier = request.carrier() != null ? request.carrier()
                : order.map(WarehouseOrder::carrier).orElse(DEFAULT_CARRIER);
        if (carrier == null) {
            carrier = DEFAULT_CARRIER;
        }
        Instant now = clock.instant();
        LocalDate estimated = order.map(WarehouseOrder::requestedDeliveryDate)
                .orElse(LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(ESTIMATED_TRANSIT_DAYS));
        SignedWebhook event = events.trackerUpdated(new TrackerEventFactory.Scan(trackingCode, newTrackingCode,
                request.status(), carrier, request.message(),
                request.location() != null ? request.location() : TrackerEventFactory.Location.DEFAULT, estimated));
        if (newTrackingCode != null) {
            order.ifPresent(relabelled -> orders.changeTrackingCode(relabelled.orderId(), newTrackingCode, now));
        }
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            HubWebhookClient.HubAnswer answer = hub.post(event);
            deliveries.add(new Delivery(answer.status(), answer.body()));
        }
        log.info("Carrier simulator delivered {} ({} {}{}) {} time(s); the hub answered {}", event.id(), trackingCode,
                request.status(), newTrackingCode == null ? "" : ", now " + newTrackingCode, repeat,
                deliveries.stream().map(Delivery::hubStatus).toList());
        faults.afterCommit(DownstreamSystem.CARRIER);
        return new ScanAnswer(event.id(), TrackerEventFactory.trackerId(carrier,
                newTrackingCode != null ? newTrackingCode : trackingCode),
                newTrackingCode != null ? newTrackingCode : trackingCode,
                order.map(WarehouseOrder::orderId).orElse(null), deliveries);
    }

    @ExceptionHandler(SimulatedOutage.class)
    ResponseEntity<Map<String, Object>> outage(SimulatedOutage e) {
        // EasyPost's error shape
        return ResponseEntity.status(503).contentType(MediaType.APPLICATION_JSON).body(Map.of("error",
                Map.of("code", "SERVICE_UNAVAILABLE", "message", e.getMessage(), "errors", List.of())));
    }

    private static String code(String field, String value, boolean required) {
        if (value == null && !required) {
            return null;
        }
        if (value == null || value.isBlank() || value.length() > MAX_CODE) {
            throw HubRequestException.badField(field, (required ? "is required: " : "")
                    + "a tracking code of up to " + MAX_CODE + " characters");
        }
        return value;
    }
}
