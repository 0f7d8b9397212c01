package io.continuityhub.platform;

import static io.continuityhub.kernel.ConversationSpans.CHANNEL;
import static io.continuityhub.kernel.ConversationSpans.CUSTOMER_ID;
import static io.continuityhub.kernel.ConversationSpans.SESSION_ID;
import static io.continuityhub.kernel.ConversationSpans.STAGE;
import static io.continuityhub.kernel.ConversationSpans.TOOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.continuityhub.support.CapturedSpans;
import io.continuityhub.support.FreePorts;
import io.continuityhub.support.HubClient;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A customer's conversation across channels is one search away in the traces: a WhatsApp message
 * and then an email of the same customer, through the real ingresses, leave ingress, agent-turn,
 * tool and send spans that all carry the session's id (and the customer's), read here from the
 * hub's span exporter. The spans carry ids, never the customer's number, address or words.
 */
class TracingTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    CapturedSpans spans;

    @AfterEach
    void stopRecording() {
        spans.stop();
    }

    @Test
    void oneSearchBySessionIdFindsTheIngressAgentToolAndSendSpansOfAWhatsAppThenEmailConversation() throws Exception {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        String email = TestData.email();
        String orderId = "O-" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        String onWhatsApp = "Hi, where is my order " + orderId + "? It should have arrived today.";
        String byEmail = "Hello again, can I change the delivery address for " + orderId + "?";
        seed(customerId, phone, email, orderId);
        spans.record();

        post("/sandbox/whatsapp/inbound", JSON.createObjectNode().put("from", phone).put("text", onWhatsApp));
        String sessionId = await().atMost(PATIENCE).until(() -> openSessionOf(customerId), id -> id != null);
        awaitQuiet(sessionId);
        mail(email, byEmail);
        await().atMost(PATIENCE).until(() -> hasEmailReply(sessionId));
        awaitQuiet(sessionId);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> conversation = ofSession(sessionId);
            assertThat(values(conversation, STAGE)).containsExactlyInAnyOrder("ingress", "agent", "tool", "send");
            assertThat(values(stage(conversation, "ingress"), CHANNEL)).containsExactlyInAnyOrder("whatsapp", "email");
            assertThat(values(stage(conversation, "send"), CHANNEL)).containsExactlyInAnyOrder("whatsapp", "email");
            assertThat(values(stage(conversation, "tool"), TOOL)).contains("salesforce-case", "warehouse-status",
                    "whatsapp-send", "email-send");
        });
        List<SpanData> conversation = ofSession(sessionId);
        assertThat(values(conversation, CUSTOMER_ID)).containsExactly(customerId);
        assertThat(stage(conversation, "agent")).as("a turn on each message, and on the tools' verdicts").hasSizeGreaterThan(2);
        // each stage is a trace of Camel's route spans: the WhatsApp send's holds the call to the Cloud API
        Set<String> sendTraces = stage(conversation, "send").stream().map(SpanData::getTraceId).collect(Collectors.toSet());
        assertThat(spans.finished()).filteredOn(span -> sendTraces.contains(span.getTraceId()))
                .extracting(SpanData::getName).contains("whatsapp-cloud-api", "downstream-whatsapp");

        spans.stop();
        List<String> personal = List.of(phone, phone.substring(1), email.toLowerCase(Locale.ROOT), onWhatsApp.toLowerCase(Locale.ROOT),
                byEmail.toLowerCase(Locale.ROOT), "where is my order", "change the delivery address");
        for (SpanData span : spans.finished()) {
            String attributes = (span.getName() + " " + span.getAttributes()).toLowerCase(Locale.ROOT);
            assertThat(personal).as("personal data in span %s", attributes).noneMatch(attributes::contains);
        }
    }

    private List<SpanData> ofSession(String sessionId) {
        return spans.finished().stream()
                .filter(span -> sessionId.equals(span.getAttributes().get(AttributeKey.stringKey(SESSION_ID))))
                .toList();
    }

    private static List<SpanData> stage(List<SpanData> spans, String stage) {
        return spans.stream().filter(span -> stage.equals(span.getAttributes().get(AttributeKey.stringKey(STAGE)))).toList();
    }

    private static Set<String> values(List<SpanData> spans, String key) {
        return spans.stream().map(span -> span.getAttributes().get(AttributeKey.stringKey(key)))
                .filter(value -> value != null).collect(Collectors.toSet());
    }

    private String openSessionOf(String customerId) {
        HubClient.Response session = hub.opsGet("/api/v1/customers/" + customerId + "/session");
        return session.status() == 200 ? session.json().path("sessionId").asText() : null;
    }

    private boolean hasEmailReply(String sessionId) {
        for (JsonNode event : hub.opsGet("/api/v1/sessions/" + sessionId + "/events").json()) {
            if ("agent_reply".equals(event.path("type").asText()) && "email".equals(event.path("channel").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Jane Doe on WhatsApp and email, with one order the carrier delayed (the sandbox's directory). */
    private void seed(String customerId, String phone, String email, String orderId) {
        ObjectNode body = JSON.createObjectNode().put("customerId", customerId).put("displayName", "Jane Doe")
                .put("timeZone", "Europe/London");
        body.putArray("handles").add(JSON.createObjectNode().put("channel", "whatsapp").put("value", phone))
                .add(JSON.createObjectNode().put("channel", "email").put("value", email));
        ObjectNode order = body.putArray("orders").addObject().put("orderId", orderId).put("warehouse", "sap")
                .put("status", "delayed").put("delayReason", "carrier issue").put("carrier", "UPS")
                .put("trackingCode", "1Z" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(899_999_999_999L)));
        order.putArray("deliveryOptions").add("Tuesday");
        assertThat(post("/sandbox/customers", body).status()).isIn(200, 201);
    }

    private HubClient.Response post(String path, JsonNode body) {
        HubClient.Response answer = hub.send("POST", path, body.toString(), "Content-Type", "application/json");
        assertThat(answer.status()).as(answer.body()).isIn(200, 201);
        return answer;
    }

    /** The customer writes to the hub's mailbox from their own mail client. */
    private static void mail(String from, String text) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "localhost");
        properties.put("mail.smtp.port", Integer.toString(FreePorts.sharedSmtpPort()));
        MimeMessage mail = new MimeMessage(Session.getInstance(properties));
        mail.setFrom(new InternetAddress(from, "Jane Doe"));
        mail.setRecipients(Message.RecipientType.TO, InternetAddress.parse("support@hub.local"));
        mail.setSubject("My order", "UTF-8");
        mail.setText(text, "UTF-8");
        mail.setSentDate(new Date());
        Transport.send(mail);
    }
}
