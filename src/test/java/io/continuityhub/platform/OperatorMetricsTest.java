package io.continuityhub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.continuityhub.escalation.EscalationQueue;
import io.continuityhub.session.EscalationRequest;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The operator metrics of issue 14 (docs/operations.md#metrics) as Prometheus scrapes them: after a
 * short story (a WhatsApp conversation answered, a carrier scan, a touchpoint retried, a case
 * escalated, claimed and resolved) {@code /actuator/prometheus} shows each of them with what the
 * story did; and the Grafana dashboard in docs/ asks only for metrics the hub exports.
 */
class OperatorMetricsTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Path DASHBOARD = Path.of("docs/grafana/continuity-hub.json");
    /** The metrics the issue asks for, as Prometheus names them, and those the dashboard also shows. */
    private static final List<String> OPERATOR_METRICS = List.of("hub_ingress_ack_seconds_bucket",
            "hub_reply_latency_seconds_bucket", "hub_handoff_wait_seconds_bucket", "hub_dedup_hits_total",
            "hub_breaker_state", "hub_actions", "hub_parked_turns", "hub_escalations_open");
    private static final List<String> ALSO_ON_THE_DASHBOARD = List.of("hub_inbox_pending", "hub_outbox_pending",
            "hub_ingress_refused_total");

    @Autowired
    EscalationQueue escalations;

    @Test
    void everyOperatorMetricShowsWhatAConversationDid() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        String trackingCode = "1Z" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(899_999_999_999L));
        String orderId = "O-" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        seed(customerId, phone, orderId, trackingCode);

        // WhatsApp in, the agent's replies out: a whatsapp ack, a whatsapp reply latency
        assertThat(post("/sandbox/whatsapp/inbound", JSON.createObjectNode().put("from", phone)
                .put("text", "Hi, where is my order " + orderId + "?")).status()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> hub.send("GET", "/sandbox/whatsapp/sent?to=" + phone.replace("+", "%2B"), null)
                .json().size() >= 1);
        // the carrier's webhook, delivered twice: carrier acks, one carrier dedup hit
        assertThat(post("/sandbox/carrier/scan", JSON.createObjectNode().put("trackingCode", trackingCode)
                .put("status", "in_transit").put("repeat", 2)).status()).isEqualTo(200);
        // a touchpoint sent twice: two touchpoint acks, one dedup hit
        String eventId = TestData.eventId();
        assertThat(hub.touchpoint(eventId, "voice", "phone", phone, "Calling about my order").status()).isEqualTo(202);
        assertThat(hub.touchpoint(eventId, "voice", "phone", phone, "Calling about my order").status()).isEqualTo(200);
        // a person takes the case and hands it back
        String sessionId = hub.opsGet("/api/v1/customers/" + customerId + "/session").json().path("sessionId").asText();
        String escalationId = escalations.open(new EscalationRequest(customerId, sessionId, "customer asked for a person",
                "metrics:" + sessionId, null, null)).escalationId();
        assertThat(hub.opsPost("/api/v1/escalations/" + escalationId + "/claim", null).status()).isEqualTo(200);
        assertThat(hub.opsPost("/api/v1/escalations/" + escalationId + "/resolve", "{\"resolution\":\"answered\"}")
                .status()).isEqualTo(200);

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Scrape scrape = scrape();
            assertThat(scrape.names()).containsAll(OPERATOR_METRICS);
            for (String ingress : List.of("touchpoint", "whatsapp", "carrier")) {
                assertThat(scrape.sum("hub_ingress_ack_seconds_count", "ingress", ingress)).as("acks of " + ingress)
                        .isPositive();
            }
            assertThat(scrape.sum("hub_ingress_ack_seconds_count", "ingress", "touchpoint")).isGreaterThanOrEqualTo(2);
            assertThat(scrape.sum("hub_reply_latency_seconds_count", "channel", "whatsapp")).as("whatsapp replies timed")
                    .isPositive();
            assertThat(scrape.sum("hub_handoff_wait_seconds_count", "stage", "claimed")).isPositive();
            assertThat(scrape.sum("hub_handoff_wait_seconds_count", "stage", "resolved")).isPositive();
            assertThat(scrape.sum("hub_dedup_hits_total", "ingress", "touchpoint")).isPositive();
            assertThat(scrape.sum("hub_dedup_hits_total", "ingress", "carrier")).isPositive();
            assertThat(scrape.sum("hub_actions", "status", "succeeded")).as("sends the ledger saw succeed").isPositive();
            for (String system : List.of("whatsapp", "smtp", "salesforce", "warehouse", "llm")) {
                assertThat(scrape.sum("hub_breaker_state", "system", system))
                        .as("the " + system + " breaker is in exactly one state").isEqualTo(1.0);
            }
            assertThat(scrape.values("hub_parked_turns")).isNotEmpty().allMatch(value -> value >= 0);
            assertThat(scrape.values("hub_escalations_open")).hasSize(2).allMatch(value -> value >= 0);
        });
    }

    @Test
    void theDashboardAsksOnlyForMetricsTheHubExports() throws Exception {
        // a refusal, so the refusal counter (made on the first one) is there to be found
        Response huge = hub.touchpointRaw("{\"eventId\":\"" + TestData.eventId() + "\",\"text\":\"" + "y".repeat(300 * 1024)
                + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        JsonNode dashboard = JSON.readTree(Files.readString(DASHBOARD));
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        Set<String> asked = new TreeSet<>();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        for (JsonNode panel : panels) {
            if ("row".equals(panel.path("type").asText())) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                    .isEqualTo("${DS_PROMETHEUS}");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            panel.path("targets").forEach(target -> {
                Matcher metric = Pattern.compile("\\bhub_[a-z0-9_]+").matcher(target.path("expr").asText());
                while (metric.find()) {
                    asked.add(metric.group());
                }
            });
        }

        Set<String> exported = scrape().names();
        assertThat(asked).as("hub metrics the dashboard's queries use").containsAll(OPERATOR_METRICS)
                .containsAll(ALSO_ON_THE_DASHBOARD);
        assertThat(exported).as("what /actuator/prometheus shows").containsAll(asked);
    }

    private void seed(String customerId, String phone, String orderId, String trackingCode) {
        ObjectNode body = JSON.createObjectNode().put("customerId", customerId).put("displayName", "Jane Doe")
                .put("timeZone", "Europe/London");
        body.putArray("handles").add(JSON.createObjectNode().put("channel", "whatsapp").put("value", phone));
        ObjectNode order = body.putArray("orders").addObject().put("orderId", orderId).put("warehouse", "sap")
                .put("status", "delayed").put("delayReason", "carrier issue").put("carrier", "UPS")
                .put("trackingCode", trackingCode);
        order.putArray("deliveryOptions").add("Tuesday");
        assertThat(post("/sandbox/customers", body).status()).isIn(200, 201);
    }

    private Response post(String path, JsonNode body) {
        return hub.send("POST", path, body.toString(), "Content-Type", "application/json");
    }

    private Scrape scrape() {
        Response answer = hub.opsGet("/actuator/prometheus");
        assertThat(answer.status()).isEqualTo(200);
        return Scrape.of(answer.body());
    }

    /** The samples of a Prometheus text answer: name, labels, value. */
    private record Scrape(List<Sample> samples) {

        private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

        record Sample(String name, Map<String, String> labels, double value) {
        }

        static Scrape of(String text) {
            List<Sample> samples = new ArrayList<>();
            for (String line : text.split("\n")) {
                Matcher m = LINE.matcher(line);
                if (line.startsWith("#") || !m.find()) {
                    continue;
                }
                Map<String, String> labels = new HashMap<>();
                if (m.group(2) != null) {
                    Matcher label = LABEL.matcher(m.group(2));
                    while (label.find()) {
                        labels.put(label.group(1), label.group(2));
                    }
                }
                samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
            }
            return new Scrape(samples);
        }

        Set<String> names() {
            Set<String> names = new TreeSet<>();
            samples.forEach(sample -> names.add(sample.name()));
            return names;
        }

        List<Double> values(String name) {
            return samples.stream().filter(sample -> sample.name().equals(name)).map(Sample::value).toList();
        }

        double sum(String name, String label, String value) {
            return samples.stream().filter(sample -> sample.name().equals(name) && value.equals(sample.labels().get(label)))
                    .mapToDouble(Sample::value).filter(v -> !Double.isNaN(v)).sum();
        }
    }
}
