package io.continuityhub.privacy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One person's rows across the hub's tables (PersonalDataColumns.PERSON_SCOPE), found by what is
 * known of them when this is made: their customers, sessions, shipment watches and tracking codes,
 * inbox rows and de-duplication keys. Made before an erasure, it still finds their rows after it.
 */
record PersonRows(JdbcClient jdbc, List<String> customers, List<String> sessions, List<String> watches,
                  List<String> codes, List<Long> inbox, List<String> keys) {

    static PersonRows of(JdbcClient jdbc, List<String> customers) {
        List<String> sessions = strings(jdbc, "SELECT session_id FROM session WHERE customer_id IN (:customers)", customers);
        List<String> watches = strings(jdbc, "SELECT watch_id FROM shipment_watch WHERE customer_id IN (:customers)", customers);
        List<String> codes = strings(jdbc, "SELECT tracking_code FROM shipment_watch WHERE customer_id IN (:customers)",
                customers);
        List<String> keys = strings(jdbc, """
                SELECT ingress || ':' || provider_message_id FROM interaction WHERE customer_id IN (:customers)""", customers);
        List<Long> inbox = jdbc.sql("""
                SELECT i.seq FROM inbox i JOIN interaction n
                  ON n.ingress = i.ingress AND n.provider_message_id = i.provider_message_id
                WHERE n.customer_id IN (:customers)""").param("customers", customers).query(Long.class).list();
        return new PersonRows(jdbc, customers, orNone(sessions), orNone(watches), orNone(codes),
                inbox.isEmpty() ? List.of(-1L) : inbox, orNone(keys));
    }

    private static List<String> strings(JdbcClient jdbc, String sql, List<String> customers) {
        return jdbc.sql(sql).param("customers", customers).query(String.class).list();
    }

    /** SQL has no empty IN list: a value no row has stands for "none". */
    private static List<String> orNone(List<String> values) {
        return values.isEmpty() ? List.of("-") : values;
    }

    private static String where(String table) {
        String scope = PersonalDataColumns.PERSON_SCOPE.get(table);
        if (scope == null) {
            throw new AssertionError("no PERSON_SCOPE for " + table);
        }
        return " WHERE " + scope;
    }

    private JdbcClient.StatementSpec bind(String sql) {
        return jdbc.sql(sql).param("customers", customers).param("sessions", sessions).param("watches", watches)
                .param("codes", codes).param("inbox", inbox).param("keys", keys);
    }

    long rowsIn(String table) {
        return bind("SELECT count(*) FROM " + table + where(table)).query(Long.class).single();
    }

    /** The column's values, as text, over the person's rows of its table. */
    List<String> values(String table, String column) {
        return bind("SELECT " + column + "::text FROM " + table + where(table)).query(String.class).list();
    }

    /** Every row of the person in every table, whole, as JSON, per table. */
    Map<String, List<String>> rows() {
        Map<String, List<String>> rows = new HashMap<>();
        for (String table : PersonalDataColumns.PERSON_SCOPE.keySet()) {
            rows.put(table, bind("SELECT row_to_json(t)::text FROM " + table + " t" + where(table) + " ORDER BY 1")
                    .query(String.class).list());
        }
        return rows;
    }

    /** The person's rows, anywhere, that contain one of {@code markers} (case aside). */
    List<String> anyRowMentions(Set<String> markers) {
        List<String> found = new ArrayList<>();
        rows().forEach((table, rows) -> rows.forEach(row -> markers.stream()
                .filter(marker -> row.toLowerCase().contains(marker.toLowerCase()))
                .forEach(marker -> found.add(table + " mentions " + marker + ": " + row))));
        return found;
    }
}
