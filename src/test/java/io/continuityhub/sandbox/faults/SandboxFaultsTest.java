package io.continuityhub.sandbox.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.sandbox.SimulatorTest;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.TestData;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Faults through the HTTP API, shown on the WhatsApp Cloud API simulator; each simulator's own test covers its shape. */
class SandboxFaultsTest extends SimulatorTest {

    private static final String SEND_PATH = "/sandbox/whatsapp/v21.0/100000000000001/messages";

    @Test
    void aFaultIsAnsweredAsNowInForceListedAndClearedByNone() {
        Response set = fault("{\"system\":\"salesforce\",\"mode\":\"slow\",\"latencyMs\":250}");

        assertThat(set.json().get("system").asText()).isEqualTo("salesforce");
        assertThat(set.json().get("mode").asText()).isEqualTo("slow");
        assertThat(set.json().get("latencyMs").asLong()).isEqualTo(250);
        JsonNode listed = get("/sandbox/faults").json();
        assertThat(listed).singleElement().satisfies(f -> {
            assertThat(f.get("system").asText()).isEqualTo("salesforce");
            assertThat(f.get("mode").asText()).isEqualTo("slow");
            assertThat(f.get("seconds").isNull()).isTrue();
        });

        Response cleared = fault("{\"system\":\"salesforce\",\"mode\":\"none\"}");

        assertThat(cleared.json().get("mode").asText()).isEqualTo("none");
        assertThat(get("/sandbox/faults").json()).isEmpty();
    }

    @Test
    void aBadFaultIsRefusedNamingTheField() {
        assertRefused("{\"system\":\"mainframe\",\"mode\":\"down\"}", "system");
        assertRefused("{\"mode\":\"down\"}", "system");
        assertRefused("{\"system\":\"carrier\",\"mode\":\"broken\"}", "mode");
        assertRefused("{\"system\":\"carrier\",\"mode\":\"flapping\",\"errorRate\":1.5}", "errorRate");
        assertRefused("{\"system\":\"carrier\",\"mode\":\"slow\",\"latencyMs\":-1}", "latencyMs");
        assertRefused("{\"system\":\"carrier\",\"mode\":\"down\",\"seconds\":0}", "seconds");
        assertRefused("{\"system\":\"warehouse\",\"mode\":\"down\",\"timesPerKey\":0}", "timesPerKey");
        assertRefused("{\"system\":\"carrier\",\"mode\":\"down\",\"timesPerKey\":1}", "timesPerKey");
        assertThat(get("/sandbox/faults").json()).isEmpty();
    }

    @Test
    void aPerKeyFaultShowsTimesPerKeyWhenSetAndListedAndAnOtherFaultShowsNone() {
        Response set = fault("{\"system\":\"warehouse\",\"mode\":\"timeout_after_commit\",\"latencyMs\":700,"
                + "\"timesPerKey\":1}");
        fault("{\"system\":\"whatsapp\",\"mode\":\"slow\",\"latencyMs\":1}");

        assertThat(set.json().get("timesPerKey").asInt()).isEqualTo(1);
        JsonNode listed = get("/sandbox/faults").json();
        assertThat(listed).extracting(f -> f.get("system").asText()).containsExactly("warehouse", "whatsapp");
        assertThat(listed.get(0).get("timesPerKey").asInt()).isEqualTo(1);
        assertThat(listed.get(1).get("timesPerKey").isNull()).as("every request").isTrue();
    }

    @Test
    void aSendIsCountedPerKeyUnderItsCallbackDataElseUnderRecipientAndText() {
        String phone = TestData.phone();
        fault("{\"system\":\"whatsapp\",\"mode\":\"down\",\"timesPerKey\":1}");

        assertThat(send(phone, "hi", "sess-1:reply:1").status()).isEqualTo(503);
        assertThat(send(phone, "hi, reworded on retry", "sess-1:reply:1").status()).as("the same key").isEqualTo(200);
        assertThat(send(phone, "hi", "sess-1:reply:2").status()).as("another key").isEqualTo(503);
        assertThat(send(phone).status()).as("no callback data: recipient and text").isEqualTo(503);
        assertThat(send(phone.substring(1)).status()).as("the same recipient as a wa_id, the same text").isEqualTo(200);
        assertThat(count("SELECT count(*) FROM sandbox.whatsapp_sent WHERE recipient = ?", phone)).isEqualTo(2L);
    }

    @Test
    void downAnswers503InTheCloudApisShapeAndSendsNothing() {
        String phone = TestData.phone();
        fault("{\"system\":\"whatsapp\",\"mode\":\"down\"}");

        Response refused = send(phone);

        assertThat(refused.status()).isEqualTo(503);
        JsonNode error = refused.json().get("error");
        assertThat(error.get("code").asInt()).isEqualTo(131016);
        assertThat(error.get("type").asText()).isEqualTo("OAuthException");
        assertThat(error.get("fbtrace_id").asText()).isNotBlank();
        assertThat(count("SELECT count(*) FROM sandbox.whatsapp_sent WHERE recipient = ?", phone)).isZero();
    }

    @Test
    void slowWaitsTheLatencyThenAnswersNormally() {
        fault("{\"system\":\"whatsapp\",\"mode\":\"slow\",\"latencyMs\":600}");

        long start = System.nanoTime();
        Response sent = send(TestData.phone());
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(tookMs).isGreaterThanOrEqualTo(600);
    }

    @Test
    void flappingAtRateOneAlwaysFailsAndAtRateZeroNeverDoes() {
        String phone = TestData.phone();
        fault("{\"system\":\"whatsapp\",\"mode\":\"flapping\",\"errorRate\":1.0}");
        assertThat(IntStream.range(0, 5).map(i -> send(phone).status())).containsOnly(503);
        assertThat(count("SELECT count(*) FROM sandbox.whatsapp_sent WHERE recipient = ?", phone)).isZero();

        fault("{\"system\":\"whatsapp\",\"mode\":\"flapping\",\"errorRate\":0.0}");
        assertThat(IntStream.range(0, 5).map(i -> send(phone).status())).containsOnly(200);
        assertThat(count("SELECT count(*) FROM sandbox.whatsapp_sent WHERE recipient = ?", phone)).isEqualTo(5L);
    }

    @Test
    void timeoutAfterCommitDeliversTheMessageThoughTheClientGivesUp() {
        String phone = TestData.phone();
        fault("{\"system\":\"whatsapp\",\"mode\":\"timeout_after_commit\",\"latencyMs\":3000}");
        customerWrote(phone);

        boolean gaveUp = timesOut(HttpRequest.newBuilder(uri(SEND_PATH))
                .header("Content-Type", "application/json").header("Authorization", "Bearer sandbox-access-token")
                .POST(HttpRequest.BodyPublishers.ofString(textMessage(phone))), Duration.ofMillis(500));

        assertThat(gaveUp).as("the client timed out").isTrue();
        String wamid = jdbc.sql("SELECT wamid FROM sandbox.whatsapp_sent WHERE recipient = ?").param(phone)
                .query(String.class).single();
        assertThat(ledgerCount("whatsapp", wamid)).as("the far side applied it once").isEqualTo(1);
    }

    @Test
    void aFaultWithSecondsLapsesInRealTimeNotOnTheHubsClock() throws InterruptedException {
        fault("{\"system\":\"whatsapp\",\"mode\":\"down\",\"seconds\":1}");
        clock().advance(Duration.ofDays(1));

        assertThat(send(TestData.phone()).status()).as("moving the hub's clock does not end it").isEqualTo(503);
        assertThat(get("/sandbox/faults").json().get(0).get("remainingMs").asLong()).isBetween(0L, 1000L);
        Thread.sleep(1_100);

        assertThat(get("/sandbox/faults").json()).isEmpty();
        assertThat(send(TestData.phone()).status()).isEqualTo(200);
    }

    /** Sends as the business would, to a customer who has just written (inside their 24-hour window). */
    private Response send(String phone) {
        customerWrote(phone);
        return postJson(SEND_PATH, textMessage(phone), "Authorization", "Bearer sandbox-access-token");
    }

    private Response send(String phone, String text, String callbackData) {
        String body = "{\"messaging_product\":\"whatsapp\",\"to\":\"" + phone + "\",\"type\":\"text\",\"text\":{\"body\":\""
                + text + "\"},\"biz_opaque_callback_data\":\"" + callbackData + "\"}";
        customerWrote(phone);
        return postJson(SEND_PATH, body, "Authorization", "Bearer sandbox-access-token");
    }

    private void customerWrote(String phone) {
        assertThat(postJson("/sandbox/whatsapp/windows", "{\"user\": \"" + phone + "\"}").status()).isEqualTo(200);
    }

    private static String textMessage(String phone) {
        return "{\"messaging_product\":\"whatsapp\",\"to\":\"" + phone + "\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}";
    }

    private void assertRefused(String json, String field) {
        Response response = postJson("/sandbox/faults", json);
        assertThat(response.status()).as(json).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo(field);
    }
}
