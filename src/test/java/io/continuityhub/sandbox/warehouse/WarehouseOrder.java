package io.continuityhub.sandbox.warehouse;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** An order every warehouse simulator serves, each in its own vendor's shape. */
public record WarehouseOrder(String orderId, String customerId, String warehouse, String status, String delayReason,
                             String carrier, String trackingCode, List<String> deliveryOptions,
                             LocalDate requestedDeliveryDate, String deliveryDocument, Instant seededAt, Instant updatedAt) {

    public boolean shipped() {
        return "shipped".equals(status) || "delivered".equals(status);
    }
}
