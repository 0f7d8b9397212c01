package io.continuityhub.sandbox.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.continuityhub.sandbox.SideEffectLedger;
import io.continuityhub.sandbox.faults.DownstreamSystem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The simulated org's Case records ({@code sandbox.salesforce_case}). Upserts of one external id
 * are serialised with a transaction-scoped advisory lock, so concurrent upserts of a new key create
 * one record, while the table itself allows duplicates (as an org does).
 */
@Repository
@Profile("sandbox")
class SalesforceCases {

    static final String KEY_PREFIX = "500";
    private static final String SYSTEM = DownstreamSystem.SALESFORCE.wireName();

    /** What an upsert did: created or updated {@code ids.get(0)}, or found several records and changed none. */
    record Upsert(Outcome outcome, List<String> ids) {
        enum Outcome { CREATED, UPDATED, MULTIPLE }
    }

    private final JdbcClient jdbc;
    private final SideEffectLedger ledger;
    private final ObjectMapper json;

    SalesforceCases(JdbcClient jdbc, SideEffectLedger ledger, ObjectMapper json) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.json = json;
    }

    /** Salesforce's upsert by external id; a created record is counted in the side-effect ledger. */
    @Transactional
    Upsert upsert(String hubKey, ObjectNode fields, Instant now) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('sandbox.salesforce_case'), hashtext(:key))")
                .param("key", hubKey).query().listOfRows();
        List<String> ids = idsOf(hubKey);
        if (ids.size() > 1) {
            return new Upsert(Upsert.Outcome.MULTIPLE, ids);
        }
        if (ids.size() == 1) {
            jdbc.sql("""
                            UPDATE sandbox.salesforce_case SET fields = fields || CAST(:fields AS jsonb), updated_at = :now
                            WHERE id = :id""")
                    .param("fields", write(fields))
                    .param("now", Timestamp.from(now))
                    .param("id", ids.get(0))
                    .update();
            return new Upsert(Upsert.Outcome.UPDATED, ids);
        }
        return new Upsert(Upsert.Outcome.CREATED, List.of(insert(hubKey, fields, now)));
    }

    /** A second record with an existing external id (a copy of the newest), so upserts of it answer 300. */
    @Transactional
    String duplicate(String hubKey, Instant now) {
        ObjectNode fields = byHubKey(hubKey).stream().reduce((first, second) -> second).map(SalesforceCase::fields)
                .orElseGet(json::createObjectNode);
        return insert(hubKey, fields, now);
    }

    Optional<SalesforceCase> byId(String id) {
        return jdbc.sql("SELECT * FROM sandbox.salesforce_case WHERE id = :id")
                .param("id", id).query(this::row).optional();
    }

    List<SalesforceCase> byHubKey(String hubKey) {
        return jdbc.sql("SELECT * FROM sandbox.salesforce_case WHERE hub_key = :key ORDER BY created_at, case_number")
                .param("key", hubKey).query(this::row).list();
    }

    List<SalesforceCase> latest(int limit) {
        return jdbc.sql("""
                        SELECT * FROM (SELECT * FROM sandbox.salesforce_case ORDER BY case_number DESC LIMIT :limit) newest
                        ORDER BY case_number""")
                .param("limit", limit).query(this::row).list();
    }

    private List<String> idsOf(String hubKey) {
        return jdbc.sql("SELECT id FROM sandbox.salesforce_case WHERE hub_key = :key ORDER BY created_at, case_number")
                .param("key", hubKey).query(String.class).list();
    }

    private String insert(String hubKey, ObjectNode fields, Instant now) {
        String id = SalesforceIds.newId(KEY_PREFIX);
        jdbc.sql("""
                        INSERT INTO sandbox.salesforce_case (id, hub_key, fields, created_at, updated_at)
                        VALUES (:id, :key, CAST(:fields AS jsonb), :now, :now)""")
                .param("id", id)
                .param("key", hubKey)
                .param("fields", write(fields))
                .param("now", Timestamp.from(now))
                .update();
        ledger.record(SYSTEM, hubKey, now);
        return id;
    }

    private SalesforceCase row(ResultSet rs, int rowNum) throws SQLException {
        try {
            return new SalesforceCase(rs.getString("id"), rs.getLong("case_number"), rs.getString("hub_key"),
                    (ObjectNode) json.readTree(rs.getString("fields")), rs.getTimestamp("created_at").toInstant(),
                    rs.getTimestamp("updated_at").toInstant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sandbox.salesforce_case holds fields the simulator did not write", e);
        }
    }

    private String write(ObjectNode fields) {
        return fields.toString();
    }
}
