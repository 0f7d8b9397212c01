package io.continuityhub.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checked-in inventory of the hub's tables (schema {@code public}; the sandbox's own schema is
 * the simulators' and is excepted): every text, varchar and json column is either personal data,
 * with how an erasure leaves it, or listed as not personal. PersonalDataColumnsTest fails when a
 * migration adds a column that is in neither list; ErasureTest proves each personal column empty
 * for an erased person. To add a column: decide, list it here, and (if personal) erase it in
 * io.continuityhub.privacy.
 */
final class PersonalDataColumns {

    /** How an erased person's value of a personal column must look. */
    enum Erased {
        /** null, or the redaction marker of its kind: {@code [redacted]}, {@code {"redacted": true}}, {@code []} */
        EMPTY,
        /** a provider's message id replaced by its SHA-256 ({@code sha256:…}): still a key, no longer readable */
        HASHED,
        /** the identity audit's detail: only keys that never hold personal data are left */
        AUDIT_DETAIL,
        /** the person's rows of this table are deleted */
        DELETED
    }

    /** Keys of identity_audit.detail that stay after an erasure. */
    static final Set<String> AUDIT_DETAIL_KEYS = Set.of("mergeId", "channel", "shared", "source", "erasureId");

    static final Map<String, Erased> PERSONAL = personal();

    private static Map<String, Erased> personal() {
        Map<String, Erased> columns = new LinkedHashMap<>();
        // identity: a name, a time zone, the key (phone, address) of the first contact
        columns.put("customer.display_name", Erased.EMPTY);
        columns.put("customer.time_zone", Erased.EMPTY);
        columns.put("customer.origin_key", Erased.EMPTY);
        columns.put("customer_handle.value", Erased.DELETED);
        columns.put("customer_handle.match_key", Erased.DELETED);
        columns.put("customer_merge.reason", Erased.EMPTY);                    // an operator's free text
        columns.put("identity_audit.detail", Erased.AUDIT_DETAIL);             // a merge's reason
        // sessions: handles in the channel list, the issue and next steps in the customer's words
        columns.put("session.channels", Erased.EMPTY);
        columns.put("session.issue", Erased.EMPTY);
        columns.put("session.last_action", Erased.EMPTY);
        columns.put("session.next_action", Erased.EMPTY);
        columns.put("session.carried_summary", Erased.EMPTY);
        columns.put("session_event.channel_label", Erased.EMPTY);
        columns.put("session_event.summary", Erased.EMPTY);
        columns.put("session_event.payload", Erased.EMPTY);
        // what the customer sent
        columns.put("interaction.handle_value", Erased.EMPTY);
        columns.put("interaction.text", Erased.EMPTY);
        columns.put("interaction.attributes", Erased.EMPTY);                   // subject, profile name, attachments
        columns.put("interaction.provider_message_id", Erased.HASHED);         // a wamid encodes the number
        columns.put("inbox.sender_key", Erased.EMPTY);
        columns.put("inbox.interaction", Erased.EMPTY);
        columns.put("inbox.last_error", Erased.EMPTY);
        columns.put("inbox.provider_message_id", Erased.HASHED);
        columns.put("inbound_message_id.message_id", Erased.HASHED);           // <ingress>:<message id>
        // what the hub did for them
        columns.put("action.request", Erased.EMPTY);                           // numbers, addresses, message text
        columns.put("action.response", Erased.EMPTY);
        columns.put("action.last_error", Erased.EMPTY);
        columns.put("action.provider_ref", Erased.HASHED);                     // a sent message's wamid
        columns.put("escalation.reason", Erased.EMPTY);
        columns.put("escalation.context", Erased.EMPTY);                       // the session and its events
        columns.put("escalation.resolution", Erased.EMPTY);
        columns.put("agent_turn_failure.last_error", Erased.DELETED);
        // their parcels
        columns.put("shipment_watch.order_id", Erased.DELETED);
        columns.put("shipment_watch.tracking_code", Erased.DELETED);
        columns.put("carrier_scan_unmatched.tracking_code", Erased.DELETED);
        columns.put("carrier_scan_unmatched.previous_tracking_code", Erased.DELETED);
        columns.put("carrier_scan_unmatched.detail", Erased.DELETED);          // a carrier's note ("left with …")
        // what waits for the bus (hub.bus=kafka): session events and escalations, whole
        columns.put("outbox.message", Erased.DELETED);
        return Map.copyOf(columns);
    }

    /** Ids, codes, statuses and staff names: nothing that says who the customer is or what they said. */
    static final Set<String> NOT_PERSONAL = Set.of(
            "customer.customer_id", "customer.merged_into", "customer.source",
            "customer_handle.customer_id", "customer_handle.channel", "customer_handle.source",
            "customer_merge.merge_id", "customer_merge.source_customer_id", "customer_merge.target_customer_id",
            "customer_merge.moved_handles", "customer_merge.merged_by", "customer_merge.unmerged_by",
            "identity_audit.actor", "identity_audit.action", "identity_audit.customer_id", "identity_audit.other_customer_id",
            "session.session_id", "session.customer_id", "session.status", "session.state", "session.close_reason",
            "session.previous_session_id", "session.absorbed_into",
            "session_event.session_id", "session_event.channel", "session_event.type", "session_event.actor",
            "interaction.interaction_id", "interaction.ingress", "interaction.channel", "interaction.handle_type",
            "interaction.customer_id", "interaction.session_id",
            "inbox.ingress", "inbox.status",
            "inbound_message_id.processor_name",
            "action.idempotency_key", "action.customer_id", "action.session_id", "action.tool", "action.step",
            "action.status", "action.delivery_status",
            "escalation.escalation_id", "escalation.customer_id", "escalation.session_id", "escalation.case_key",
            "escalation.status", "escalation.claimed_by", "escalation.resolved_by",
            "agent_turn_failure.session_id",
            "shipment_watch.watch_id", "shipment_watch.customer_id", "shipment_watch.session_id", "shipment_watch.carrier",
            "shipment_watch.status", "shipment_watch.last_event_id", "shipment_watch.last_status",
            "carrier_scan_unmatched.event_id", "carrier_scan_unmatched.carrier", "carrier_scan_unmatched.status",
            "carrier_scan_unmatched.estimated_delivery", "carrier_scan_unmatched.matched_watch_id",
            "outage_notice.session_id", "outage_notice.system",
            "outbox.topic", "outbox.message_key", "outbox.customer_id",
            // the security audit: staff names, ids, addresses of callers, outcomes (no handle, no text)
            "audit_event.action", "audit_event.category", "audit_event.outcome", "audit_event.actor",
            "audit_event.source_ip", "audit_event.target", "audit_event.reason", "audit_event.ecs",
            "privacy_erasure.erasure_id", "privacy_erasure.customer_id", "privacy_erasure.customer_ids",
            "privacy_erasure.requested_by", "privacy_erasure.row_counts",
            "flyway_schema_history.version", "flyway_schema_history.description", "flyway_schema_history.type",
            "flyway_schema_history.script", "flyway_schema_history.installed_by");

    /**
     * Where each table keeps one person's rows, by what is known of them before their erasure:
     * {@code :customers}, {@code :sessions}, {@code :watches}, {@code :codes} (tracking codes),
     * {@code :inbox} (inbox seqs) and {@code :keys} (de-duplication keys). Every hub table with a
     * personal column has one (PersonalDataColumnsTest).
     */
    static final Map<String, String> PERSON_SCOPE = Map.ofEntries(
            Map.entry("customer", "customer_id IN (:customers)"),
            Map.entry("customer_handle", "customer_id IN (:customers)"),
            Map.entry("customer_merge", "source_customer_id IN (:customers) OR target_customer_id IN (:customers)"),
            Map.entry("identity_audit", "customer_id IN (:customers) OR other_customer_id IN (:customers)"),
            Map.entry("session", "session_id IN (:sessions)"),
            Map.entry("session_event", "session_id IN (:sessions)"),
            Map.entry("interaction", "customer_id IN (:customers) OR session_id IN (:sessions)"),
            Map.entry("inbox", "seq IN (:inbox)"),
            Map.entry("inbound_message_id", "message_id IN (:keys)"),
            Map.entry("action", "customer_id IN (:customers) OR session_id IN (:sessions)"),
            Map.entry("escalation", "customer_id IN (:customers) OR session_id IN (:sessions)"),
            Map.entry("agent_turn_failure", "session_id IN (:sessions)"),
            Map.entry("shipment_watch", "customer_id IN (:customers)"),
            Map.entry("outbox", "customer_id IN (:customers) OR message_key IN (:customers)"),
            Map.entry("carrier_scan_unmatched",
                    "matched_watch_id IN (:watches) OR tracking_code IN (:codes) OR previous_tracking_code IN (:codes)"),
            Map.entry("outage_notice", "session_id IN (:sessions)"),
            Map.entry("privacy_erasure", "customer_id IN (:customers)"));

    /** The text, varchar and json columns of the hub's own tables, as {@code table.column}. */
    static final String TEXT_COLUMNS = """
            SELECT table_name || '.' || column_name FROM information_schema.columns
            WHERE table_schema = 'public'
              AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED')
            ORDER BY table_name, ordinal_position""";

    static List<String> tables(Iterable<String> columns) {
        java.util.TreeSet<String> tables = new java.util.TreeSet<>();
        columns.forEach(column -> tables.add(column.substring(0, column.indexOf('.'))));
        return List.copyOf(tables);
    }

    private PersonalDataColumns() {
    }
}
