package io.continuityhub.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The identity graph's part of a data-subject erasure: the customers' handles are deleted, the
 * customer rows stay as tombstones without a name, a time zone or the key of their first contact,
 * and merges and the identity audit keep who did what and when without the free text that could
 * name the person. The caller holds the customers' locks ({@link CustomerLock#lockMergeTree}) and
 * erases the rest of their data in the same transaction.
 */
@Service
public class IdentityErasure {

    /** Keys of the identity audit's detail that never hold personal data; every other key goes. */
    static final List<String> AUDIT_DETAIL_KEPT = List.of("mergeId", "channel", "shared", "source", "erasureId");
    private static final String AUDIT_DETAIL_REDACTED = """
            (SELECT coalesce(jsonb_object_agg(d.key, d.value), '{}'::jsonb) FROM jsonb_each(identity_audit.detail) d
             WHERE d.key IN (:kept))""";

    /**
     * What the erasure leaves the caller: the match keys of the person's own (not shared) handles,
     * to find what still carries them elsewhere (a parked inbox message), and rows changed per table.
     */
    public record ErasedIdentity(List<String> matchKeys, Map<String, Integer> rows) {
    }

    private final JdbcClient jdbc;
    private final IdentityAudit audit;

    IdentityErasure(JdbcClient jdbc, IdentityAudit audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public ErasedIdentity erase(List<String> customerIds, String actor, String erasureId, Instant now) {
        Map<String, Integer> rows = new LinkedHashMap<>();
        List<String> matchKeys = jdbc.sql("""
                SELECT DISTINCT match_key FROM customer_handle WHERE customer_id IN (:ids) AND NOT shared""")
                .param("ids", customerIds).query(String.class).list();
        rows.put("customer_handle", jdbc.sql("DELETE FROM customer_handle WHERE customer_id IN (:ids)")
                .param("ids", customerIds).update());
        rows.put("customer", jdbc.sql("""
                UPDATE customer SET display_name = NULL, time_zone = NULL, origin_key = NULL,
                                    erased_at = coalesce(erased_at, :now)
                WHERE customer_id IN (:ids)
                  AND (display_name IS NOT NULL OR time_zone IS NOT NULL OR origin_key IS NOT NULL OR erased_at IS NULL)""")
                .param("now", Timestamp.from(now)).param("ids", customerIds).update());
        rows.put("customer_merge", jdbc.sql("""
                UPDATE customer_merge SET reason = NULL
                WHERE (source_customer_id IN (:ids) OR target_customer_id IN (:ids)) AND reason IS NOT NULL""")
                .param("ids", customerIds).update());
        rows.put("identity_audit", jdbc.sql("UPDATE identity_audit SET detail = " + AUDIT_DETAIL_REDACTED + """

                WHERE (customer_id IN (:ids) OR other_customer_id IN (:ids))
                  AND detail IS DISTINCT FROM""" + " " + AUDIT_DETAIL_REDACTED)
                .param("kept", AUDIT_DETAIL_KEPT).param("ids", customerIds).update());
        for (String customerId : customerIds) {
            audit.record(actor, "erase", customerId, null, Map.of("erasureId", erasureId));
        }
        return new ErasedIdentity(matchKeys, rows);
    }
}
