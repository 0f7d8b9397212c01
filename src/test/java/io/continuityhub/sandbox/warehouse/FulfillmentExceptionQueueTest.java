package io.continuityhub.sandbox.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.sandbox.SimulatorTest;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.TestData;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exception queue's Stripe idempotency semantics, and its compensation. */
class FulfillmentExceptionQueueTest extends SimulatorTest {

    private static final String PATH = "/sandbox/warehouse/exceptions";

    private String orderId;

    @BeforeEach
    void seedOrder() {
        orderId = WarehouseOrderSeedingTest.orderId();
        assertThat(postJson("/sandbox/customers", WarehouseOrderSeedingTest.seedBody(TestData.customerId(), TestData.phone(),
                orderId, "sap", "delayed")).status()).isEqualTo(201);
    }

    @Test
    void theFirstRequestRaisesTheExceptionAndARetryWithTheKeyReplaysItsAnswer() {
        clock().set(Instant.parse("2026-04-28T23:05:00Z"));
        String key = key();

        Response first = raise(key, delay());
        Response retry = raise(key, delay());

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        JsonNode raised = first.json();
        assertThat(raised.get("exceptionId").asText()).matches("FX-[A-Z0-9]{10}");
        assertThat(raised.get("orderId").asText()).isEqualTo(orderId);
        assertThat(raised.get("type").asText()).isEqualTo("delay");
        assertThat(raised.get("status").asText()).isEqualTo("open");
        assertThat(Instant.parse(raised.get("createdAt").asText()))
                .isBetween(Instant.parse("2026-04-28T23:05:00Z"), Instant.parse("2026-04-28T23:06:00Z"));
        assertThat(first.headers()).doesNotContainKey("idempotent-replayed");

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().get("idempotent-replayed")).containsExactly("true");
        assertThat(get(PATH + "?orderId=" + orderId).json()).singleElement().as("the listing shows what was answered")
                .isEqualTo(raised);
        assertThat(ledgerCount("warehouse", key)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithOtherParametersIsAnIdempotencyError() {
        String key = key();
        assertThat(raise(key, delay()).status()).isEqualTo(201);

        Response other = raise(key, "{\"orderId\":\"" + orderId + "\",\"type\":\"address_change\",\"detail\":\"new address\"}");
        Response reordered = raise(key, "{\"detail\":\"carrier issue\",\"type\":\"delay\",\"orderId\":\"" + orderId
                + "\",\"resolution\":\"offer Tuesday\"}");

        assertThat(other.status()).isEqualTo(400);
        assertThat(other.json().get("error").get("type").asText()).isEqualTo("idempotency_error");
        assertThat(other.json().get("error").get("message").asText()).startsWith("Keys for idempotent requests can only be"
                + " used with the same parameters they were first used with.");
        assertThat(reordered.status()).as("the same parameters in another order are the same request").isEqualTo(201);
        assertThat(reordered.headers().get("idempotent-replayed")).containsExactly("true");
        assertThat(ledgerCount("warehouse", key)).isEqualTo(1);
    }

    @Test
    void concurrentRequestsWithOneKeyRaiseOneExceptionAndTheOthersAreRefusedOrReplayed() throws Exception {
        String key = key();
        int callers = 8;
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Response> answers;
        try {
            List<CompletableFuture<Response>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return raise(key, delay());
                }, pool));
            }
            answers = calls.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }

        List<Response> executed = answers.stream().filter(a -> a.status() == 201 && !a.headers().containsKey("idempotent-replayed")).toList();
        assertThat(executed).hasSize(1);
        String body = executed.get(0).body();
        assertThat(answers).allSatisfy(answer -> {
            if (answer.status() == 409) {
                assertThat(answer.json().get("error").get("type").asText()).isEqualTo("idempotency_error");
                assertThat(answer.json().get("error").get("message").asText()).contains("currently being processed");
            } else {
                assertThat(answer.status()).isEqualTo(201);
                assertThat(answer.body()).isEqualTo(body);
            }
        });
        assertThat(get(PATH + "?orderId=" + orderId).json()).hasSize(1);
        assertThat(ledgerCount("warehouse", key)).isEqualTo(1);
    }

    @Test
    void theIdempotencyKeyIsRequiredAndAtMost255Characters() {
        Response none = postJson(PATH, delay());
        Response tooLong = raise("k".repeat(256), delay());

        for (Response refused : List.of(none, tooLong)) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("error").get("param").asText()).isEqualTo("Idempotency-Key");
        }
        assertThat(raise("k" + UUID.randomUUID() + "x".repeat(255 - 37), delay()).status()).isEqualTo(201);
    }

    @Test
    void aBadBodyIsRefusedAndStoresNothingUnderTheKey() {
        String key = key();

        Response noOrder = raise(key, "{\"type\":\"delay\"}");
        Response unknownOrder = raise(key, "{\"orderId\":\"O-1\",\"type\":\"delay\"}");
        Response badType = raise(key, "{\"orderId\":\"" + orderId + "\",\"type\":\"Delay!\"}");

        assertThat(noOrder.status()).isEqualTo(400);
        assertThat(noOrder.json().get("error").get("param").asText()).isEqualTo("orderId");
        assertThat(unknownOrder.status()).isEqualTo(400);
        assertThat(unknownOrder.json().get("error").get("code").asText()).isEqualTo("resource_missing");
        assertThat(badType.json().get("error").get("param").asText()).isEqualTo("type");
        assertThat(raise(key, delay()).status()).as("the key is still free").isEqualTo(201);
    }

    @Test
    void deleteWithdrawsTheExceptionAsTheCompensationIdempotently() {
        String exceptionId = raise(key(), delay()).json().get("exceptionId").asText();
        String withdrawKey = key();

        Response withdrawn = withdraw(exceptionId, withdrawKey);
        Response again = withdraw(exceptionId, withdrawKey);

        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        assertThat(withdrawn.json().get("status").asText()).isEqualTo("withdrawn");
        assertThat(again.body()).isEqualTo(withdrawn.body());
        assertThat(again.headers().get("idempotent-replayed")).containsExactly("true");
        assertThat(get(PATH + "?orderId=" + orderId).json().get(0).get("status").asText()).isEqualTo("withdrawn");
        assertThat(withdraw("FX-NOSUCHTHING", key()).status()).isEqualTo(404);
        assertThat(hub.send("DELETE", PATH + "/" + exceptionId, null).status()).as("a key is required").isEqualTo(400);
    }

    @Test
    void downIs503AndRaisesNothingSoTheKeyCanBeRetried() {
        String key = key();
        fault("{\"system\":\"warehouse\",\"mode\":\"down\"}");

        Response refused = raise(key, delay());

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().get("error").get("type").asText()).isEqualTo("api_error");
        assertThat(ledgerCount("warehouse", key)).isZero();
        assertThat(count("SELECT count(*) FROM sandbox.fulfillment_exception WHERE order_id = ?", orderId)).isZero();
        fault("{\"system\":\"warehouse\",\"mode\":\"none\"}");
        assertThat(raise(key, delay()).status()).isEqualTo(201);
    }

    @Test
    void flappingAtRateOneAlwaysRefusesAndAtRateZeroNeverDoes() {
        fault("{\"system\":\"warehouse\",\"mode\":\"flapping\",\"errorRate\":1.0}");
        assertThat(List.of(raise(key(), delay()).status(), raise(key(), delay()).status())).containsOnly(503);
        assertThat(count("SELECT count(*) FROM sandbox.fulfillment_exception WHERE order_id = ?", orderId)).isZero();

        fault("{\"system\":\"warehouse\",\"mode\":\"flapping\",\"errorRate\":0.0}");
        assertThat(List.of(raise(key(), delay()).status(), raise(key(), delay()).status())).containsOnly(201);
    }

    @Test
    void timeoutAfterCommitRaisesTheExceptionOnceThoughTheClientGivesUpAndTheRetryReplaysIt() {
        String key = key();
        fault("{\"system\":\"warehouse\",\"mode\":\"timeout_after_commit\",\"latencyMs\":3000}");

        boolean gaveUp = timesOut(HttpRequest.newBuilder(uri(PATH)).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(delay())), Duration.ofMillis(500));

        assertThat(gaveUp).isTrue();
        assertThat(ledgerCount("warehouse", key)).isEqualTo(1);
        fault("{\"system\":\"warehouse\",\"mode\":\"none\"}");
        Response retry = raise(key, delay());
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.headers().get("idempotent-replayed")).containsExactly("true");
        assertThat(ledgerCount("warehouse", key)).isEqualTo(1);
    }

    @Test
    void timeoutAfterCommitOncePerKeyDelaysOnlyTheFirstRequestOfEachKey() {
        String key = key();
        String otherKey = key();
        fault("{\"system\":\"warehouse\",\"mode\":\"timeout_after_commit\",\"latencyMs\":3000,\"timesPerKey\":1}");

        Optional<Response> first = raiseWithin(key, Duration.ofSeconds(1));
        Optional<Response> retry = raiseWithin(key, Duration.ofSeconds(1));
        Optional<Response> otherFirst = raiseWithin(otherKey, Duration.ofSeconds(1));

        assertThat(first).as("the first request of the key waits past the client's patience").isEmpty();
        assertThat(retry).as("its retry, with the fault still in force, is answered at once").isPresent();
        assertThat(retry.get().status()).isEqualTo(201);
        assertThat(retry.get().headers().get("idempotent-replayed")).containsExactly("true");
        assertThat(otherFirst).as("another key's first request waits again").isEmpty();
        assertThat(ledgerCount("warehouse", key)).isEqualTo(1);
        assertThat(ledgerCount("warehouse", otherKey)).isEqualTo(1);
        assertThat(get("/sandbox/faults").json().get(0).get("timesPerKey").asInt()).isEqualTo(1);
    }

    private Optional<Response> raiseWithin(String key, Duration patience) {
        return answeredWithin(HttpRequest.newBuilder(uri(PATH)).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(delay())), patience);
    }

    private String delay() {
        return "{\"orderId\":\"" + orderId + "\",\"type\":\"delay\",\"detail\":\"carrier issue\",\"resolution\":\"offer Tuesday\"}";
    }

    private Response raise(String key, String body) {
        return postJson(PATH, body, "Idempotency-Key", key);
    }

    private Response withdraw(String exceptionId, String key) {
        return hub.send("DELETE", PATH + "/" + exceptionId, null, "Idempotency-Key", key);
    }

    private static String key() {
        return "sess-" + UUID.randomUUID() + ":fulfillment-exception:1";
    }
}
