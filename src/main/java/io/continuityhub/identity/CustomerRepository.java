package io.continuityhub.identity;

import io.continuityhub.kernel.HubRequestException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rows of the identity graph: customers, their handles and the merge chain between them. */
@Repository
public class CustomerRepository {

    private final JdbcClient jdbc;
    private final Clock clock;

    CustomerRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    record HandleRow(long handleId, String customerId, String channel, String value, boolean verified, boolean shared) {
    }

    List<HandleRow> handlesByMatchKey(String matchKey) {
        return jdbc.sql("""
                SELECT handle_id, customer_id, channel, value, verified, shared
                FROM customer_handle WHERE match_key = ? ORDER BY handle_id""")
                .param(matchKey)
                .query(HandleRow.class)
                .list();
    }

    /** The customer a (possibly merged) customer id stands for today: the end of its merge chain. */
    String survivorOf(String customerId) {
        return jdbc.sql("""
                WITH RECURSIVE chain (customer_id, merged_into, depth) AS (
                    SELECT customer_id, merged_into, 0 FROM customer WHERE customer_id = ?
                    UNION ALL
                    SELECT c.customer_id, c.merged_into, chain.depth + 1
                    FROM customer c JOIN chain ON c.customer_id = chain.merged_into
                    WHERE chain.depth < 64)
                SELECT customer_id FROM chain WHERE merged_into IS NULL""")
                .param(customerId)
                .query(String.class)
                .optional()
                .orElseThrow(() -> HubRequestException.notFound("no customer " + customerId));
    }

    /**
     * The customer and every customer merged into it, directly or through others: the deepest
     * first, the survivor last (the order a writer's walk up a merge chain locks them in).
     */
    List<String> mergeTreeDeepestFirst(String survivorId) {
        return jdbc.sql("""
                WITH RECURSIVE tree (customer_id, depth) AS (
                    SELECT customer_id, 0 FROM customer WHERE customer_id = ?
                    UNION ALL
                    SELECT c.customer_id, tree.depth + 1
                    FROM customer c JOIN tree ON c.merged_into = tree.customer_id
                    WHERE tree.depth < 64)
                SELECT customer_id FROM tree ORDER BY depth DESC, customer_id""")
                .param(survivorId)
                .query(String.class)
                .list();
    }

    /** Refuses a change of an erased customer's identity (a link, a merge, a seed) with 409. */
    void requireNotErased(String customerId) {
        if (find(customerId).map(CustomerRow::erased).orElse(false)) {
            throw HubRequestException.conflict("customer_erased", "customer " + customerId
                    + " was erased: their identity is gone and cannot be changed; a new contact starts a new customer");
        }
    }

    boolean exists(String customerId) {
        return jdbc.sql("SELECT count(*) FROM customer WHERE customer_id = ?").param(customerId)
                .query(Long.class).single() > 0;
    }

    /** @param erasedAt when the customer was erased (a tombstone without personal data); null while they are not */
    record CustomerRow(String customerId, String displayName, String timeZone, boolean provisional,
                       String mergedInto, Timestamp createdAt, Timestamp erasedAt) {

        boolean erased() {
            return erasedAt != null;
        }
    }

    Optional<CustomerRow> find(String customerId) {
        return jdbc.sql("""
                SELECT customer_id, display_name, time_zone, provisional, merged_into, created_at, erased_at
                FROM customer WHERE customer_id = ?""")
                .param(customerId)
                .query(CustomerRow.class)
                .optional();
    }

    /** Locks the customer row: every writer of one customer's identity or session goes through it. */
    Optional<CustomerRow> lock(String customerId) {
        return jdbc.sql("""
                SELECT customer_id, display_name, time_zone, provisional, merged_into, created_at, erased_at
                FROM customer WHERE customer_id = ? FOR UPDATE""")
                .param(customerId)
                .query(CustomerRow.class)
                .optional();
    }

    /** The same, unless another transaction holds the row: then empty at once, instead of waiting. */
    Optional<CustomerRow> lockUnlessHeld(String customerId) {
        return jdbc.sql("""
                SELECT customer_id, display_name, time_zone, provisional, merged_into, created_at, erased_at
                FROM customer WHERE customer_id = ? FOR UPDATE SKIP LOCKED""")
                .param(customerId)
                .query(CustomerRow.class)
                .optional();
    }

    Optional<String> provisionalByOrigin(String matchKey) {
        return jdbc.sql("""
                SELECT customer_id FROM customer
                WHERE provisional AND merged_into IS NULL AND origin_key = ?""")
                .param(matchKey)
                .query(String.class)
                .optional();
    }

    /** Creates the provisional customer of an unknown handle, unless a concurrent first contact just did. */
    Optional<String> insertProvisional(String originKey, String source) {
        String id = newCustomerId();
        int inserted = jdbc.sql("""
                INSERT INTO customer (customer_id, provisional, origin_key, source, created_at)
                VALUES (?, true, ?, ?, ?)
                ON CONFLICT (origin_key) WHERE provisional AND merged_into IS NULL AND origin_key IS NOT NULL
                DO NOTHING""")
                .params(id, originKey, source, Timestamp.from(clock.instant()))
                .update();
        return inserted == 1 ? Optional.of(id) : Optional.empty();
    }

    /** Creates or updates a known customer (seeding from a CRM, the sandbox); returns false if it existed. */
    boolean upsertKnown(String customerId, String displayName, String timeZone, String source) {
        return jdbc.sql("""
                INSERT INTO customer (customer_id, display_name, time_zone, provisional, source, created_at)
                VALUES (?, ?, ?, false, ?, ?)
                ON CONFLICT (customer_id) DO UPDATE
                    SET display_name = EXCLUDED.display_name, time_zone = EXCLUDED.time_zone
                RETURNING (xmax = 0)""")
                .params(customerId, displayName, timeZone, source, Timestamp.from(clock.instant()))
                .query(Boolean.class)
                .single();
    }

    /** Inserts a handle unless one with the same channel and value exists; returns its id if inserted. */
    Optional<Long> insertHandle(String customerId, Handle handle, boolean verified, boolean shared, String source) {
        return jdbc.sql("""
                INSERT INTO customer_handle (customer_id, channel, value, match_key, verified, shared, source, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (channel, value) DO NOTHING
                RETURNING handle_id""")
                .params(customerId, handle.type().wireName(), handle.value(), handle.matchKey(), verified, shared, source,
                        Timestamp.from(clock.instant()))
                .query(Long.class)
                .optional();
    }

    void assignHandle(long handleId, String customerId, boolean verified) {
        jdbc.sql("UPDATE customer_handle SET customer_id = ?, verified = ? WHERE handle_id = ?")
                .params(customerId, verified, handleId)
                .update();
    }

    void markShared(long handleId, boolean shared) {
        jdbc.sql("UPDATE customer_handle SET shared = ? WHERE handle_id = ?").params(shared, handleId).update();
    }

    void setMergedInto(String customerId, String survivorId) {
        jdbc.sql("UPDATE customer SET merged_into = ? WHERE customer_id = ?").params(survivorId, customerId).update();
    }

    List<CustomerView.HandleView> handlesOf(String customerId) {
        return jdbc.sql("""
                SELECT channel, value, verified, shared, source FROM customer_handle
                WHERE customer_id = ? ORDER BY handle_id""")
                .param(customerId)
                .query(CustomerView.HandleView.class)
                .list();
    }

    /** Serialises identity changes that touch one match key (two links of one number racing). */
    void lockMatchKey(String matchKey) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))").param("identity:" + matchKey)
                .query(Object.class).single();
    }

    static String newCustomerId() {
        return "cust-" + UUID.randomUUID();
    }
}
