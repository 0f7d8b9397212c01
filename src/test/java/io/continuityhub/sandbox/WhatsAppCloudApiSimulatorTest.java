package io.continuityhub.sandbox;

import static io.continuityhub.sandbox.CloudApiRequests.MESSAGES_PATH;
import static io.continuityhub.sandbox.CloudApiRequests.PHONE_NUMBER_ID;
import static io.continuityhub.sandbox.CloudApiRequests.TOKEN;
import static io.continuityhub.sandbox.CloudApiRequests.send;
import static io.continuityhub.sandbox.CloudApiRequests.sendText;
import static io.continuityhub.sandbox.CloudApiRequests.textMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.component.whatsapp.model.MessageResponse;
import org.apache.camel.component.whatsapp.model.TextMessage;
import org.apache.camel.component.whatsapp.model.TextMessageRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WhatsAppCloudApiSimulatorTest extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSendAnswersInTheCloudApiShapeAndIsRecordedOnceWithItsSideEffect() throws Exception {
        String phone = TestData.phone();
        clock().set(Instant.parse("2026-04-28T23:04:00Z"));
        String request = textMessage(phone, "Your order O-99281 is delayed");

        Response response = send(hub, request);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode answer = response.json();
        assertThat(answer.fieldNames()).toIterable().containsExactly("messaging_product", "contacts", "messages");
        assertThat(answer.get("messaging_product").asText()).isEqualTo("whatsapp");
        assertThat(answer.get("contacts")).hasSize(1);
        assertThat(answer.get("contacts").get(0).get("input").asText()).isEqualTo(phone);
        assertThat(answer.get("contacts").get(0).get("wa_id").asText()).isEqualTo(phone.substring(1));
        assertThat(answer.get("messages")).hasSize(1);
        String wamid = answer.get("messages").get(0).get("id").asText();
        assertThat(wamid).matches("wamid\\.[A-Za-z0-9_-]{20,}");

        Map<String, Object> row = jdbc.sql("SELECT * FROM sandbox.whatsapp_sent WHERE wamid = ?").param(wamid).query().singleRow();
        assertThat(row).containsEntry("phone_number_id", PHONE_NUMBER_ID).containsEntry("recipient", phone)
                .containsEntry("message_type", "text").containsEntry("text", "Your order O-99281 is delayed");
        assertThat(JSON.readTree(row.get("body").toString())).isEqualTo(JSON.readTree(request));
        assertThat(((java.sql.Timestamp) row.get("sent_at")).toInstant())
                .isBetween(Instant.parse("2026-04-28T23:04:00Z"), Instant.parse("2026-04-28T23:05:00Z"));
        assertThat(count("SELECT count FROM sandbox.side_effect WHERE system = 'whatsapp' AND idempotency_key = ?", wamid))
                .isEqualTo(1L);
    }

    @Test
    void camelWhatsAppSendsThroughTheSimulator() {
        String phone = TestData.phone();
        CloudApiRequests.customerWrote(hub, phone);
        TextMessageRequest request = new TextMessageRequest();
        request.setTo(phone.substring(1));
        TextMessage text = new TextMessage();
        text.setBody("sent by camel-whatsapp");
        request.setText(text);

        MessageResponse answer = camel.createProducerTemplate().requestBody("whatsapp:" + PHONE_NUMBER_ID
                + "?authorizationToken=RAW(" + TOKEN + ")&apiVersion=v21.0"
                + "&baseUri=RAW(http://localhost:" + port + "/sandbox/whatsapp)", request, MessageResponse.class);

        assertThat(answer.getMessages()).hasSize(1);
        String wamid = answer.getMessages().get(0).getId();
        assertThat(answer.getContacts().get(0).getWaId()).isEqualTo(phone.substring(1));
        assertThat(count("SELECT count(*) FROM sandbox.whatsapp_sent WHERE wamid = ? AND recipient = ? AND text = ?",
                wamid, phone, "sent by camel-whatsapp")).isEqualTo(1L);
    }

    @Test
    void sentListsTheMessagesToANumberInOrderWithOrWithoutThePlus() {
        String phone = TestData.phone();
        String other = TestData.phone();
        String first = wamidOf(sendText(hub, phone, "first"));
        wamidOf(sendText(hub, other, "to someone else"));
        String second = wamidOf(sendText(hub, phone.substring(1), "second, to the wa_id"));
        String third = wamidOf(sendText(hub, phone, "third"));

        Response withPlus = hub.send("GET", "/sandbox/whatsapp/sent?to=" + phone.replace("+", "%2B"), null);
        Response digitsOnly = hub.send("GET", "/sandbox/whatsapp/sent?to=" + phone.substring(1), null);

        assertThat(withPlus.status()).isEqualTo(200);
        JsonNode sent = withPlus.json();
        assertThat(sent).extracting(m -> m.get("wamid").asText()).containsExactly(first, second, third);
        assertThat(sent).extracting(m -> m.get("text").asText()).containsExactly("first", "second, to the wa_id", "third");
        assertThat(sent).allSatisfy(m -> {
            assertThat(m.get("to").asText()).isEqualTo(phone);
            assertThat(m.get("type").asText()).isEqualTo("text");
            assertThat(Instant.parse(m.get("sentAt").asText())).isNotNull();
        });
        assertThat(digitsOnly.json()).isEqualTo(sent);

        JsonNode everyone = hub.send("GET", "/sandbox/whatsapp/sent", null).json();
        assertThat(everyone.size()).isBetween(4, SandboxWhatsAppController.MAX_LISTED);
        assertThat(everyone.get(everyone.size() - 1).get("wamid").asText()).as("newest last").isEqualTo(third);
    }

    @Test
    void aSendKeepsItsBizOpaqueCallbackDataAndSentShowsIt() throws Exception {
        String phone = TestData.phone();
        String callbackData = "sess-" + TestData.eventId() + ":confirm-order:whatsapp";
        String request = textMessage(phone, "with a reference", callbackData);

        String tagged = wamidOf(send(hub, request));
        String plain = wamidOf(sendText(hub, phone, "without one"));

        JsonNode sent = hub.send("GET", "/sandbox/whatsapp/sent?to=" + phone.replace("+", "%2B"), null).json();
        assertThat(sent).extracting(m -> m.get("wamid").asText()).containsExactly(tagged, plain);
        assertThat(sent.get(0).get("bizOpaqueCallbackData").asText()).isEqualTo(callbackData);
        assertThat(sent.get(1).get("bizOpaqueCallbackData").isNull()).isTrue();
        String stored = jdbc.sql("SELECT body::text FROM sandbox.whatsapp_sent WHERE wamid = ?").param(tagged)
                .query(String.class).single();
        assertThat(JSON.readTree(stored)).as("kept as the hub sent it").isEqualTo(JSON.readTree(request));
        assertThat(send(hub, textMessage(phone, "at the limit", "k".repeat(512))).status()).isEqualTo(200);
    }

    @Test
    void sentRefusesSomethingThatIsNotAPhoneNumber() {
        Response response = hub.send("GET", "/sandbox/whatsapp/sent?to=not-a-phone", null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).isEqualTo("invalid_field");
        assertThat(response.json().get("field").asText()).isEqualTo("to");
    }

    @Test
    void aMissingOrWrongTokenIs401InGraphShapeAndRecordsNothing() {
        String phone = TestData.phone();
        String body = textMessage(phone, "hello");

        Response none = hub.send("POST", MESSAGES_PATH, body, "Content-Type", "application/json");
        Response wrong = hub.send("POST", MESSAGES_PATH, body, "Content-Type", "application/json",
                "Authorization", "Bearer not-the-token");

        for (Response response : List.of(none, wrong)) {
            assertThat(response.status()).isEqualTo(401);
            JsonNode error = response.json().get("error");
            assertThat(error.get("type").asText()).isEqualTo("OAuthException");
            assertThat(error.get("code").asInt()).isEqualTo(190);
            assertThat(error.get("message").asText()).isNotBlank();
            assertThat(error.get("fbtrace_id").asText()).isNotBlank();
        }
        assertThat(count("SELECT count(*) FROM sandbox.whatsapp_sent WHERE recipient = ?", phone)).isZero();
    }

    static Stream<Arguments> badBodies() {
        String phone = "+447700900999";
        return Stream.of(
                Arguments.of("no messaging_product", "{\"to\":\"" + phone + "\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}",
                        "messaging_product"),
                Arguments.of("another product", "{\"messaging_product\":\"sms\",\"to\":\"" + phone
                        + "\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}", "messaging_product"),
                Arguments.of("no to", "{\"messaging_product\":\"whatsapp\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}", "to"),
                Arguments.of("to is not a number", textMessage("+44 12", "hi"), "to"),
                Arguments.of("text without a body", "{\"messaging_product\":\"whatsapp\",\"to\":\"" + phone
                        + "\",\"type\":\"text\",\"text\":{}}", "text['body']"),
                Arguments.of("text type without text", "{\"messaging_product\":\"whatsapp\",\"to\":\"" + phone
                        + "\",\"type\":\"text\"}", "text"),
                Arguments.of("an unknown type", "{\"messaging_product\":\"whatsapp\",\"to\":\"" + phone
                        + "\",\"type\":\"fax\",\"fax\":{}}", "type"),
                Arguments.of("a text over 4096 characters", textMessage(phone, "x".repeat(4097)), "text['body']"),
                Arguments.of("biz_opaque_callback_data over 512 characters", textMessage(phone, "hi", "k".repeat(513)),
                        "biz_opaque_callback_data"),
                Arguments.of("biz_opaque_callback_data not a string", "{\"messaging_product\":\"whatsapp\",\"to\":\""
                        + phone + "\",\"type\":\"text\",\"text\":{\"body\":\"hi\"},\"biz_opaque_callback_data\":{}}",
                        "biz_opaque_callback_data"),
                Arguments.of("not JSON", "{\"messaging_product\": ", "JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void aBadBodyIs400WithAGraphErrorNamingTheFieldAndRecordsNothing(String name, String body, String field) {
        long before = count("SELECT count(*) FROM sandbox.whatsapp_sent");

        Response response = send(hub, body);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        JsonNode error = response.json().get("error");
        assertThat(error.get("code").asInt()).isEqualTo(100);
        assertThat(error.get("type").asText()).isEqualTo("OAuthException");
        assertThat(error.get("message").asText()).startsWith("(#100)").contains(field);
        assertThat(count("SELECT count(*) FROM sandbox.whatsapp_sent")).isEqualTo(before);
    }

    @Test
    void aPhoneNumberIdThatIsNotTheBusinessNumberIsAnUnknownGraphObject() {
        Response response = hub.send("POST", "/sandbox/whatsapp/v21.0/999/messages", textMessage(TestData.phone(), "hi"),
                "Content-Type", "application/json", "Authorization", "Bearer " + TOKEN);

        assertThat(response.status()).isEqualTo(400);
        JsonNode error = response.json().get("error");
        assertThat(error.get("code").asInt()).isEqualTo(100);
        assertThat(error.get("error_subcode").asInt()).isEqualTo(33);
        assertThat(error.get("message").asText()).contains("'999'");
    }

    @Test
    void aboveTheConfiguredRateSendsAreRefusedWith130429AndNotRecorded() {
        assertThat(hub.send("GET", "/sandbox/whatsapp/rate-limit", null).json().get("maxSendsPerSecond").asInt())
                .as("the configured sandbox.whatsapp.max-sends-per-second").isEqualTo(80);
        String phone = TestData.phone();
        try {
            Response changed = hub.send("PUT", "/sandbox/whatsapp/rate-limit", "{\"maxSendsPerSecond\": 2}",
                    "Content-Type", "application/json");
            assertThat(changed.json().get("maxSendsPerSecond").asInt()).isEqualTo(2);

            // a burst well inside one second: the first two pass, the rest are over the limit
            List<Response> burst = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                burst.add(sendText(hub, phone, "burst " + i));
            }

            assertThat(burst).extracting(Response::status).containsExactly(200, 200, 400, 400, 400, 400);
            for (Response refused : burst.subList(2, 6)) {
                JsonNode error = refused.json().get("error");
                assertThat(error.get("message").asText()).isEqualTo("(#130429) Rate limit hit");
                assertThat(error.get("type").asText()).isEqualTo("OAuthException");
                assertThat(error.get("code").asInt()).isEqualTo(130429);
                assertThat(error.get("error_data").get("messaging_product").asText()).isEqualTo("whatsapp");
                assertThat(error.get("error_data").get("details").asText())
                        .isEqualTo("Cloud API message throughput has been reached.");
                assertThat(error.get("fbtrace_id").asText()).isNotBlank();
            }
            List<String> accepted = burst.subList(0, 2).stream().map(WhatsAppCloudApiSimulatorTest::wamidOf).toList();
            assertThat(jdbc.sql("SELECT wamid FROM sandbox.whatsapp_sent WHERE recipient = ? ORDER BY seq").param(phone)
                    .query(String.class).list()).containsExactlyElementsOf(accepted);
            assertThat(jdbc.sql("SELECT idempotency_key FROM sandbox.side_effect WHERE system = 'whatsapp'"
                            + " AND idempotency_key IN (SELECT wamid FROM sandbox.whatsapp_sent WHERE recipient = ?)")
                    .param(phone).query(String.class).list()).containsExactlyInAnyOrderElementsOf(accepted);
        } finally {
            hub.send("PUT", "/sandbox/whatsapp/rate-limit", "{\"maxSendsPerSecond\": 80}", "Content-Type", "application/json");
        }
    }

    @Test
    void aNegativeRateLimitIsRefused() {
        Response response = hub.send("PUT", "/sandbox/whatsapp/rate-limit", "{\"maxSendsPerSecond\": -1}",
                "Content-Type", "application/json");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo("maxSendsPerSecond");
        assertThat(hub.send("GET", "/sandbox/whatsapp/rate-limit", null).json().get("maxSendsPerSecond").asInt()).isEqualTo(80);
    }

    private static String wamidOf(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("messages").get(0).get("id").asText();
    }
}
