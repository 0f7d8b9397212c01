package io.continuityhub.sandbox.warehouse;

import com.fasterxml.jackson.core.type.TypeReference;
import io.continuityhub.kernel.JsonColumns;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The seeded orders ({@code sandbox.warehouse_order}) the SAP, Manhattan and Blue Yonder simulators read. */
@Repository
@Profile("sandbox")
public class WarehouseOrders {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    static final int DEFAULT_DELIVERY_DAYS = 3;
    static final int MAX_LISTED = 200;

    private final JdbcClient jdbc;
    private final JsonColumns json;

    WarehouseOrders(JdbcClient jdbc, JsonColumns json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Inserts or replaces the order (its SAP delivery number stays); part of the caller's seeding transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void upsert(String customerId, SeedOrder order, Instant now) {
        LocalDate requested = order.requestedDeliveryDate() != null ? LocalDate.parse(order.requestedDeliveryDate())
                : LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(DEFAULT_DELIVERY_DAYS);
        jdbc.sql("""
                        INSERT INTO sandbox.warehouse_order (order_id, customer_id, warehouse, status, delay_reason, carrier,
                            tracking_code, delivery_options, requested_delivery_date, delivery_document, seeded_at, updated_at)
                        VALUES (:orderId, :customerId, :warehouse, :status, :delayReason, :carrier, :trackingCode,
                            CAST(:options AS jsonb), :requested, nextval('sandbox.warehouse_delivery_document')::text, :now, :now)
                        ON CONFLICT (order_id) DO UPDATE SET customer_id = EXCLUDED.customer_id,
                            warehouse = EXCLUDED.warehouse, status = EXCLUDED.status, delay_reason = EXCLUDED.delay_reason,
                            carrier = EXCLUDED.carrier, tracking_code = EXCLUDED.tracking_code,
                            delivery_options = EXCLUDED.delivery_options,
                            requested_delivery_date = EXCLUDED.requested_delivery_date, updated_at = EXCLUDED.updated_at""")
                .param("orderId", order.orderId())
                .param("customerId", customerId)
                .param("warehouse", order.warehouse())
                .param("status", order.status())
                .param("delayReason", order.delayReason())
                .param("carrier", order.carrier())
                .param("trackingCode", order.trackingCode())
                .param("options", json.write(order.deliveryOptionsOrEmpty()))
                .param("requested", Date.valueOf(requested))
                .param("now", Timestamp.from(now))
                .update();
    }

    public Optional<WarehouseOrder> find(String orderId) {
        return jdbc.sql("SELECT * FROM sandbox.warehouse_order WHERE order_id = :orderId")
                .param("orderId", orderId).query(this::row).optional();
    }

    /**
     * The order a tracking code was issued for. Carriers recycle codes, so the carrier narrows it
     * when given, and the most recently changed order wins.
     */
    public Optional<WarehouseOrder> byTrackingCode(String trackingCode, String carrier) {
        return jdbc.sql("""
                        SELECT * FROM sandbox.warehouse_order
                        WHERE tracking_code = :code AND (CAST(:carrier AS text) IS NULL OR upper(carrier) = upper(:carrier))
                        ORDER BY updated_at DESC LIMIT 1""")
                .param("code", trackingCode)
                .param("carrier", carrier)
                .query(this::row).optional();
    }

    /** The carrier re-labelled the parcel: the order now ships under {@code newTrackingCode}. */
    public void changeTrackingCode(String orderId, String newTrackingCode, Instant now) {
        jdbc.sql("UPDATE sandbox.warehouse_order SET tracking_code = :code, updated_at = :now WHERE order_id = :orderId")
                .param("code", newTrackingCode)
                .param("now", Timestamp.from(now))
                .param("orderId", orderId)
                .update();
    }

    /** Orders with an outbound delivery (everything past processing), optionally of one sales order. */
    List<WarehouseOrder> withDelivery(String orderId) {
        return jdbc.sql("""
                        SELECT * FROM sandbox.warehouse_order
                        WHERE status <> 'processing' AND (CAST(:orderId AS text) IS NULL OR order_id = :orderId)
                        ORDER BY delivery_document LIMIT :limit""")
                .param("orderId", orderId)
                .param("limit", MAX_LISTED)
                .query(this::row).list();
    }

    private WarehouseOrder row(ResultSet rs, int rowNum) throws SQLException {
        return new WarehouseOrder(rs.getString("order_id"), rs.getString("customer_id"), rs.getString("warehouse"),
                rs.getString("status"), rs.getString("delay_reason"), rs.getString("carrier"), rs.getString("tracking_code"),
                json.read(rs.getString("delivery_options"), STRINGS), rs.getDate("requested_delivery_date").toLocalDate(),
                rs.getString("delivery_document"), rs.getTimestamp("seeded_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
