package io.continuityhub.tools.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.tools.ServiceUrls;
import java.util.Locale;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** Manhattan Active Omni: {@code status} DELAYED, IN_PROCESS, SHIPPED, DELIVERED (assumed shape, see the parent). */
@Component
@ConditionalOnProperty(name = "hub.warehouse.vendor", havingValue = "manhattan")
class ManhattanWarehouseClient extends RestWarehouseClient {

    ManhattanWarehouseClient(WarehouseProperties properties, ServiceUrls urls, ProducerTemplate camel, ObjectMapper json) {
        super("manhattan", properties.manhattan(), properties, urls, camel, json);
    }

    @Override
    protected OrderStatus read(String orderId, JsonNode order) {
        String status = switch (order.path("status").asText("").toUpperCase(Locale.ROOT)) {
            case "DELAYED" -> "delayed";
            case "SHIPPED" -> "shipped";
            case "DELIVERED" -> "delivered";
            default -> "processing";
        };
        return new OrderStatus(orderId, status, order.path("delayReason").asText(null), order.path("carrier").asText(null),
                order.path("trackingNumber").asText(null), texts(order.path("deliveryOptions")));
    }
}
