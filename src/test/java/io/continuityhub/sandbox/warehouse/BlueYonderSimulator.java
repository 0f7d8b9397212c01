package io.continuityhub.sandbox.warehouse;

import io.continuityhub.sandbox.faults.DownstreamSystem;
import io.continuityhub.sandbox.faults.SimulatedFaults;
import io.continuityhub.sandbox.faults.SimulatedOutage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Blue Yonder's order status, as the sandbox plays it.
 *
 * <p>ASSUMPTION: Blue Yonder's API payloads are not public. The OAuth client-credentials token
 * endpoint is the usual pattern; the order resource, its path, its field names ({@code
 * orderNumber, fulfillmentStatus, exceptionReason, shipments[{carrierCode, trackingId}],
 * alternativeDeliverySlots}), its status values and the error shapes are invented and plausible,
 * not Blue Yonder's. Replace them with the real contract when one is available.
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/warehouse/blueyonder")
class BlueYonderSimulator {

    private final WarehouseOrders orders;
    private final SimulatedFaults faults;
    private final ClientCredentialsTokens tokens;

    BlueYonderSimulator(WarehouseOrders orders, SimulatedFaults faults,
                        @Value("${hub.warehouse.blueyonder.client-id:}") String clientId,
                        @Value("${hub.warehouse.blueyonder.client-secret:}") String clientSecret) {
        this.orders = orders;
        this.faults = faults;
        this.tokens = new ClientCredentialsTokens(clientId, clientSecret, "order.read");
    }

    @PostMapping("/oauth/token")
    ResponseEntity<Object> token(@RequestParam MultiValueMap<String, String> form,
                                 @RequestHeader(value = "Authorization", required = false) String authorization) {
        faults.check(DownstreamSystem.WAREHOUSE);
        return tokens.token(form, authorization);
    }

    @GetMapping("/api/order/{orderNumber}")
    ResponseEntity<Object> order(@PathVariable String orderNumber,
                                 @RequestHeader(value = "Authorization", required = false) String authorization) {
        faults.check(DownstreamSystem.WAREHOUSE, orderNumber); // a status read is retried for the same order
        if (!tokens.authorizes(authorization)) {
            return ClientCredentialsTokens.invalidToken();
        }
        return orders.find(orderNumber)
                .map(order -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).<Object>body(view(order)))
                .orElseGet(() -> error(404, "NOT_FOUND", "No order with orderNumber " + orderNumber));
    }

    private static Map<String, Object> view(WarehouseOrder order) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("orderNumber", order.orderId());
        view.put("customerNumber", order.customerId());
        view.put("fulfillmentStatus", switch (order.status()) {
            case "processing" -> "IN_PROGRESS";
            case "delayed" -> "DELAYED";
            case "shipped" -> "SHIPPED";
            default -> "DELIVERED";
        });
        view.put("exceptionReason", order.delayReason());
        view.put("shipments", order.carrier() == null && order.trackingCode() == null ? List.of()
                : List.of(shipment(order)));
        view.put("alternativeDeliverySlots", order.deliveryOptions());
        view.put("plannedDeliveryDate", order.requestedDeliveryDate().toString());
        return view;
    }

    private static Map<String, Object> shipment(WarehouseOrder order) {
        Map<String, Object> shipment = new LinkedHashMap<>();
        shipment.put("carrierCode", order.carrier());
        shipment.put("trackingId", order.trackingCode());
        return shipment;
    }

    @ExceptionHandler(SimulatedOutage.class)
    ResponseEntity<Object> outage(SimulatedOutage e) {
        return error(503, "SERVICE_UNAVAILABLE", e.getMessage());
    }

    /** {@code {"errors":[{"code","message"}]}} (assumed, see the class comment). */
    private static ResponseEntity<Object> error(int status, String code, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("errors", List.of(Map.of("code", code, "message", message))));
    }
}
