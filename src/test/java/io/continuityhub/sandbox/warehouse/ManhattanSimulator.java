package io.continuityhub.sandbox.warehouse;

import io.continuityhub.sandbox.faults.DownstreamSystem;
import io.continuityhub.sandbox.faults.SimulatedFaults;
import io.continuityhub.sandbox.faults.SimulatedOutage;
import java.util.LinkedHashMap;
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
 * Manhattan Active Omni's order status, as the sandbox plays it.
 *
 * <p>ASSUMPTION: Manhattan's API payloads are not public. The OAuth client-credentials token
 * endpoint is the usual pattern of its cloud platform; the order resource, its path and its field
 * names ({@code orderId, status DELAYED|IN_PROCESS|SHIPPED|DELIVERED, delayReason, carrier,
 * trackingNumber, deliveryOptions}) and the error shapes are invented and plausible, not
 * Manhattan's. Replace them with the real contract when one is available.
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/warehouse/manhattan")
class ManhattanSimulator {

    private final WarehouseOrders orders;
    private final SimulatedFaults faults;
    private final ClientCredentialsTokens tokens;

    ManhattanSimulator(WarehouseOrders orders, SimulatedFaults faults,
                       @Value("${hub.warehouse.manhattan.client-id:}") String clientId,
                       @Value("${hub.warehouse.manhattan.client-secret:}") String clientSecret) {
        this.orders = orders;
        this.faults = faults;
        this.tokens = new ClientCredentialsTokens(clientId, clientSecret, "omni");
    }

    @PostMapping("/oauth/token")
    ResponseEntity<Object> token(@RequestParam MultiValueMap<String, String> form,
                                 @RequestHeader(value = "Authorization", required = false) String authorization) {
        faults.check(DownstreamSystem.WAREHOUSE);
        return tokens.token(form, authorization);
    }

    @GetMapping("/api/order/{orderId}")
    ResponseEntity<Object> order(@PathVariable String orderId,
                                 @RequestHeader(value = "Authorization", required = false) String authorization) {
        faults.check(DownstreamSystem.WAREHOUSE, orderId); // a status read is retried for the same order
        if (!tokens.authorizes(authorization)) {
            return ClientCredentialsTokens.invalidToken();
        }
        return orders.find(orderId)
                .map(order -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).<Object>body(view(order)))
                .orElseGet(() -> error(404, "ORDER_NOT_FOUND", "Order " + orderId + " not found"));
    }

    private static Map<String, Object> view(WarehouseOrder order) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("orderId", order.orderId());
        view.put("customerId", order.customerId());
        view.put("status", switch (order.status()) {
            case "processing" -> "IN_PROCESS";
            case "delayed" -> "DELAYED";
            case "shipped" -> "SHIPPED";
            default -> "DELIVERED";
        });
        view.put("delayReason", order.delayReason());
        view.put("carrier", order.carrier());
        view.put("trackingNumber", order.trackingCode());
        view.put("deliveryOptions", order.deliveryOptions());
        view.put("promisedDeliveryDate", order.requestedDeliveryDate().toString());
        return view;
    }

    @ExceptionHandler(SimulatedOutage.class)
    ResponseEntity<Object> outage(SimulatedOutage e) {
        return error(503, "SERVICE_UNAVAILABLE", e.getMessage());
    }

    private static ResponseEntity<Object> error(int status, String code, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", code, "message", message));
    }
}
