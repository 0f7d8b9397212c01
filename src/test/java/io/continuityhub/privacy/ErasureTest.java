package io.continuityhub.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.support.HubClient;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.SealedRows;
import io.continuityhub.support.TestData;
import io.continuityhub.tools.ActionLedger;
import io.continuityhub.tools.NewAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * DELETE /api/v1/customers/{id}: a person who wrote on WhatsApp, by email and on a voice call,
 * whose second address was a provisional customer merged into them, who has an escalation, a
 * shipment watch with an early carrier scan and an action still to run, is erased: every personal
 * column (PersonalDataColumns) of every one of their rows is empty, none of their rows anywhere
 * holds their number, address, name or words, another customer's rows are untouched, and what
 * they send afterwards starts a new provisional customer.
 */
class ErasureTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    ActionLedger ledger;

    @Autowired
    DataSubjectErasure erasure;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void anErasedPersonsDataIsGoneFromEveryTableWhileAnotherCustomersStaysAsItWas() throws Exception {
        Person erin = new Person(hub, "Erin Erasable");
        Person other = new Person(hub, "Olive Other");
        erin.seed();
        other.seed();

        // the carrier scans Erin's parcel before the hub watches it: the scan is kept, with its note naming her
        carrierScan(erin.trackingCode, "in_transit", "Left with neighbour of " + erin.name);
        erin.whatsApp("Hi, where is my order " + erin.orderId + "? " + erin.marker("wa"));
        erin.awaitWatched(this::watches);
        String sessionId = erin.sessionId();
        erin.mail("Delivery question " + erin.marker("subject"), "Could you deliver to my office? " + erin.marker("mail"));
        await().atMost(PATIENCE).until(() -> count("""
                SELECT count(*) FROM interaction WHERE customer_id = ? AND ingress = 'email'""", erin.customerId) == 1);
        assertThat(hub.touchpoint(TestData.eventId(), "voice", "phone", erin.phone, "Calling about my parcel " + erin.marker("voice"))
                .status()).isEqualTo(202);
        // a second address, first as a stranger, then linked by an operator: the provisional customer is merged in
        String secondAddress = TestData.email();
        erin.markers.add(secondAddress);
        String provisional = hub.touchpoint(TestData.eventId(), "chat", "email", secondAddress,
                "It's me from my other address " + erin.marker("chat")).json().get("customerId").asText();
        HubClient.Response link = hub.opsPost("/api/v1/customers/" + erin.customerId + "/handles",
                "{\"channel\":\"email\",\"value\":\"" + secondAddress + "\"}");
        assertThat(link.status()).as(link.body()).isEqualTo(201);
        assertThat(link.json().get("mergedCustomerIds").get(0).asText()).isEqualTo(provisional);
        erin.whatsApp("Can I speak to a person please? " + erin.marker("person"));
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM escalation WHERE customer_id = ? AND status = 'open'",
                erin.customerId) == 1);
        awaitQuiet(sessionId);
        // a message the hub holds for tomorrow: it must never be sent once she is erased
        String heldKey = "test:" + UUID.randomUUID();
        ledger.record(new NewAction(heldKey, erin.customerId, sessionId, "whatsapp-send", "held",
                Map.of("to", erin.phone, "text", "Tomorrow: your parcel " + erin.marker("held"))), clock().instant().plus(Duration.ofDays(1)));

        other.whatsApp("Hello, where is my order " + other.orderId + "? " + other.marker("wa"));
        other.awaitWatched(this::watches);
        assertThat(hub.touchpoint(TestData.eventId(), "voice", "phone", other.phone, "Olive again " + other.marker("voice"))
                .status()).isEqualTo(202);
        awaitQuiet(other.sessionId());

        PersonRows erased = PersonRows.of(jdbc, List.of(erin.customerId, provisional));
        PersonRows untouched = PersonRows.of(jdbc, List.of(other.customerId));
        assertThat(erased.rowsIn("interaction")).as("WhatsApp, email, voice and chat").isGreaterThanOrEqualTo(5);
        assertThat(erased.rowsIn("customer_handle")).isGreaterThanOrEqualTo(3);
        assertThat(erased.rowsIn("shipment_watch")).isEqualTo(1);
        assertThat(erased.rowsIn("carrier_scan_unmatched")).as("the early scan, claimed by her watch").isEqualTo(1);
        assertThat(erased.rowsIn("inbox")).isGreaterThanOrEqualTo(2);
        assertThat(erased.rowsIn("action")).isGreaterThanOrEqualTo(4);
        assertThat(erased.rowsIn("escalation")).isEqualTo(1);
        assertThat(erased.rowsIn("customer_merge")).isEqualTo(1);
        assertThat(erased.sessions()).hasSize(2);
        assertThat(erased.anyRowMentions(erin.markers)).as("the scenario put her data everywhere").isNotEmpty();
        Map<String, List<String>> otherBefore = untouched.rows();

        HubClient.Response answer = hub.send("DELETE", "/api/v1/customers/" + erin.customerId, null,
                "Authorization", opsLogin());

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        JsonNode report = answer.json();
        assertThat(report.get("customerId").asText()).isEqualTo(erin.customerId);
        assertThat(report.get("alreadyErased").asBoolean()).isFalse();
        assertThat(report.get("erasedAt").asText()).isNotBlank();
        assertThat(report.get("requestedBy").asText()).isEqualTo("ops");
        assertThat(texts(report.get("customers"))).containsExactlyInAnyOrder(erin.customerId, provisional);
        assertThat(report.get("rows").get("customer_handle").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(report.get("rows").get("interaction").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(report.get("rows").get("shipment_watch").asInt()).isEqualTo(1);
        assertThat(report.get("withdrawnActions").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(report.get("resolvedEscalations").asInt()).isEqualTo(1);
        assertThat(report.get("closedSessions").asInt()).isEqualTo(2);

        for (Map.Entry<String, PersonalDataColumns.Erased> column : PersonalDataColumns.PERSONAL.entrySet()) {
            assertErased(erased, column.getKey(), column.getValue());
        }
        assertThat(erased.anyRowMentions(erin.markers)).as("rows of hers that still hold her number, address, name or words")
                .isEmpty();
        assertThat(untouched.rows()).as("another customer's rows").isEqualTo(otherBefore);

        assertThat(jdbc.sql("SELECT status FROM action WHERE idempotency_key = ?").param(heldKey).query(String.class).single())
                .isEqualTo("withdrawn");
        assertThat(count("SELECT count(*) FROM session WHERE customer_id IN (?, ?) AND status <> 'closed'",
                erin.customerId, provisional)).isZero();
        JsonNode tombstone = hub.opsGet("/api/v1/customers/" + erin.customerId).json();
        assertThat(tombstone.get("erasedAt").isNull()).isFalse();
        assertThat(tombstone.get("displayName").isNull()).isTrue();
        assertThat(tombstone.get("handles")).isEmpty();
        assertThat(hub.opsGet("/api/v1/customers/" + erin.customerId + "/session").status()).isEqualTo(404);
        // what is left of her session still reads, as a log of what happened when
        HubClient.Response events = hub.opsGet("/api/v1/sessions/" + sessionId + "/events");
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.json().size()).isGreaterThan(10);
        assertThat(hub.opsGet("/api/v1/sessions/" + sessionId + "/sequence?format=json").status()).isEqualTo(200);
        assertThat(jdbc.sql("""
                SELECT requested_by || ' ' || jsonb_exists(customer_ids, ?)::text FROM privacy_erasure WHERE customer_id = ?""")
                .params(provisional, erin.customerId).query(String.class).single()).isEqualTo("ops true");
        assertThat(count("SELECT count(*) FROM identity_audit WHERE action = 'erase' AND customer_id IN (?, ?) AND actor = 'ops'",
                erin.customerId, provisional)).isEqualTo(2);

        // her identity can no longer be changed: an erasure is not undone by a link
        HubClient.Response relink = hub.opsPost("/api/v1/customers/" + erin.customerId + "/handles",
                "{\"channel\":\"email\",\"value\":\"" + erin.email + "\"}");
        assertThat(relink.status()).isEqualTo(409);
        assertThat(relink.json().get("error").asText()).isEqualTo("customer_erased");

        // erasing again, by the id of the merged customer, finds her erased: 202, nothing left to do
        JsonNode again = hub.send("DELETE", "/api/v1/customers/" + provisional, null, "Authorization", opsLogin()).json();
        assertThat(again.get("alreadyErased").asBoolean()).isTrue();
        assertThat(again.get("erasedAt").asText()).isEqualTo(report.get("erasedAt").asText());
        assertThat(texts(again.get("customers"))).containsExactlyInAnyOrder(erin.customerId, provisional);
        again.get("rows").forEach(rows -> assertThat(rows.asInt()).isZero());

        // she writes again: a stranger, a new provisional customer, nothing of the old one comes back
        JsonNode after = hub.touchpoint(TestData.eventId(), "voice", "phone", erin.phone, "Hello again").json();
        assertThat(after.get("customerId").asText()).isNotIn(erin.customerId, provisional);
        JsonNode resolved = hub.opsGet("/api/v1/customers/resolve?channel=phone&handle=" + erin.phone.replace("+", "%2B")).json();
        assertThat(resolved.get("customerId").asText()).isEqualTo(after.get("customerId").asText());
        assertThat(resolved.get("provisional").asBoolean()).isTrue();
        erin.whatsApp("And on WhatsApp too");
        await().atMost(PATIENCE).until(() -> SealedRows.interactions(jdbc, "customer_id = ?", after.get("customerId").asText())
                .stream().filter(row -> "And on WhatsApp too".equals(row.get("text"))).count() == 1);
        assertThat(count("SELECT count(*) FROM interaction WHERE customer_id IN (?, ?) AND redacted_at IS NULL",
                erin.customerId, provisional)).isZero();
    }

    @Test
    void erasingACustomerTheHubNeverKnewAnswers404() {
        HubClient.Response answer = hub.send("DELETE", "/api/v1/customers/cust-never-" + UUID.randomUUID(), null,
                "Authorization", opsLogin());

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("error").asText()).isEqualTo("not_found");
        assertThat(answer.json().get("message").asText()).contains("no customer");
    }

    @Test
    void erasingNeedsTheOpsLogin() {
        Person someone = new Person(hub, "Sam Someone");
        someone.seed();

        assertThat(hub.send("DELETE", "/api/v1/customers/" + someone.customerId, null).status()).isEqualTo(401);
        assertThat(hub.opsGet("/api/v1/customers/" + someone.customerId).json().get("erasedAt").isNull()).isTrue();
    }

    /**
     * A message that resolved the person just before their erasure and then waited for their lock
     * is not half-erased: once the erasure commits it finds them erased, the channel is asked to
     * retry (503, nothing kept), and the retry is taken in as a new provisional customer's.
     */
    @Test
    void aMessageWaitingOnTheErasuresLockIsRetriedAsANewCustomers() throws Exception {
        Person racer = new Person(hub, "Rae Racing");
        racer.seed();
        assertThat(hub.touchpoint(TestData.eventId(), "sms", "phone", racer.phone, "first " + racer.marker("first"))
                .status()).isEqualTo(202);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch erasureHoldsTheLock = new CountDownLatch(1);
            CountDownLatch messageWaits = new CountDownLatch(1);
            Future<ErasureReport> erasing = threads.submit(() -> transactions.execute(status -> {
                // the erasure's first step, taken early: the message below resolves her and then waits here
                jdbc.sql("SELECT customer_id FROM customer WHERE customer_id = ? FOR UPDATE").param(racer.customerId)
                        .query(String.class).single();
                erasureHoldsTheLock.countDown();
                try {
                    messageWaits.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return erasure.erase(racer.customerId, "ops");
            }));
            assertThat(erasureHoldsTheLock.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            String eventId = TestData.eventId();
            Future<HubClient.Response> during = threads.submit(() -> hub.touchpoint(eventId, "sms", "phone", racer.phone,
                    "sent during the erasure " + racer.marker("during")));
            await().atMost(PATIENCE).until(() -> count("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE wait_event_type = 'Lock' AND query LIKE '%FROM customer WHERE customer_id = % FOR UPDATE%'""") > 0);
            messageWaits.countDown();
            assertThat(erasing.get().customers()).containsExactly(racer.customerId);

            HubClient.Response refused = during.get();
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            HubClient.Response retried = hub.touchpoint(eventId, "sms", "phone", racer.phone, "sent during the erasure");
            assertThat(retried.status()).as(retried.body()).isEqualTo(202);
            assertThat(retried.json().get("customerId").asText()).isNotEqualTo(racer.customerId);
        } finally {
            threads.shutdownNow();
        }

        assertThat(count("SELECT count(*) FROM interaction WHERE customer_id = ? AND redacted_at IS NULL", racer.customerId))
                .as("messages of the erased customer that kept their text").isZero();
        assertThat(count("SELECT count(*) FROM session WHERE customer_id = ? AND status <> 'closed'", racer.customerId)).isZero();
        assertThat(PersonRows.of(jdbc, List.of(racer.customerId)).anyRowMentions(racer.markers)).isEmpty();
    }

    private void assertErased(PersonRows person, String column, PersonalDataColumns.Erased how) {
        String table = column.substring(0, column.indexOf('.'));
        String name = column.substring(column.indexOf('.') + 1);
        if (how == PersonalDataColumns.Erased.DELETED) {
            assertThat(person.rowsIn(table)).as(table + ": rows of the erased person").isZero();
            return;
        }
        if (table.equals("inbound_message_id")) {
            assertThat(person.rowsIn(table)).as("de-duplication keys of her messages still in clear").isZero();
            return;
        }
        for (String value : person.values(table, name)) {
            if (value == null) {
                continue;
            }
            switch (how) {
                case EMPTY -> assertThat(value).as(column).isIn("[redacted]", "{\"redacted\": true}", "[]");
                case HASHED -> assertThat(value).as(column).startsWith("sha256:");
                case AUDIT_DETAIL -> {
                    JsonNode detail = read(value);
                    Iterator<String> keys = detail.fieldNames();
                    keys.forEachRemaining(key -> assertThat(PersonalDataColumns.AUDIT_DETAIL_KEYS).as(column).contains(key));
                }
                default -> throw new IllegalStateException(how.name());
            }
        }
    }

    private long watches(String customerId) {
        return count("SELECT count(*) FROM shipment_watch WHERE customer_id = ?", customerId);
    }

    private void carrierScan(String trackingCode, String status, String message) {
        HubClient.Response answer = post("/sandbox/carrier/scan", JSON.createObjectNode().put("trackingCode", trackingCode)
                .put("status", status).put("message", message));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    private HubClient.Response post(String path, JsonNode body) {
        return hub.send("POST", path, body.toString(), "Content-Type", "application/json");
    }

    private static String opsLogin() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString("ops:sandbox-ops".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }
}
