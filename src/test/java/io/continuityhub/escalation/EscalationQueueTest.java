package io.continuityhub.escalation;

import io.continuityhub.session.EscalationRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.kernel.HubRequestException;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.MetaWebhooks;
import io.continuityhub.support.TestData;
import io.continuityhub.tools.ActionLedger;
import io.continuityhub.tools.ActionView;
import io.continuityhub.tools.NewAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class EscalationQueueTest extends HubIntegrationTest {

    @Autowired
    EscalationQueue queue;

    @Autowired
    ActionLedger ledger;

    @Test
    void anEscalationCarriesTheWholeContextAndACaseIsEscalatedOnce() {
        Case scenario = customerWhoWroteOnWhatsApp("Where is order O-1234?");
        ActionView failing = ledger.record(new NewAction("test:" + UUID.randomUUID(), scenario.customerId, scenario.sessionId,
                "no-such-tool", "status", Map.of("orderId", "O-1234")));
        NotifyBuilder published = new NotifyBuilder(camel).fromRoute("escalation-publish").whenCompleted(1).create();

        EscalationView first = queue.open(new EscalationRequest(scenario.customerId, scenario.sessionId,
                "warehouse down past its SLA", "sla:warehouse:" + scenario.sessionId, failing.idempotencyKey(), "503"));
        EscalationView second = queue.open(new EscalationRequest(scenario.customerId, scenario.sessionId,
                "warehouse down past its SLA", "sla:warehouse:" + scenario.sessionId, failing.idempotencyKey(), "503"));

        assertThat(second.escalationId()).isEqualTo(first.escalationId());
        // (the hub's own work on the session may open cases of its own meanwhile: this one is counted)
        assertThat(count("SELECT count(*) FROM escalation WHERE case_key = ?", "sla:warehouse:" + scenario.sessionId))
                .isEqualTo(1);
        assertThat(published.matches(10, TimeUnit.SECONDS)).isTrue();

        JsonNode listed = openEscalation(first.escalationId());
        assertThat(listed.get("reason").asText()).isEqualTo("warehouse down past its SLA");
        JsonNode context = listed.get("context");
        assertThat(context.get("customer").get("customerId").asText()).isEqualTo(scenario.customerId);
        assertThat(context.get("customer").get("displayName").asText()).as("whom the person talks to")
                .isEqualTo("Test " + scenario.customerId);
        assertThat(context.get("customer").get("timeZone").asText()).isEqualTo("UTC");
        assertThat(context.get("session").get("sessionId").asText()).isEqualTo(scenario.sessionId);
        assertThat(context.get("recentEvents").toString()).contains("Where is order O-1234?");
        assertThat(context.get("failingAction").get("idempotencyKey").asText()).isEqualTo(failing.idempotencyKey());
        assertThat(context.get("error").asText()).isEqualTo("503");
        assertThat(hub.opsGet("/api/v1/customers/" + scenario.customerId + "/session").json().get("state").asText())
                .isEqualTo("escalated");
    }

    /** One owner at a time: the agent's turn on a message after the hand-over must not take the session back. */
    @Test
    void aTurnAfterTheHandOverLeavesTheSessionWithThePerson() {
        Case scenario = customerWhoWroteOnWhatsApp("Hello");
        awaitAgentDone(scenario.sessionId);
        queue.open(new EscalationRequest(scenario.customerId, scenario.sessionId, "customer asked for a person",
                "owner:" + scenario.sessionId, null, null));

        writeOnWhatsApp(scenario.phone, "Where is order O-1234?");
        awaitAgentDone(scenario.sessionId);

        JsonNode session = hub.opsGet("/api/v1/customers/" + scenario.customerId + "/session").json();
        assertThat(session.get("state").asText()).as("the agent's turn on the new message").isEqualTo("escalated");
        assertThat(session.get("nextAction").asText()).isEqualTo("a person follows up");
        assertThat(count("SELECT count(*) FROM session_event WHERE session_id = ? AND type = 'agent_decided'",
                scenario.sessionId)).as("the agent still took its turn and recorded it").isGreaterThanOrEqualTo(2);
    }

    @Test
    void aPersonClaimsRepliesOnTheCustomersOwnChannelAndHandsTheSessionBack() {
        Case scenario = customerWhoWroteOnWhatsApp("I want to talk to a person");
        awaitAgentDone(scenario.sessionId);
        String escalationId = queue.open(new EscalationRequest(scenario.customerId, scenario.sessionId, "customer asked for a person",
                "ask:" + scenario.sessionId, null, null)).escalationId();

        assertThat(hub.opsPost("/api/v1/escalations/" + escalationId + "/reply", "{\"text\":\"hi\"}").status())
                .as("a reply needs the case first").isEqualTo(409);
        Response claimed = hub.opsPost("/api/v1/escalations/" + escalationId + "/claim", null);
        assertThat(claimed.status()).isEqualTo(200);
        assertThat(claimed.json().get("status").asText()).isEqualTo("claimed");
        assertThat(claimed.json().get("claimedBy").asText()).isEqualTo("ops");
        assertThatThrownBy(() -> queue.claim(escalationId, "someone-else"))
                .isInstanceOf(HubRequestException.class).hasMessageContaining("by ops");

        String text = "Hello, this is Sam from customer care. Your order O-1234 ships today.";
        Response reply = hub.opsPost("/api/v1/escalations/" + escalationId + "/reply", "{\"text\":\"" + text + "\"}");
        Response doubleClick = hub.opsPost("/api/v1/escalations/" + escalationId + "/reply", "{\"text\":\"" + text + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        String key = reply.json().get("reply").get("idempotencyKey").asText();
        assertThat(doubleClick.json().get("reply").get("idempotencyKey").asText()).isEqualTo(key);
        ActionView send = ledger.find(key).orElseThrow();
        assertThat(send.tool()).isEqualTo("whatsapp-send");
        assertThat(send.request()).containsEntry("to", scenario.phone).containsEntry("text", text);
        // the agent may have answered the customer's own message too; the person's reply is one send
        assertThat(count("SELECT count(*) FROM action WHERE session_id = ? AND tool = 'whatsapp-send' AND step = 'human-reply'",
                scenario.sessionId)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> "succeeded".equals(ledger.find(key).orElseThrow().status()));
        JsonNode delivered = hub.send("GET", "/sandbox/whatsapp/sent?to=%2B" + scenario.phone.substring(1), null).json();
        List<String> texts = new java.util.ArrayList<>();
        delivered.forEach(sent -> texts.add(sent.get("text").asText()));
        assertThat(texts).containsOnlyOnce(text);

        Response resolved = hub.opsPost("/api/v1/escalations/" + escalationId + "/resolve", "{\"resolution\":\"order shipped\"}");
        assertThat(resolved.json().get("status").asText()).isEqualTo("resolved");
        JsonNode session = hub.opsGet("/api/v1/customers/" + scenario.customerId + "/session").json();
        assertThat(session.get("state").asText()).isEqualTo("automated");
        assertThat(hub.opsGet("/api/v1/escalations?status=open").body()).doesNotContain(escalationId);
    }

    @Test
    void theQueueNeedsTheOpsLoginAndRefusesAnUnknownStatusOrCase() {
        assertThat(hub.send("GET", "/api/v1/escalations?status=open", null).status()).isEqualTo(401);
        assertThat(hub.opsGet("/api/v1/escalations?status=lost").status()).isEqualTo(400);
        assertThat(hub.opsPost("/api/v1/escalations/esc-nope/claim", null).status()).isEqualTo(404);
    }

    private JsonNode openEscalation(String escalationId) {
        for (JsonNode escalation : hub.opsGet("/api/v1/escalations?status=open").json()) {
            if (escalationId.equals(escalation.get("escalationId").asText())) {
                return escalation;
            }
        }
        throw new AssertionError("no open escalation " + escalationId);
    }


    private void writeOnWhatsApp(String phone, String text) {
        String digits = phone.substring(1);
        MetaWebhooks.post(hub, MetaWebhooks.payload(digits,
                List.of(MetaWebhooks.textMessage(digits, "wamid.E" + UUID.randomUUID(), 1_777_000_000L, text)), List.of()));
    }

    private record Case(String customerId, String sessionId, String phone) {
    }

    private Case customerWhoWroteOnWhatsApp(String text) {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "UTC", Map.of("whatsapp", phone));
        writeOnWhatsApp(phone, text);
        String sessionId = hub.opsGet("/api/v1/customers/" + customerId + "/session").json().get("sessionId").asText();
        return new Case(customerId, sessionId, phone);
    }
}
