package io.continuityhub.tools.warehouse;

import io.continuityhub.tools.DownstreamAnswer;
import io.continuityhub.tools.DownstreamCall;

/**
 * The hub's one contract with warehouse systems: each vendor's adapter says how to ask for an
 * order's status and how to read the answer. The call itself goes through the warehouse gateway.
 * Which adapter is used is {@code hub.warehouse.vendor} (sap, manhattan, blueyonder).
 */
public interface WarehouseClient {

    DownstreamCall orderStatusCall(String orderId);

    /** The order as the hub understands it; throws PermanentToolException for an unknown order. */
    OrderStatus readOrderStatus(String orderId, DownstreamAnswer answer);
}
