package io.continuityhub.sandbox.warehouse;

import io.continuityhub.kernel.HubRequestException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * An order as {@code POST /sandbox/customers} seeds it (API.md's seeding body).
 *
 * @param requestedDeliveryDate ISO date; null: three days after seeding
 */
public record SeedOrder(String orderId, String warehouse, String status, String delayReason, String carrier,
                        String trackingCode, List<String> deliveryOptions, String requestedDeliveryDate) {

    public static final List<String> WAREHOUSES = List.of("sap", "manhattan", "blueyonder");
    public static final List<String> STATUSES = List.of("processing", "delayed", "shipped", "delivered");
    private static final String ID = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";
    private static final int MAX_TEXT = 255;

    /** Refuses what the warehouse could not hold, naming the field as {@code <prefix>.<field>}. */
    public void validate(String prefix) {
        if (orderId == null || !orderId.matches(ID)) {
            throw HubRequestException.badField(prefix + ".orderId", "is required: letters, digits, - and _, up to 64, e.g. O-99281");
        }
        if (!WAREHOUSES.contains(warehouse)) {
            throw HubRequestException.badField(prefix + ".warehouse", "must be one of " + WAREHOUSES);
        }
        if (!STATUSES.contains(status)) {
            throw HubRequestException.badField(prefix + ".status", "must be one of " + STATUSES);
        }
        text(prefix + ".delayReason", delayReason);
        text(prefix + ".carrier", carrier);
        text(prefix + ".trackingCode", trackingCode);
        if (deliveryOptions != null) {
            for (int i = 0; i < deliveryOptions.size(); i++) {
                String option = deliveryOptions.get(i);
                if (option == null || option.isBlank()) {
                    throw HubRequestException.badField(prefix + ".deliveryOptions[" + i + "]", "must not be empty");
                }
                text(prefix + ".deliveryOptions[" + i + "]", option);
            }
        }
        if (requestedDeliveryDate != null) {
            try {
                LocalDate.parse(requestedDeliveryDate);
            } catch (DateTimeParseException e) {
                throw HubRequestException.badField(prefix + ".requestedDeliveryDate", "must be a date such as 2026-04-28");
            }
        }
    }

    List<String> deliveryOptionsOrEmpty() {
        return deliveryOptions == null ? List.of() : deliveryOptions;
    }

    private static void text(String field, String value) {
        if (value != null && value.length() > MAX_TEXT) {
            throw HubRequestException.badField(field, "is at most " + MAX_TEXT + " characters");
        }
    }
}
