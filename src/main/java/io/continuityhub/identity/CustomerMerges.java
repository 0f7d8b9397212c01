package io.continuityhub.identity;

import com.fasterxml.jackson.core.type.TypeReference;
import io.continuityhub.kernel.HubRequestException;
import io.continuityhub.kernel.JsonColumns;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Explicit, audited, reversible merges. A merge points the source at the survivor (handles stay
 * where they are, so an unmerge has nothing to untangle) and records any handle it moved.
 */
@Service
public class CustomerMerges {

    /** A handle a merge moved, with what it was before, so the unmerge can put it back. */
    record MovedHandle(long handleId, String fromCustomerId, boolean wasVerified) {
    }

    private static final TypeReference<List<MovedHandle>> MOVED_HANDLES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final CustomerRepository customers;
    private final IdentityAudit audit;
    private final ApplicationEventPublisher events;
    private final JsonColumns json;
    private final Clock clock;

    CustomerMerges(JdbcClient jdbc, CustomerRepository customers, IdentityAudit audit,
                   ApplicationEventPublisher events, JsonColumns json, Clock clock) {
        this.jdbc = jdbc;
        this.customers = customers;
        this.audit = audit;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public MergeView merge(String sourceId, String targetId, String actor, String reason) {
        return merge(sourceId, targetId, actor, reason, List.of());
    }

    /** Merges inside a caller's transaction that has already moved {@code movedHandles}. */
    MergeView merge(String sourceId, String targetId, String actor, String reason, List<MovedHandle> movedHandles) {
        if (sourceId.equals(targetId)) {
            throw HubRequestException.conflict("merge_into_itself", "a customer cannot be merged into itself");
        }
        lockBoth(sourceId, targetId);
        customers.requireNotErased(sourceId);
        customers.requireNotErased(targetId);
        requireSurvivor(sourceId);
        requireSurvivor(targetId);
        String mergeId = "merge-" + UUID.randomUUID();
        customers.setMergedInto(sourceId, targetId);
        jdbc.sql("""
                INSERT INTO customer_merge (merge_id, source_customer_id, target_customer_id, moved_handles,
                                            reason, merged_by, merged_at)
                VALUES (?, ?, ?, ?::jsonb, ?, ?, ?)""")
                .params(mergeId, sourceId, targetId, json.write(movedHandles), reason, actor, Timestamp.from(clock.instant()))
                .update();
        audit.record(actor, "merge", targetId, sourceId, Map.of("mergeId", mergeId, "reason", String.valueOf(reason)));
        events.publishEvent(new CustomersMerged(mergeId, sourceId, targetId));
        return find(mergeId);
    }

    @Transactional
    public MergeView unmerge(String mergeId, String actor) {
        MergeView merge = find(mergeId);
        lockBoth(merge.sourceCustomerId(), merge.targetCustomerId());
        // an erased person's merges stay as they were: their handles are gone, nothing is left to separate
        customers.requireNotErased(merge.sourceCustomerId());
        customers.requireNotErased(merge.targetCustomerId());
        int reversed = jdbc.sql("""
                UPDATE customer_merge SET unmerged_by = ?, unmerged_at = ?
                WHERE merge_id = ? AND unmerged_at IS NULL""")
                .params(actor, Timestamp.from(clock.instant()), mergeId)
                .update();
        if (reversed == 0) {
            throw HubRequestException.conflict("already_unmerged", "merge " + mergeId + " was already reversed");
        }
        customers.setMergedInto(merge.sourceCustomerId(), null);
        String moved = jdbc.sql("SELECT moved_handles::text FROM customer_merge WHERE merge_id = ?")
                .param(mergeId).query(String.class).single();
        for (MovedHandle handle : json.read(moved, MOVED_HANDLES)) {
            customers.assignHandle(handle.handleId(), handle.fromCustomerId(), handle.wasVerified());
        }
        audit.record(actor, "unmerge", merge.targetCustomerId(), merge.sourceCustomerId(), Map.of("mergeId", mergeId));
        events.publishEvent(new CustomersUnmerged(mergeId, merge.sourceCustomerId(), merge.targetCustomerId()));
        return find(mergeId);
    }

    @Transactional(readOnly = true)
    public List<MergeView> mergesInto(String targetId) {
        return jdbc.sql(SELECT_MERGE + " WHERE target_customer_id = ? ORDER BY merged_at")
                .param(targetId).query(MergeView.class).list();
    }

    private MergeView find(String mergeId) {
        return jdbc.sql(SELECT_MERGE + " WHERE merge_id = ?").param(mergeId).query(MergeView.class).optional()
                .orElseThrow(() -> HubRequestException.notFound("no merge " + mergeId));
    }

    private static final String SELECT_MERGE = """
            SELECT merge_id, source_customer_id, target_customer_id, reason, merged_by, merged_at,
                   unmerged_by, unmerged_at FROM customer_merge""";

    /** Always in id order, so two merges of the same pair cannot deadlock. */
    private void lockBoth(String a, String b) {
        for (String id : a.compareTo(b) < 0 ? List.of(a, b) : List.of(b, a)) {
            customers.lock(id).orElseThrow(() -> HubRequestException.notFound("no customer " + id));
        }
    }

    private void requireSurvivor(String customerId) {
        String survivor = customers.survivorOf(customerId);
        if (!survivor.equals(customerId)) {
            throw HubRequestException.conflict("customer_merged",
                    customerId + " was merged into " + survivor + "; use " + survivor + " instead");
        }
    }
}
