package io.continuityhub.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class IdentityResolutionTest extends HubIntegrationTest {

    @Test
    void twoStrangersWhoShareNothingNeverShareACustomerOrASession() {
        String phoneA = TestData.phone();
        String phoneB = TestData.phone();

        JsonNode a = hub.touchpoint(TestData.eventId(), "sms", "phone", phoneA, "hi, I am A").json();
        JsonNode b = hub.touchpoint(TestData.eventId(), "sms", "phone", phoneB, "hi, I am B").json();
        JsonNode aAgain = hub.touchpoint(TestData.eventId(), "voice", "phone", phoneA, "A again").json();

        assertThat(a.get("customerId").asText()).isNotEqualTo(b.get("customerId").asText());
        assertThat(a.get("sessionId").asText()).isNotEqualTo(b.get("sessionId").asText());
        assertThat(aAgain.get("customerId").asText()).as("the same unknown sender is the same provisional customer")
                .isEqualTo(a.get("customerId").asText());
        assertThat(aAgain.get("sessionId").asText()).isEqualTo(a.get("sessionId").asText());

        JsonNode resolved = resolve("phone", phoneA).json();
        assertThat(resolved.get("customerId").asText()).isEqualTo(a.get("customerId").asText());
        assertThat(resolved.get("provisional").asBoolean()).isTrue();
        assertThat(resolved.get("matchedBy").asText()).isEqualTo("first_contact");
    }

    @Test
    void aProvisionalCustomerLinkedByAVerifiedHandleJoinsItsHistoryAndAnUnmergeSeparatesThemAgain() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        String email = TestData.email();
        hub.seedCustomer(customerId, "Europe/London", Map.of("whatsapp", phone));
        String knownSession = hub.touchpoint(TestData.eventId(), "voice", "phone", phone, "order O-7 is late")
                .json().get("sessionId").asText();
        JsonNode stranger = hub.touchpoint(TestData.eventId(), "chat", "email", email, "it's me, from my email").json();
        String provisionalId = stranger.get("customerId").asText();
        String provisionalSession = stranger.get("sessionId").asText();
        assertThat(provisionalId).isNotEqualTo(customerId);

        Response link = hub.opsPost("/api/v1/customers/" + customerId + "/handles",
                "{\"channel\":\"email\",\"value\":\"" + email + "\"}");
        assertThat(link.status()).as(link.body()).isEqualTo(201);
        assertThat(link.json().get("mergedCustomerIds").get(0).asText()).isEqualTo(provisionalId);
        String mergeId = link.json().get("mergeIds").get(0).asText();

        JsonNode resolved = resolve("email", email).json();
        assertThat(resolved.get("customerId").asText()).isEqualTo(customerId);
        assertThat(resolved.get("matchedBy").asText()).isEqualTo("verified_email");
        assertThat(textsOf(events(knownSession), "summary"))
                .contains("order O-7 is late", "it's me, from my email");
        JsonNode session = hub.opsGet("/api/v1/customers/" + customerId + "/session").json();
        assertThat(session.get("sessionId").asText()).isEqualTo(knownSession);
        assertThat(textsOf(session.get("channels"))).contains("voice:" + phone, "chat:" + email);
        assertThat(hub.touchpoint(TestData.eventId(), "chat", "email", email, "after the link").json()
                .get("sessionId").asText()).isEqualTo(knownSession);

        Response unmerge = hub.opsPost("/api/v1/merges/" + mergeId + "/unmerge", null);
        assertThat(unmerge.status()).as(unmerge.body()).isEqualTo(200);
        assertThat(unmerge.json().get("unmergedAt").isNull()).isFalse();

        JsonNode separated = resolve("email", email).json();
        assertThat(separated.get("customerId").asText()).isEqualTo(provisionalId);
        assertThat(separated.get("provisional").asBoolean()).isTrue();
        assertThat(textsOf(events(knownSession), "summary")).doesNotContain("it's me, from my email");
        assertThat(textsOf(events(provisionalSession), "summary")).contains("it's me, from my email");
        assertThat(hub.touchpoint(TestData.eventId(), "chat", "email", email, "after the unmerge").json()
                .get("sessionId").asText()).isEqualTo(provisionalSession);
        assertThat(hub.opsPost("/api/v1/merges/" + mergeId + "/unmerge", null).status()).isEqualTo(409);
        assertThat(count("SELECT count(*) FROM identity_audit WHERE customer_id = ? AND action IN ('merge', 'unmerge')",
                customerId)).isEqualTo(2);
    }

    @Test
    void aHandleThatBelongsToAnotherKnownCustomerIsNotLinked() {
        String owner = TestData.customerId();
        String other = TestData.customerId();
        String email = TestData.email();
        hub.seedCustomer(owner, "UTC", Map.of("email", email));
        hub.seedCustomer(other, "UTC", Map.of("phone", TestData.phone()));

        Response link = hub.opsPost("/api/v1/customers/" + other + "/handles", "{\"channel\":\"email\",\"value\":\"" + email + "\"}");

        assertThat(link.status()).isEqualTo(409);
        assertThat(link.json().get("error").asText()).isEqualTo("handle_belongs_to_another_customer");
        assertThat(link.json().get("message").asText()).contains(owner);
        assertThat(resolve("email", email).json().get("customerId").asText()).isEqualTo(owner);
    }

    @Test
    void aSharedHouseholdPhoneNeverResolvesToTheCustomerWhoListedIt() {
        String customerId = TestData.customerId();
        String landline = TestData.phone();
        Response seeded = hub.send("POST", "/sandbox/customers", """
                {"customerId": "%s", "timeZone": "UTC",
                 "handles": [{"channel": "phone", "value": "%s", "shared": true}]}""".formatted(customerId, landline),
                "Content-Type", "application/json");
        assertThat(seeded.status()).isEqualTo(201);

        JsonNode caller = hub.touchpoint(TestData.eventId(), "voice", "phone", landline, "hello from the house phone").json();

        assertThat(caller.get("customerId").asText()).isNotEqualTo(customerId);
        assertThat(hub.opsGet("/api/v1/customers/" + customerId + "/session").status()).isEqualTo(404);
    }

    @Test
    void aPhoneVerifiedOnWhatsAppResolvesTheSameCustomerWhenItCalls() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", phone));

        JsonNode resolved = resolve("phone", phone.substring(0, 6) + " " + phone.substring(6)).json();

        assertThat(resolved.get("customerId").asText()).isEqualTo(customerId);
        assertThat(resolved.get("matchedBy").asText()).isEqualTo("verified_whatsapp");
        assertThat(resolve("phone", TestData.phone()).status()).isEqualTo(404);
    }

    @Test
    void theCustomerViewListsHandlesAndNeedsTheOpsLogin() {
        String customerId = TestData.customerId();
        String email = TestData.email();
        hub.seedCustomer(customerId, "Europe/Paris", Map.of("email", email));

        JsonNode customer = hub.opsGet("/api/v1/customers/" + customerId).json();

        assertThat(customer.get("handles").get(0).get("channel").asText()).isEqualTo("email");
        assertThat(customer.get("handles").get(0).get("value").asText()).isEqualTo(email);
        assertThat(customer.get("handles").get(0).get("verified").asBoolean()).isTrue();
        assertThat(customer.get("timeZone").asText()).isEqualTo("Europe/Paris");
        assertThat(hub.send("GET", "/api/v1/customers/" + customerId, null).status()).isEqualTo(401);
        assertThat(hub.opsGet("/api/v1/customers/cust-nobody").status()).isEqualTo(404);
    }

    private Response resolve(String channel, String handle) {
        return hub.opsGet("/api/v1/customers/resolve?channel=" + channel + "&handle="
                + URLEncoder.encode(handle, StandardCharsets.UTF_8));
    }

    private JsonNode events(String sessionId) {
        return hub.opsGet("/api/v1/sessions/" + sessionId + "/events").json();
    }

    private static List<String> textsOf(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(e -> e.path(field).asText()).toList();
    }

    private static List<String> textsOf(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
