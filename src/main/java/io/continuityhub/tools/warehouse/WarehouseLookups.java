package io.continuityhub.tools.warehouse;

import io.continuityhub.tools.Action;
import io.continuityhub.tools.DownstreamAnswer;
import io.continuityhub.tools.DownstreamCall;
import io.continuityhub.tools.PermanentToolException;
import io.continuityhub.tools.RetryableToolException;
import io.continuityhub.tools.ToolOutcome;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/** The {@code tool-warehouse-status} route's beans: ask the configured warehouse about the action's order. */
@Component
public class WarehouseLookups {

    public static final String TOOL = "warehouse-status";

    private final WarehouseClient warehouse;

    WarehouseLookups(WarehouseClient warehouse) {
        this.warehouse = warehouse;
    }

    public DownstreamCall call(@Body Action action) {
        return warehouse.orderStatusCall(action.requireText("orderId"));
    }

    public ToolOutcome outcome(@Variable("action") Action action, @Body DownstreamAnswer answer) {
        OrderStatus status = warehouse.readOrderStatus(action.requireText("orderId"), answer);
        return new ToolOutcome(status.orderId(), status.asMap());
    }

    /** A read changes nothing, so any call that did not complete is simply asked again later. */
    public void classifyFailure(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure instanceof PermanentToolException permanent) {
            throw permanent;
        }
        throw new RetryableToolException("warehouse lookup did not complete (" + failure.getClass().getSimpleName() + ": "
                + failure.getMessage() + ")", failure);
    }
}
