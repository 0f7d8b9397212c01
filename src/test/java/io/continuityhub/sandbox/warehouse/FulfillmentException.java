package io.continuityhub.sandbox.warehouse;

import java.time.Instant;

/** An entry of the warehouse's fulfillment exception queue, as the API answers it. */
record FulfillmentException(String exceptionId, String orderId, String type, String status, Instant createdAt,
                            String detail, String resolution, Instant updatedAt) {
}
