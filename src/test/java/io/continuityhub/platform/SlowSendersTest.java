package io.continuityhub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.continuityhub.support.HubClient;
import io.continuityhub.support.SlowSenders;
import io.continuityhub.support.StandaloneHub;
import io.continuityhub.support.TestData;
import io.continuityhub.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: clients that send their body a byte every second or two must neither starve the
 * other senders nor keep their connections past the body-read deadline. On the settings before
 * the fix, 250 such connections left a normal touchpoint unanswered for 30 s.
 */
class SlowSendersTest {

    private static final int SLOW_CONNECTIONS = 300;
    private static final Duration BODY_READ_TIMEOUT = Duration.ofSeconds(4);

    private static StandaloneHub hub;
    private static int port;

    @BeforeAll
    static void start() {
        hub = StandaloneHub.start("sandbox",
                "spring.datasource.url=" + TestDatabase.newDatabase("slow_senders"),
                "spring.datasource.username=" + TestDatabase.user(), "spring.datasource.password=" + TestDatabase.password(),
                "hub.ingress.body-read-timeout=" + BODY_READ_TIMEOUT.toSeconds() + "s",
                // every connection here comes from 127.0.0.1: this test is about slow bodies, not request rates
                "hub.ingress.rate-limit.enabled=false");
        port = hub.port();
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void slowBodiesNeitherStarveOtherSendersNorOutliveTheBodyReadDeadline() throws Exception {
        // two thirds on the touchpoint API, a third on the WhatsApp webhook: 1 KiB announced, a byte a second
        try (SlowSenders touchpoints = SlowSenders.open(port, SLOW_CONNECTIONS * 2 / 3, "/api/v1/touchpoints", 1024, 1000,
                "Content-Type", "application/json", "Authorization", "Bearer " + HubClient.TOUCHPOINT_TOKEN);
             SlowSenders webhooks = SlowSenders.open(port, SLOW_CONNECTIONS / 3, "/webhooks/whatsapp", 1024, 1000,
                     "Content-Type", "application/json", "X-Hub-Signature-256", "sha256=00")) {
            Thread.sleep(1_500); // every slow request has reached the hub and is dribbling

            normalTouchpointsAreAnsweredWithinFiveSeconds();
            assertThat(touchpoints.stillOpen() + webhooks.stillOpen())
                    .as("the normal requests were answered while the slow ones were still open")
                    .isGreaterThan(SLOW_CONNECTIONS / 2);

            // the hub ends each slow request within the deadline (its checker runs about once a second;
            // the rest is slack for a busy 2-core machine)
            Duration bound = BODY_READ_TIMEOUT.plusSeconds(10);
            await().atMost(bound.plusSeconds(5)).pollInterval(Duration.ofMillis(250))
                    .until(() -> touchpoints.stillOpen() + webhooks.stillOpen() == 0);
            for (SlowSenders.Connection slow : concat(touchpoints.connections(), webhooks.connections())) {
                assertThat(slow.ending()).as("a slow body ends with a 408 or a closed connection")
                        .matches("closed|HTTP/1\\.1 408.*");
                assertThat(slow.millisOpen()).as("a slow connection ends within the body-read deadline")
                        .isLessThan(bound.toMillis());
            }
        }
    }

    @Test
    void slowBodiesToAPathTheSenderMayNotUseAreRefusedAndClosedWithoutHoldingAThread() throws Exception {
        // Spring Security answers 401 without reading the body; Tomcat would then swallow the body on
        // the request thread, a byte a second: 300 of them would hold all 200 Tomcat threads.
        try (SlowSenders unauthorised = SlowSenders.open(port, SLOW_CONNECTIONS, "/api/v1/customers/cust-x/handles", 1024,
                1000, "Content-Type", "application/json")) {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                    .until(() -> unauthorised.answered(401) == SLOW_CONNECTIONS);
            normalTouchpointsAreAnsweredWithinFiveSeconds();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                    .alias("the hub closed every refused connection, though each goes on sending")
                    .until(() -> unauthorised.stillOpen() == 0);
        }
    }

    private static void normalTouchpointsAreAnsweredWithinFiveSeconds() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<Long>> normal = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            normal.add(CompletableFuture.supplyAsync(() -> timedTouchpoint(http, port)));
        }
        for (CompletableFuture<Long> answeredIn : normal) {
            assertThat(answeredIn.get())
                    .as("a normal touchpoint is answered 202 within 5 s while %d slow bodies are open", SLOW_CONNECTIONS)
                    .isLessThan(5_000);
        }
    }

    private static long timedTouchpoint(HttpClient http, int port) {
        String body = """
                {"eventId": "%s", "channel": "voice", "handle": {"type": "phone", "value": "%s"}, "text": "still served"}"""
                .formatted(TestData.eventId(), TestData.phone());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/touchpoints"))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + HubClient.TOUCHPOINT_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("the normal touchpoint's answer: %s", response.body()).isEqualTo(202);
        } catch (java.io.IOException e) {
            throw new AssertionError("a normal touchpoint was not answered: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private static List<SlowSenders.Connection> concat(List<SlowSenders.Connection> a, List<SlowSenders.Connection> b) {
        List<SlowSenders.Connection> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
