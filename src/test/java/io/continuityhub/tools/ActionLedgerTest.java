package io.continuityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.continuityhub.kernel.HubRequestException;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import io.continuityhub.support.SealedRows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The ledger's promises, with a scripted tool standing in for a downstream: its request says
 * what each attempt does ("retry", "permanent", "unknown" or "ok"), and it counts its calls.
 */
class ActionLedgerTest extends HubIntegrationTest {

    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    private static final AtomicReference<CountDownLatch> HANG = new AtomicReference<>(new CountDownLatch(0));

    @Autowired
    ActionLedger ledger;

    @BeforeEach
    void scriptedTool() throws Exception {
        if (camel.getRoute("tool-scripted") != null) {
            return;
        }
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:tool-scripted").routeId("tool-scripted").routeConfigurationId("caller-handles-errors")
                        .process(exchange -> {
                            Action action = exchange.getMessage().getBody(Action.class);
                            CALLS.computeIfAbsent(action.idempotencyKey(), k -> new AtomicInteger()).incrementAndGet();
                            @SuppressWarnings("unchecked")
                            List<String> script = (List<String>) action.request().get("script");
                            String step = script.get(Math.min(action.attempts(), script.size()) - 1);
                            switch (step) {
                                case "retry" -> throw new RetryableToolException("far side busy");
                                case "permanent" -> throw new PermanentToolException("far side refused");
                                case "unknown" -> throw new IllegalStateException("answer lost");
                                case "hang" -> {
                                    HANG.get().await(20, TimeUnit.SECONDS);
                                    exchange.getMessage().setBody(new ToolOutcome("late-" + action.idempotencyKey(), Map.of()));
                                }
                                default -> exchange.getMessage().setBody(new ToolOutcome("ref-" + action.idempotencyKey(), Map.of()));
                            }
                        });
            }
        });
    }

    @Test
    void recordingAKeyTwiceKeepsTheFirstAndReusingItForAnotherRequestIsRefused() {
        String customerId = customer();
        NewAction action = scripted(customerId, "ok");

        ActionView first = ledger.record(action);
        ActionView again = ledger.record(action);

        assertThat(again.createdAt()).isEqualTo(first.createdAt());
        assertThat(count("SELECT count(*) FROM action WHERE idempotency_key = ?", action.idempotencyKey())).isEqualTo(1);
        assertThatThrownBy(() -> ledger.record(new NewAction(action.idempotencyKey(), customerId, null, "scripted", "step",
                Map.of("script", List.of("retry")))))
                .isInstanceOf(HubRequestException.class)
                .hasMessageContaining("different request");
        awaitStatus(action.idempotencyKey(), "succeeded");
        assertThat(CALLS.get(action.idempotencyKey())).hasValue(1);
    }

    @Test
    void aRetryableFailureIsRetriedAfterABackoffUntilTheToolSucceedsAndIsNeverRunAgain() {
        NewAction action = scripted(customer(), "retry", "retry", "ok");
        ledger.record(action);

        awaitAttempts(action.idempotencyKey(), 1);
        ActionView waiting = ledger.find(action.idempotencyKey()).orElseThrow();
        assertThat(waiting.status()).isEqualTo("pending");
        assertThat(waiting.nextAttemptAt()).isAfter(clock().instant());
        assertThat(waiting.lastError()).contains("far side busy");

        clock().advance(Duration.ofMinutes(1));
        awaitAttempts(action.idempotencyKey(), 2);
        clock().advance(Duration.ofMinutes(1));
        awaitStatus(action.idempotencyKey(), "succeeded");

        clock().advance(Duration.ofHours(1));
        pauseForDispatches();
        ActionView done = ledger.find(action.idempotencyKey()).orElseThrow();
        assertThat(done.attempts()).isEqualTo(3);
        assertThat(done.providerRef()).isEqualTo("ref-" + action.idempotencyKey());
        assertThat(CALLS.get(action.idempotencyKey())).hasValue(3);
        assertThat(SealedRows.events(jdbc,
                "type = 'action_succeeded' AND session_id IN (SELECT session_id FROM session WHERE customer_id = ?)",
                action.customerId()))
                .filteredOn(event -> action.idempotencyKey().equals(event.payload().path("idempotencyKey").asText()))
                .hasSize(1);
    }

    @Test
    void aPermanentRefusalFailsAtOnceAndAnUnknownOutcomeIsNeverResent() {
        NewAction refused = scripted(customer(), "permanent", "ok");
        NewAction lost = scripted(customer(), "unknown", "ok");
        ledger.record(refused);
        ledger.record(lost);

        awaitStatus(refused.idempotencyKey(), "failed");
        awaitStatus(lost.idempotencyKey(), "unknown");
        clock().advance(Duration.ofHours(2));
        pauseForDispatches();

        assertThat(CALLS.get(refused.idempotencyKey())).hasValue(1);
        assertThat(CALLS.get(lost.idempotencyKey())).hasValue(1);
        assertThat(ledger.find(lost.idempotencyKey()).orElseThrow().lastError()).contains("answer lost");
    }

    @Test
    void anActionForAToolNoRouteServesFailsAtOnceAndHoldsNothingUp() {
        String customerId = customer();
        NewAction orphan = new NewAction("test:" + TestData.eventId(), customerId, null, "no-such-tool", "step", Map.of());
        NewAction behindIt = scripted(customerId, "ok");
        ledger.record(orphan);
        ledger.record(behindIt);

        await().atMost(Duration.ofSeconds(5)).until(() -> "failed".equals(statusOf(orphan.idempotencyKey()))
                && "succeeded".equals(statusOf(behindIt.idempotencyKey())));
        assertThat(ledger.find(orphan.idempotencyKey()).orElseThrow().lastError()).contains("DirectConsumerNotAvailable");
    }

    @Test
    void anActionThatKeepsFailingGivesUpAfterTheLastAttempt() {
        NewAction action = scripted(customer(), "retry");
        ledger.record(action);

        for (int attempt = 1; attempt <= 12; attempt++) {
            awaitAttempts(action.idempotencyKey(), attempt);
            clock().advance(Duration.ofMinutes(15));
        }

        awaitStatus(action.idempotencyKey(), "failed");
        assertThat(ledger.find(action.idempotencyKey()).orElseThrow().lastError()).startsWith("gave up after 12 attempts");
        assertThat(CALLS.get(action.idempotencyKey())).hasValue(12);
    }

    @Test
    void concurrentDispatchersNeverClaimTheSameAction() throws Exception {
        String customerId = customer();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            NewAction action = scripted(customerId, "ok");
            keys.add(action.idempotencyKey());
            ledger.record(action);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Set<String> claimedHere = Collections.newSetFromMap(new ConcurrentHashMap<>());
        List<Future<Integer>> duplicates = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            duplicates.add(pool.submit(() -> {
                int seenTwice = 0;
                for (int round = 0; round < 10; round++) {
                    for (Action claimed : ledger.claimDue(5)) {
                        if (keys.contains(claimed.idempotencyKey()) && !claimedHere.add(claimed.idempotencyKey())) {
                            seenTwice++;
                        }
                    }
                }
                return seenTwice;
            }));
        }
        for (Future<Integer> result : duplicates) {
            assertThat(result.get()).isZero();
        }
        pool.shutdown();

        await().atMost(Duration.ofSeconds(20)).until(() -> keys.stream()
                .allMatch(k -> claimedHere.contains(k) || CALLS.containsKey(k)));
        for (String key : keys) {
            int ranByDispatcher = CALLS.getOrDefault(key, new AtomicInteger()).get();
            assertThat(ranByDispatcher + (claimedHere.contains(key) ? 1 : 0)).as(key).isEqualTo(1);
        }
    }

    @Test
    void anActionStuckPastItsLeaseBecomesUnknownAndALateSuccessStillCounts() throws Exception {
        HANG.set(new CountDownLatch(1));
        NewAction action = scripted(customer(), "hang");
        ledger.record(action);
        await().atMost(Duration.ofSeconds(10)).until(() -> CALLS.containsKey(action.idempotencyKey()));
        assertThat(statusOf(action.idempotencyKey())).isEqualTo("in_flight");

        clock().advance(Duration.ofMinutes(6));
        assertThat(ledger.expireLeases()).extracting(Action::idempotencyKey).contains(action.idempotencyKey());
        assertThat(statusOf(action.idempotencyKey())).as("the dispatcher is presumed dead").isEqualTo("unknown");

        HANG.get().countDown();
        awaitStatus(action.idempotencyKey(), "succeeded");
        assertThat(CALLS.get(action.idempotencyKey())).hasValue(1);
    }

    private String customer() {
        String customerId = TestData.customerId();
        hub.seedCustomer(customerId, "UTC", Map.of("phone", TestData.phone()));
        return customerId;
    }

    private static NewAction scripted(String customerId, String... script) {
        return new NewAction("test:" + TestData.eventId(), customerId, null, "scripted", "step", Map.of("script", List.of(script)));
    }

    private String statusOf(String key) {
        return ledger.find(key).orElseThrow().status();
    }

    private void awaitStatus(String key, String status) {
        await().atMost(Duration.ofSeconds(15)).until(() -> statusOf(key).equals(status));
    }

    private void awaitAttempts(String key, int attempts) {
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            ActionView view = ledger.find(key).orElseThrow();
            return view.attempts() >= attempts && !view.status().equals("in_flight");
        });
    }

    /** Long enough for several dispatcher runs (every 500 ms), to show that nothing more happens. */
    private static void pauseForDispatches() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
