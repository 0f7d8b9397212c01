package io.continuityhub.sandbox.warehouse;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The fulfillment exception queue ({@code sandbox.fulfillment_exception}). */
@Repository
@Profile("sandbox")
class FulfillmentExceptions {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int MAX_LISTED = 200;

    private final JdbcClient jdbc;

    FulfillmentExceptions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    FulfillmentException open(String orderId, String type, String detail, String resolution, Instant now) {
        FulfillmentException raised = new FulfillmentException(newId(), orderId, type, "open", now, detail, resolution, now);
        jdbc.sql("""
                        INSERT INTO sandbox.fulfillment_exception (exception_id, order_id, type, detail, resolution, status,
                            created_at, updated_at)
                        VALUES (:id, :orderId, :type, :detail, :resolution, 'open', :now, :now)""")
                .param("id", raised.exceptionId()).param("orderId", orderId).param("type", type)
                .param("detail", detail).param("resolution", resolution).param("now", Timestamp.from(now))
                .update();
        return raised;
    }

    /** Withdraws an open exception (a withdrawn one stays as it was); returns it as it is now. */
    FulfillmentException withdraw(String exceptionId, Instant now) {
        jdbc.sql("""
                        UPDATE sandbox.fulfillment_exception SET status = 'withdrawn', updated_at = :now
                        WHERE exception_id = :id AND status = 'open'""")
                .param("now", Timestamp.from(now)).param("id", exceptionId)
                .update();
        return find(exceptionId).orElseThrow();
    }

    Optional<FulfillmentException> find(String exceptionId) {
        return jdbc.sql("SELECT * FROM sandbox.fulfillment_exception WHERE exception_id = :id")
                .param("id", exceptionId).query(FulfillmentExceptions::row).optional();
    }

    /** One order's exceptions in the order they were raised, or the newest of all. */
    List<FulfillmentException> list(String orderId) {
        return jdbc.sql("""
                        SELECT * FROM (SELECT * FROM sandbox.fulfillment_exception
                                       WHERE CAST(:orderId AS text) IS NULL OR order_id = :orderId
                                       ORDER BY created_at DESC, exception_id LIMIT :limit) newest
                        ORDER BY created_at, exception_id""")
                .param("orderId", orderId).param("limit", MAX_LISTED)
                .query(FulfillmentExceptions::row).list();
    }

    private static String newId() {
        StringBuilder id = new StringBuilder("FX-");
        for (int i = 0; i < 10; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    private static FulfillmentException row(ResultSet rs, int rowNum) throws SQLException {
        return new FulfillmentException(rs.getString("exception_id"), rs.getString("order_id"), rs.getString("type"),
                rs.getString("status"), rs.getTimestamp("created_at").toInstant(), rs.getString("detail"),
                rs.getString("resolution"), rs.getTimestamp("updated_at").toInstant());
    }
}
