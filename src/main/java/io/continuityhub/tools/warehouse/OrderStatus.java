package io.continuityhub.tools.warehouse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An order as the hub reasons about it, whatever warehouse system it came from.
 *
 * @param status one of processing, delayed, shipped, delivered
 */
public record OrderStatus(String orderId, String status, String delayReason, String carrier, String trackingCode,
                          List<String> deliveryOptions) {

    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("orderId", orderId);
        map.put("status", status);
        map.put("delayReason", delayReason);
        map.put("carrier", carrier);
        map.put("trackingCode", trackingCode);
        map.put("deliveryOptions", deliveryOptions);
        return map;
    }
}
