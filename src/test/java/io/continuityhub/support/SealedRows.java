package io.continuityhub.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.kernel.crypto.CryptoProperties;
import io.continuityhub.kernel.crypto.Sealing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rows whose message text and payloads are sealed at rest, read as the hub reads them: a test
 * selects rows by their plain columns and looks into the opened text or JSON in Java (SQL cannot
 * see into a sealed column: {@code payload->>'text'} finds nothing).
 */
public final class SealedRows {

    /** config/application-sandbox.yaml's development key (dev1), and the shared test hub's second key. */
    public static final String SANDBOX_KEY = "QpyrTJU9aFD0EJCPvhwHNKfxbjicgQewmRvbbZrbTQc=";
    private static final Sealing SEALING = new Sealing(new CryptoProperties("dev1",
            Map.of("dev1", SANDBOX_KEY, "k2", HubIntegrationTest.ROTATED_KEY)));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private SealedRows() {
    }

    /** A session event as the hub reads it: summary opened, payload as JSON. */
    public record Event(String sessionId, long seq, String type, String summary, JsonNode payload) {
    }

    /** {@code session_event} rows matching {@code where} (plain columns only), in session and seq order. */
    public static List<Event> events(JdbcClient jdbc, String where, Object... params) {
        return jdbc.sql("SELECT session_id, seq, type, summary, payload::text AS payload FROM session_event WHERE " + where
                        + " ORDER BY session_id, seq")
                .params(params)
                .query((rs, n) -> new Event(rs.getString("session_id"), rs.getLong("seq"), rs.getString("type"),
                        SEALING.open(rs.getString("summary")), tree(SEALING.openJson(rs.getString("payload")))))
                .list();
    }

    /**
     * {@code interaction} rows matching {@code where} (plain columns only), each column by name,
     * with {@code text} opened and {@code attributes} as a map; in the order they were received.
     */
    public static List<Map<String, Object>> interactions(JdbcClient jdbc, String where, Object... params) {
        return jdbc.sql("SELECT *, attributes::text AS attributes_json FROM interaction WHERE " + where
                        + " ORDER BY received_at, event_seq")
                .params(params)
                .query().listOfRows().stream()
                .map(row -> {
                    Map<String, Object> opened = new LinkedHashMap<>(row);
                    opened.put("text", SEALING.open((String) row.get("text")));
                    opened.put("attributes", map(SEALING.openJson((String) opened.remove("attributes_json"))));
                    return opened;
                })
                .toList();
    }

    /** The attribute {@code name} of the interactions matching {@code where}, as text. */
    public static List<String> attribute(JdbcClient jdbc, String name, String where, Object... params) {
        return interactions(jdbc, where, params).stream()
                .map(row -> ((Map<?, ?>) row.get("attributes")).get(name))
                .map(value -> value == null ? null : value.toString())
                .toList();
    }

    /** The email interactions whose subject is {@code subject}. */
    public static List<Map<String, Object>> emailsWithSubject(JdbcClient jdbc, String subject) {
        return interactions(jdbc, "ingress = 'email'").stream()
                .filter(row -> subject.equals(((Map<?, ?>) row.get("attributes")).get("subject")))
                .toList();
    }

    /** The {@code context} of the escalations matching {@code where}, opened. */
    public static List<JsonNode> escalationContexts(JdbcClient jdbc, String where, Object... params) {
        return jdbc.sql("SELECT context::text FROM escalation WHERE " + where + " ORDER BY opened_at")
                .params(params).query(String.class).list().stream()
                .map(context -> tree(SEALING.openJson(context)))
                .toList();
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static Map<String, Object> map(String json) {
        try {
            return JSON.readValue(json, OBJECT);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
