package io.continuityhub.tools.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.tools.DownstreamAnswer;
import io.continuityhub.tools.DownstreamCall;
import io.continuityhub.tools.PermanentToolException;
import io.continuityhub.tools.ServiceUrls;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * SAP S/4HANA over OData V2 (API_SALES_ORDER_SRV). SAP's one-letter statuses say how far the
 * order got (A not yet, B partly, C completely); the delay, its reason, the carrier and the
 * offered delivery slots are key-user extension fields (YY1_*_SDH) of the sales order header.
 */
@Component
@ConditionalOnProperty(name = "hub.warehouse.vendor", havingValue = "sap", matchIfMissing = true)
class SapWarehouseClient implements WarehouseClient {

    private final WarehouseProperties.Sap sap;
    private final ServiceUrls urls;
    private final ObjectMapper json;

    SapWarehouseClient(WarehouseProperties properties, ServiceUrls urls, ObjectMapper json) {
        this.sap = properties.sap();
        this.urls = urls;
        this.json = json;
    }

    @Override
    public DownstreamCall orderStatusCall(String orderId) {
        String key = URLEncoder.encode("'" + orderId.replace("'", "''") + "'", StandardCharsets.UTF_8);
        String login = Base64.getEncoder().encodeToString((sap.username() + ":" + sap.password()).getBytes(StandardCharsets.UTF_8));
        return new DownstreamCall("GET", urls.of("hub.warehouse.sap.base-url") + "/API_SALES_ORDER_SRV/A_SalesOrder(" + key + ")",
                Map.of("Authorization", "Basic " + login, "Accept", "application/json"), null);
    }

    @Override
    public OrderStatus readOrderStatus(String orderId, DownstreamAnswer answer) {
        JsonNode body = answer.json(json);
        if (answer.status() == 404) {
            throw new PermanentToolException("SAP knows no sales order " + orderId + ": "
                    + body.path("error").path("message").path("value").asText());
        }
        if (!answer.is2xx()) {
            throw new PermanentToolException("SAP refused the order lookup (" + answer.status() + "): " + answer.body());
        }
        JsonNode order = body.path("d");
        String options = order.path("YY1_DeliveryOptions_SDH").asText("");
        return new OrderStatus(orderId, status(order), text(order, "YY1_DelayReason_SDH"), text(order, "YY1_Carrier_SDH"),
                text(order, "YY1_TrackingCode_SDH"),
                options.isBlank() ? List.of() : Arrays.stream(options.split(",")).map(String::trim).toList());
    }

    /** processing: nothing delivered yet; delayed: a delay is recorded; shipped / delivered by the delivery status. */
    private static String status(JsonNode order) {
        String process = order.path("OverallSDProcessStatus").asText("A");
        String delivery = order.path("OverallTotalDeliveryStatus").asText("A");
        if (!text(order, "YY1_DelayReason_SDH", "").isBlank()) {
            return "delayed";
        }
        if ("C".equals(delivery)) {
            return "delivered";
        }
        return "C".equals(process) ? "shipped" : "processing";
    }

    private static String text(JsonNode node, String field) {
        return text(node, field, null);
    }

    private static String text(JsonNode node, String field, String fallback) {
        String value = node.path(field).asText("");
        return value.isBlank() ? fallback : value;
    }
}
