package io.continuityhub.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.continuityhub.support.FreePorts;
import io.continuityhub.support.HubClient;
import io.continuityhub.support.TestData;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A customer of the sandbox with a WhatsApp number, an address and one delayed order (no delivery
 * options: the hub raises the delay and watches the shipment at once), who talks to the hub the way
 * a person does; and the strings that say who they are or what they said ({@link #markers}).
 */
final class Person {

    private static final ObjectMapper JSON = new ObjectMapper();

    final HubClient hub;
    final String customerId = TestData.customerId();
    final String phone = TestData.phone();
    final String email = TestData.email();
    final String name;
    final String orderId = "O-" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    final String trackingCode = "1Z" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(899_999_999_999L));
    /** Strings that say who they are or what they said: none may survive their erasure. */
    final Set<String> markers = new HashSet<>();

    Person(HubClient hub, String name) {
        this.hub = hub;
        this.name = name + "-" + letters(6); // letters only: nothing the agent reads as an order id
        markers.add(this.name);
        markers.add(name.split(" ")[0]); // the hub greets by first name
        markers.add(phone.substring(1)); // the digits, wherever a number is kept with or without its '+'
        markers.add(email);
    }

    /**
     * A unique word to put in what they say, to look for later: letters only, so the agent never
     * takes it for an order id.
     */
    String marker(String where) {
        String marker = "zq" + where.replaceAll("[^a-z]", "") + letters(10);
        markers.add(marker);
        return marker;
    }

    private static String letters(int count) {
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < count; i++) {
            letters.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return letters.toString();
    }

    /** Waits until the hub watches their order's shipment: the delay is raised and they were told. */
    void awaitWatched(java.util.function.ToLongFunction<String> countWatches) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> countWatches.applyAsLong(customerId) == 1);
    }

    Person seed() {
        ObjectNode body = JSON.createObjectNode().put("customerId", customerId).put("displayName", name)
                .put("timeZone", "Europe/London");
        body.putArray("handles").add(JSON.createObjectNode().put("channel", "whatsapp").put("value", phone))
                .add(JSON.createObjectNode().put("channel", "email").put("value", email));
        body.putArray("orders").addObject().put("orderId", orderId).put("warehouse", "sap")
                .put("status", "delayed").put("delayReason", "carrier issue").put("carrier", "UPS")
                .put("trackingCode", trackingCode);
        HubClient.Response seeded = post("/sandbox/customers", body);
        assertThat(seeded.status()).as(seeded.body()).isIn(200, 201);
        return this;
    }

    void whatsApp(String text) {
        HubClient.Response answer = post("/sandbox/whatsapp/inbound", JSON.createObjectNode().put("from", phone).put("text", text));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    /** How many WhatsApp messages the hub sent them. */
    int whatsAppSent() {
        return hub.send("GET", "/sandbox/whatsapp/sent?to=" + phone.replace("+", "%2B"), null).json().size();
    }

    void mail(String subject, String text) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "localhost");
        properties.put("mail.smtp.port", Integer.toString(FreePorts.sharedSmtpPort()));
        MimeMessage mail = new MimeMessage(Session.getInstance(properties));
        mail.setFrom(new InternetAddress(email, name));
        mail.setRecipients(Message.RecipientType.TO, InternetAddress.parse("support@hub.local"));
        mail.setSubject(subject, "UTF-8");
        mail.setText(text, "UTF-8");
        mail.setSentDate(new Date());
        Transport.send(mail);
    }

    String sessionId() {
        return hub.opsGet("/api/v1/customers/" + customerId + "/session").json().get("sessionId").asText();
    }

    private HubClient.Response post(String path, JsonNode body) {
        return hub.send("POST", path, body.toString(), "Content-Type", "application/json");
    }
}
