package io.continuityhub.tools.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.tools.ServiceUrls;
import java.util.Locale;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** Blue Yonder: {@code fulfillmentStatus}, {@code exceptionReason}, {@code shipments[]} (assumed shape, see the parent). */
@Component
@ConditionalOnProperty(name = "hub.warehouse.vendor", havingValue = "blueyonder")
class BlueYonderWarehouseClient extends RestWarehouseClient {

    BlueYonderWarehouseClient(WarehouseProperties properties, ServiceUrls urls, ProducerTemplate camel, ObjectMapper json) {
        super("blueyonder", properties.blueyonder(), properties, urls, camel, json);
    }

    @Override
    protected OrderStatus read(String orderId, JsonNode order) {
        String reason = order.path("exceptionReason").asText("");
        String status = !reason.isBlank() ? "delayed" : switch (order.path("fulfillmentStatus").asText("").toUpperCase(Locale.ROOT)) {
            case "SHIPPED", "IN_TRANSIT" -> "shipped";
            case "DELIVERED" -> "delivered";
            default -> "processing";
        };
        JsonNode shipment = order.path("shipments").path(0);
        return new OrderStatus(orderId, status, reason.isBlank() ? null : reason, shipment.path("carrierCode").asText(null),
                shipment.path("trackingId").asText(null), texts(order.path("alternativeDeliverySlots")));
    }
}
