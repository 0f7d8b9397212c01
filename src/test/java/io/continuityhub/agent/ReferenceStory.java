package io.continuityhub.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.continuityhub.support.HubClient;
import io.continuityhub.support.TestData;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The reference story of DESIGN.md, driven the way a person would drive it against the sandbox:
 * over HTTP (the sandbox's WhatsApp, carrier, clock and mail endpoints) and SMTP. Every test gets
 * its own customer, order and tracking codes, so stories never meet on the shared database.
 */
final class ReferenceStory {

    static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    final HubClient hub;
    final int smtpPort;
    final String customerId;
    final String phone;
    final String email;
    final String orderId;
    final String trackingCode;
    final String newTrackingCode;

    /** A new customer's story, told to {@code hub}, whose sandbox mail server takes SMTP on {@code smtpPort}. */
    ReferenceStory(HubClient hub, int smtpPort) {
        this(hub, smtpPort, TestData.customerId(), TestData.phone(), TestData.email(),
                "O-" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999)), trackingCode(), trackingCode());
    }

    private ReferenceStory(HubClient hub, int smtpPort, String customerId, String phone, String email, String orderId,
                           String trackingCode, String newTrackingCode) {
        this.hub = hub;
        this.smtpPort = smtpPort;
        this.customerId = customerId;
        this.phone = phone;
        this.email = email;
        this.orderId = orderId;
        this.trackingCode = trackingCode;
        this.newTrackingCode = newTrackingCode;
    }

    /** The same customer's story, now told to another hub (the one started after a restart). */
    ReferenceStory through(HubClient otherHub, int otherSmtpPort) {
        return new ReferenceStory(otherHub, otherSmtpPort, customerId, phone, email, orderId, trackingCode, newTrackingCode);
    }

    private static String trackingCode() {
        return "1Z" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(899_999_999_999L));
    }

    /** Jane Doe of Europe/London, on WhatsApp and email, with one order delayed by the carrier. */
    ReferenceStory seed() {
        ObjectNode body = JSON.createObjectNode().put("customerId", customerId).put("displayName", "Jane Doe")
                .put("timeZone", "Europe/London");
        body.putArray("handles").add(JSON.createObjectNode().put("channel", "whatsapp").put("value", phone))
                .add(JSON.createObjectNode().put("channel", "email").put("value", email));
        ObjectNode order = body.putArray("orders").addObject().put("orderId", orderId).put("warehouse", "sap")
                .put("status", "delayed").put("delayReason", "carrier issue").put("carrier", "UPS")
                .put("trackingCode", trackingCode);
        order.putArray("deliveryOptions").add("Tuesday");
        assertThat(post("/sandbox/customers", body).status()).isIn(200, 201);
        return this;
    }

    void setClock(Instant now) {
        assertThat(post("/sandbox/clock", JSON.createObjectNode().put("set", now.toString())).status()).isEqualTo(200);
    }

    void whatsApp(String text) {
        HubClient.Response answer = post("/sandbox/whatsapp/inbound", JSON.createObjectNode().put("from", phone).put("text", text));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    /** The texts the hub sent the customer on WhatsApp, oldest first. */
    List<String> whatsAppSent() {
        List<String> texts = new ArrayList<>();
        hub.send("GET", "/sandbox/whatsapp/sent?to=" + phone.replace("+", "%2B"), null).json()
                .forEach(sent -> texts.add(sent.path("text").asText()));
        return texts;
    }

    /** Waits until the customer has {@code count} WhatsApp messages, and answers them. */
    List<String> awaitWhatsApp(int count) {
        await().atMost(PATIENCE).until(() -> whatsAppSent().size() >= count);
        return whatsAppSent();
    }

    JsonNode session() {
        return hub.opsGet("/api/v1/customers/" + customerId + "/session").json();
    }

    JsonNode awaitSession(Predicate<JsonNode> condition) {
        await().atMost(PATIENCE).until(() -> condition.test(session()));
        return session();
    }

    String sessionId() {
        return session().path("sessionId").asText();
    }

    JsonNode events() {
        return hub.opsGet("/api/v1/sessions/" + sessionId() + "/events").json();
    }

    void carrierScansNewTrackingNumber() {
        HubClient.Response answer = post("/sandbox/carrier/scan", JSON.createObjectNode().put("trackingCode", trackingCode)
                .put("status", "in_transit").put("newTrackingCode", newTrackingCode));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    /** The mails the hub sent the customer, oldest first. */
    JsonNode mails() {
        return hub.send("GET", "/sandbox/mail/" + email, null).json();
    }

    /** The customer answers a mail of the hub's from their own mail client, threaded under it. */
    void replyByEmail(JsonNode mail, String text) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "localhost");
        properties.put("mail.smtp.port", Integer.toString(smtpPort));
        MimeMessage reply = new MimeMessage(Session.getInstance(properties));
        reply.setFrom(new InternetAddress(email, "Jane Doe"));
        reply.setRecipients(Message.RecipientType.TO, InternetAddress.parse("support@hub.local"));
        reply.setSubject("Re: " + mail.path("subject").asText(), "UTF-8");
        reply.setHeader("In-Reply-To", mail.path("messageId").asText());
        reply.setHeader("References", mail.path("messageId").asText());
        reply.setText(text + "\n\nOn Wed, Continuity Hub wrote:\n> " + mail.path("body").asText().replace("\n", "\n> "),
                "UTF-8");
        reply.setSentDate(new Date());
        Transport.send(reply);
    }

    void voice(String text) {
        assertThat(hub.touchpoint(TestData.eventId(), "voice", "phone", phone, text).status()).isIn(200, 202);
    }

    /** The agent's replies in the session, oldest first. */
    List<JsonNode> agentReplies() {
        List<JsonNode> replies = new ArrayList<>();
        events().forEach(event -> {
            if ("agent_reply".equals(event.path("type").asText())) {
                replies.add(event);
            }
        });
        return replies;
    }

    JsonNode ledger(String system) {
        return hub.send("GET", "/sandbox/ledger?system=" + system, null).json();
    }

    /** How many side effects the system applied under each key of this story's session. */
    List<Integer> sideEffectCounts(String system) {
        String sessionId = sessionId();
        List<Integer> counts = new ArrayList<>();
        ledger(system).forEach(entry -> {
            if (entry.path("key").asText().contains(sessionId) || entry.path("key").asText().contains(orderId)) {
                counts.add(entry.path("count").asInt());
            }
        });
        return counts;
    }

    JsonNode exceptions() {
        return hub.send("GET", "/sandbox/warehouse/exceptions?orderId=" + orderId, null).json();
    }

    JsonNode cases() {
        return hub.send("GET", "/sandbox/salesforce/cases?hubKey=" + sessionId() + "-" + orderId, null).json();
    }

    HubClient.Response post(String path, JsonNode body) {
        return hub.send("POST", path, body.toString(), "Content-Type", "application/json");
    }
}
