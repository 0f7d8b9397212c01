package io.continuityhub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.support.HubClient;
import io.continuityhub.support.RawHttp;
import io.continuityhub.support.SlowSenders;
import io.continuityhub.support.StandaloneHub;
import io.continuityhub.support.TestData;
import io.continuityhub.support.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a sender over its rate on the public ingress is answered 429 with Retry-After, before
 * its body is read, and other senders are served as before. Senders are remote addresses: the
 * test speaks from several loopback addresses (127.0.0.0/8), each a sender of its own to the hub.
 */
class IngressRateLimitTest {

    private static final int TOUCHPOINTS_PER_PERIOD = 3;
    private static final int WEBHOOKS_PER_PERIOD = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static StandaloneHub hub;
    private static int port;

    @BeforeAll
    static void start() {
        hub = StandaloneHub.start("sandbox",
                "spring.datasource.url=" + TestDatabase.newDatabase("rate_limits"),
                "spring.datasource.username=" + TestDatabase.user(), "spring.datasource.password=" + TestDatabase.password(),
                "hub.ingress.rate-limit.period=3s",
                "hub.ingress.rate-limit.touchpoints=" + TOUCHPOINTS_PER_PERIOD,
                "hub.ingress.rate-limit.webhooks=" + WEBHOOKS_PER_PERIOD,
                "hub.ingress.rate-limit.exempt=127.0.0.99, 10.0.0.0/8");
        port = hub.port();
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aSenderOverItsRateGets429WithRetryAfterWhileOtherSendersAreServed() throws Exception {
        String greedy = "127.0.0.11";
        List<Integer> statuses = new ArrayList<>();
        RawHttp.Answer refused = null;
        // its window starts with its first request, so these few fall in one window
        for (int i = 0; i < 10 && refused == null; i++) {
            RawHttp.Answer answer = touchpoint(greedy);
            statuses.add(answer.status());
            if (answer.status() == 429) {
                refused = answer;
            }
        }
        assertThat(statuses).as("the greedy sender's answers").startsWith(202, 202, 202).endsWith(429)
                .hasSize(TOUCHPOINTS_PER_PERIOD + 1);
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).as("Retry-After: whole seconds until its next permit").isBetween(1L, 3L);
        assertThat(refused.header("Content-Type")).startsWith("application/json");
        JsonNode error = JSON.readTree(refused.body());
        assertThat(error.get("error").asText()).isEqualTo("rate_limited");
        assertThat(error.get("message").asText()).contains("hub.ingress.rate-limit");

        assertThat(touchpoint("127.0.0.12").status()).as("another sender is served meanwhile").isEqualTo(202);
        assertThat(handshake(greedy).status()).as("the greedy sender's webhook count is its own").isEqualTo(200);
        assertThat(touchpoint("127.0.0.99").status()).as("an exempt address is never limited").isEqualTo(202);

        Thread.sleep(Duration.ofSeconds(retryAfter).plusMillis(200).toMillis());
        assertThat(touchpoint(greedy).status()).as("served again once Retry-After has passed").isEqualTo(202);
    }

    @Test
    void eachWebhookCountsItsSendersOnItsOwn() {
        String meta = "127.0.0.21";
        for (int i = 0; i < WEBHOOKS_PER_PERIOD; i++) {
            assertThat(handshake(meta).status()).isEqualTo(200);
        }
        RawHttp.Answer refused = handshake(meta);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotBlank();
        RawHttp.Answer carrier = RawHttp.post(meta, port, "/webhooks/carrier", "{}", "Content-Type", "application/json");
        assertThat(carrier.status()).as("the carrier webhook is counted apart (401: unsigned)").isEqualTo(401);
    }

    @Test
    void slowSendersOverTheirRateAreRefusedAtOnceAndHoldNoThread() throws Exception {
        // 300 connections from 127.0.0.1 announce a body and trickle it; all but the first few are
        // over the rate. Were a refusal answered on a Tomcat thread, Tomcat would swallow each unread
        // body on it, and 300 would hold all 200 threads for minutes.
        try (SlowSenders slow = SlowSenders.open(port, 300, "/api/v1/touchpoints", 1024, 1000,
                "Content-Type", "application/json", "Authorization", "Bearer " + HubClient.TOUCHPOINT_TOKEN)) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> slow.answered(429) >= 300 - TOUCHPOINTS_PER_PERIOD);
            long started = System.nanoTime();
            assertThat(touchpoint("127.0.0.31").status()).as("another sender is served").isEqualTo(202);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                    .alias("the hub closed every refused connection, though each goes on sending")
                    .until(() -> slow.stillOpen() <= TOUCHPOINTS_PER_PERIOD);
        }
    }

    private static RawHttp.Answer touchpoint(String from) {
        return RawHttp.post(from, port, "/api/v1/touchpoints", """
                {"eventId": "%s", "channel": "chat", "handle": {"type": "phone", "value": "%s"}, "text": "hello"}"""
                .formatted(TestData.eventId(), TestData.phone()),
                "Content-Type", "application/json", "Authorization", "Bearer " + HubClient.TOUCHPOINT_TOKEN);
    }

    private static RawHttp.Answer handshake(String from) {
        return RawHttp.request(from, port, "GET",
                "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=sandbox-verify-token&hub.challenge=42", null);
    }
}
