package io.continuityhub.sandbox.warehouse;

import io.continuityhub.sandbox.AuthorizationHeaders;
import io.continuityhub.sandbox.faults.DownstreamSystem;
import io.continuityhub.sandbox.faults.SimulatedFaults;
import io.continuityhub.sandbox.faults.SimulatedOutage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * SAP S/4HANA's OData V2 sales order and outbound delivery services, read-only, behind HTTP basic
 * auth ({@code hub.warehouse.sap.username/password}). Answers are wrapped in {@code d} (an entity)
 * or {@code d.results} (a collection), dates are {@code /Date(ms)/}, statuses are SAP's one-letter
 * codes (A not yet processed, B partially, C completely). The delay reason, delivery options,
 * carrier and tracking code are not standard A_SalesOrder properties: a real system carries them
 * as key-user extension fields (custom fields, prefix {@code YY1_}, suffix {@code _SDH} for the
 * sales document header), which is what the {@code YY1_*_SDH} properties here stand for.
 */
@RestController
@Profile("sandbox")
@RequestMapping(SapODataSimulator.PATH)
class SapODataSimulator {

    static final String PATH = "/sandbox/warehouse/sap";
    private static final Pattern SALES_ORDER_KEY = Pattern.compile("A_SalesOrder\\('(.*)'\\)");
    private static final Pattern FILTER = Pattern.compile("\\s*ReferenceSDDocument\\s+eq\\s+'([^']*)'\\s*");

    private final WarehouseOrders orders;
    private final SimulatedFaults faults;
    private final String username;
    private final String password;

    SapODataSimulator(WarehouseOrders orders, SimulatedFaults faults,
                      @Value("${hub.warehouse.sap.username:}") String username,
                      @Value("${hub.warehouse.sap.password:}") String password) {
        this.orders = orders;
        this.faults = faults;
        this.username = username;
        this.password = password;
    }

    @GetMapping("/API_SALES_ORDER_SRV/{entity}")
    ResponseEntity<Object> salesOrder(@PathVariable String entity,
                                      @RequestHeader(value = "Authorization", required = false) String authorization) {
        Matcher key = SALES_ORDER_KEY.matcher(entity);
        String orderId = key.matches() ? key.group(1) : null;
        faults.check(DownstreamSystem.WAREHOUSE, orderId); // a status read is retried for the same order
        authenticate(authorization);
        if (orderId == null) {
            return error(404, "/IWBEP/CM_MGW_RT/020", "Resource not found for segment '" + entity + "'");
        }
        return orders.find(orderId)
                .map(order -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                        .<Object>body(Map.of("d", salesOrder(order))))
                .orElseGet(() -> error(404, "SALES_ORDER/404", "Sales order " + orderId + " not found"));
    }

    @GetMapping("/API_OUTBOUND_DELIVERY_SRV/A_OutbDeliveryHeader")
    ResponseEntity<Object> deliveries(@RequestParam(name = "$filter", required = false) String filter,
                                      @RequestHeader(value = "Authorization", required = false) String authorization) {
        Matcher matcher = filter == null ? null : FILTER.matcher(filter);
        String orderId = matcher != null && matcher.matches() ? matcher.group(1) : null;
        faults.check(DownstreamSystem.WAREHOUSE, orderId); // a status read is retried for the same order
        authenticate(authorization);
        if (matcher != null && orderId == null) {
            return error(400, "/IWBEP/CM_MGW_RT/022", "Invalid filter expression: '" + filter
                    + "'; this service filters on ReferenceSDDocument eq '<sales order>'");
        }
        List<Map<String, Object>> results = orders.withDelivery(orderId).stream().map(this::delivery).toList();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Map.of("d", Map.of("results", results)));
    }

    private Map<String, Object> salesOrder(WarehouseOrder order) {
        String[] statuses = switch (order.status()) {
            case "processing" -> new String[] {"A", "A"};
            case "delayed" -> new String[] {"B", "B"};
            case "shipped" -> new String[] {"C", "B"};
            default -> new String[] {"C", "C"}; // delivered
        };
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("__metadata", metadata("API_SALES_ORDER_SRV/A_SalesOrder('" + order.orderId() + "')",
                "API_SALES_ORDER_SRV.A_SalesOrderType"));
        d.put("SalesOrder", order.orderId());
        d.put("SalesOrderType", "OR");
        d.put("SoldToParty", order.customerId());
        d.put("OverallSDProcessStatus", statuses[0]);
        d.put("OverallTotalDeliveryStatus", statuses[1]);
        d.put("RequestedDeliveryDate", date(order.requestedDeliveryDate()));
        // OData V2 answers an empty Edm.String as "", never null
        d.put("YY1_DelayReason_SDH", text(order.delayReason()));
        d.put("YY1_DeliveryOptions_SDH", String.join(",", order.deliveryOptions()));
        d.put("YY1_Carrier_SDH", text(order.carrier()));
        d.put("YY1_TrackingCode_SDH", text(order.trackingCode()));
        return d;
    }

    private Map<String, Object> delivery(WarehouseOrder order) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata", metadata("API_OUTBOUND_DELIVERY_SRV/A_OutbDeliveryHeader('" + order.deliveryDocument()
                + "')", "API_OUTBOUND_DELIVERY_SRV.A_OutbDeliveryHeaderType"));
        header.put("DeliveryDocument", order.deliveryDocument());
        header.put("ReferenceSDDocument", order.orderId());
        header.put("OverallGoodsMovementStatus", order.shipped() ? "C" : "A");
        header.put("ActualGoodsMovementDate", order.shipped() ? date(order.updatedAt()) : null);
        header.put("ShippingPoint", "1000");
        return header;
    }

    private static Map<String, Object> metadata(String entity, String type) {
        String uri = ServletUriComponentsBuilder.fromCurrentContextPath().path(PATH).toUriString() + "/" + entity;
        return Map.of("id", uri, "uri", uri, "type", type);
    }

    /** OData V2's Edm.DateTime: milliseconds since the epoch at midnight UTC of the day. */
    private static String date(LocalDate day) {
        return "/Date(" + day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + ")/";
    }

    private static String date(Instant at) {
        return date(LocalDate.ofInstant(at, ZoneOffset.UTC));
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private void authenticate(String authorization) {
        AuthorizationHeaders.Basic login = AuthorizationHeaders.basic(authorization).orElse(null);
        if (login == null || !(AuthorizationHeaders.matches(username, login.user())
                & AuthorizationHeaders.matches(password, login.secret()))) {
            throw new SapUnauthorized();
        }
    }

    /** A request without SAP's basic-auth login. */
    static final class SapUnauthorized extends RuntimeException {
        SapUnauthorized() {
            super("log in with hub.warehouse.sap.username / password (HTTP basic auth)");
        }
    }

    @ExceptionHandler(SapUnauthorized.class)
    ResponseEntity<Object> unauthorized(SapUnauthorized e) {
        return ResponseEntity.status(401).header("WWW-Authenticate", "Basic realm=\"SAP NetWeaver Application Server\"")
                .contentType(MediaType.APPLICATION_JSON).body(odataError("/IWFND/CM_CONSUMER/101", e.getMessage()));
    }

    @ExceptionHandler(SimulatedOutage.class)
    ResponseEntity<Object> outage(SimulatedOutage e) {
        return error(503, "/IWFND/CM_BEC/026", "SAP Gateway: the back-end system is not available (" + e.getMessage() + ")");
    }

    private static ResponseEntity<Object> error(int status, String code, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(odataError(code, message));
    }

    /** OData V2's error: {@code {"error":{"code","message":{"lang","value"}}}}. */
    private static Map<String, Object> odataError(String code, String message) {
        return Map.of("error", Map.of("code", code, "message", Map.of("lang", "en", "value", message)));
    }
}
