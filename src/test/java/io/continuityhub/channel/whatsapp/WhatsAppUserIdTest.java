package io.continuityhub.channel.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.channel.email.MailClient;
import io.continuityhub.support.FreePorts;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.MetaWebhooks;
import io.continuityhub.support.TestData;
import io.continuityhub.support.SealedRows;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * WhatsApp users who adopted a username reach the hub with a business-scoped user id (BSUID) and
 * no phone number: they are customers like any other, answered at that id, and one customer with
 * the phone number Meta later pairs it with.
 */
class WhatsAppUserIdTest extends HubIntegrationTest {

    @Test
    void aUserWithoutAPhoneNumberIsAcceptedAndAnsweredAtTheirUserId() {
        String userId = userId();

        Response response = MetaWebhooks.post(hub, webhook(userId, null, wamid(), "hello, I need help with an order"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT handle_type || ' ' || handle_value FROM interaction WHERE handle_value = ?")
                .param(userId).query(String.class).single()).isEqualTo("whatsapp_user_id " + userId);
        assertThat(SealedRows.attribute(jdbc, "username", "handle_value = ?", userId)).containsExactly("jane.doe");
        await().atMost(Duration.ofSeconds(15)).until(() -> sentTo(userId).size() >= 1);
        assertThat(jdbc.sql("SELECT body->>'recipient' FROM sandbox.whatsapp_sent WHERE recipient = ?")
                .param(userId).query(String.class).list()).as("addressed by user id, not as a phone number")
                .allMatch(userId::equals);
        assertThat(jdbc.sql("SELECT count(*) FROM sandbox.whatsapp_sent WHERE recipient = ? AND body->>'to' IS NOT NULL")
                .param(userId).query(Long.class).single()).isZero();
    }

    @Test
    void aUserIdThatIsNotMetasShapeIsRefusedNamingTheField() {
        Response response = MetaWebhooks.post(hub, webhook("13491208655302741918", null, wamid(), "hi"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo("entry[0].changes[0].value.messages[0].from_user_id");
        assertThat(jdbc.sql("SELECT count(*) FROM interaction WHERE handle_value = '13491208655302741918'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void aKnownCustomerWritingByUserIdThenByEmailIsOneCustomerInOneSession() throws Exception {
        String customerId = TestData.customerId();
        String userId = userId();
        String email = TestData.email();
        hub.seedCustomer(customerId, "UTC", Map.of("whatsapp_user_id", userId, "email", email));

        assertThat(MetaWebhooks.post(hub, webhook(userId, null, wamid(), "Where is order O-55120?")).status()).isEqualTo(200);
        String sessionId = hub.opsGet("/api/v1/customers/" + customerId + "/session").json().get("sessionId").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> sentTo(userId).size() >= 1);
        awaitQuiet(sessionId);
        MailClient mail = new MailClient("127.0.0.1", FreePorts.sharedSmtpPort(), FreePorts.sharedImapPort());
        MailClient.Draft question = mail.send(MailClient.mail().from(email).subject("Order O-55120")
                .text("Any news about order O-55120?"));

        String mailSession = await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql(
                "SELECT session_id FROM interaction WHERE provider_message_id = ?").param(question.messageId)
                .query(String.class).optional(), found -> found.isPresent()).orElseThrow();
        assertThat(mailSession).isEqualTo(sessionId);
        assertThat(jdbc.sql("SELECT DISTINCT customer_id FROM interaction WHERE session_id = ?").param(sessionId)
                .query(String.class).list()).containsExactly(customerId);
        await().atMost(Duration.ofSeconds(15)).until(() -> hub.send("GET", "/sandbox/mail/" + email, null).json().size() >= 1);
    }

    @Test
    void aPhoneNumberAndTheUserIdMetaPairsWithItLaterAreOneCustomer() {
        String phone = TestData.phone();
        String userId = userId();
        MetaWebhooks.post(hub, webhook(null, phone.substring(1), wamid(), "first, by phone"));
        String byPhone = resolve("whatsapp", phone);

        MetaWebhooks.post(hub, webhook(userId, phone.substring(1), wamid(), "second, both in one webhook"));
        MetaWebhooks.post(hub, webhook(userId, null, wamid(), "third, by user id only"));

        assertThat(resolve("whatsapp_user_id", userId)).isEqualTo(byPhone);
        assertThat(jdbc.sql("SELECT count(DISTINCT customer_id) FROM interaction WHERE handle_value IN (?, ?)")
                .params(phone, userId).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aUserFirstSeenByUserIdJoinsTheCustomerOfTheirPhoneNumberWhenMetaPairsThem() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        String userId = userId();
        hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", phone));
        MetaWebhooks.post(hub, webhook(userId, null, wamid(), "hi, by user id"));
        String provisional = resolve("whatsapp_user_id", userId);
        assertThat(provisional).isNotEqualTo(customerId);

        MetaWebhooks.post(hub, webhook(userId, phone.substring(1), wamid(), "now Meta sends both"));

        assertThat(resolve("whatsapp_user_id", userId)).isEqualTo(customerId);
        assertThat(jdbc.sql("SELECT merged_into FROM customer WHERE customer_id = ?").param(provisional)
                .query(String.class).single()).as("the first contact's history joins the customer").isEqualTo(customerId);
    }

    @Test
    void aStatusNamingOnlyTheUserIdIsRecorded() {
        String userId = userId();
        MetaWebhooks.post(hub, webhook(userId, null, wamid(), "hello"));
        List<JsonNode> sent = await().atMost(Duration.ofSeconds(15)).until(() -> sentTo(userId), list -> !list.isEmpty());
        String hubWamid = sent.get(0).get("wamid").asText();

        Response status = hub.send("POST", "/sandbox/whatsapp/status",
                "{\"wamid\": \"" + hubWamid + "\", \"status\": \"delivered\"}", "Content-Type", "application/json");

        assertThat(status.status()).as(status.body()).isEqualTo(200);
        assertThat(status.json().get("hubStatus").asInt()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT delivery_status FROM action WHERE provider_ref = ?").param(hubWamid)
                .query(String.class).single()).isEqualTo("delivered");
    }

    private String resolve(String channel, String handle) {
        Response resolved = hub.opsGet("/api/v1/customers/resolve?channel=" + channel + "&handle="
                + handle.replace("+", "%2B"));
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        return resolved.json().get("customerId").asText();
    }

    private List<JsonNode> sentTo(String user) {
        JsonNode sent = hub.send("GET", "/sandbox/whatsapp/sent?to=" + user, null).json();
        return sent == null ? List.of() : java.util.stream.StreamSupport.stream(sent.spliterator(), false).toList();
    }

    /** A webhook as Meta sends it since user ids: {@code user_id} always, the phone only when given. */
    private static String webhook(String userId, String phoneDigits, String wamid, String text) {
        String contact = "{\"profile\": {\"name\": \"Jane\"}"
                + (phoneDigits == null ? "" : ", \"wa_id\": \"" + phoneDigits + "\"")
                + (userId == null ? "" : ", \"user_id\": \"" + userId + "\", \"username\": \"jane.doe\"") + "}";
        String message = "{" + (phoneDigits == null ? "" : "\"from\": \"" + phoneDigits + "\", ")
                + (userId == null ? "" : "\"from_user_id\": \"" + userId + "\", ")
                + "\"id\": \"" + wamid + "\", \"timestamp\": \"1777000000\", \"type\": \"text\", \"text\": {\"body\": \""
                + text + "\"}}";
        return """
                {"object": "whatsapp_business_account", "entry": [{"id": "1029384756", "changes": [{"field": "messages",
                 "value": {"messaging_product": "whatsapp",
                   "metadata": {"display_phone_number": "15550001111", "phone_number_id": "100000000000001"},
                   "contacts": [%s], "messages": [%s]}}]}]}""".formatted(contact, message);
    }

    private static String userId() {
        return "US." + Math.abs(ThreadLocalRandom.current().nextLong());
    }

    private static String wamid() {
        return "wamid.U" + UUID.randomUUID();
    }
}
