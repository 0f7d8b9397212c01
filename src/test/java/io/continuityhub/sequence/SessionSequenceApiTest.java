package io.continuityhub.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.session.NewSessionEvent;
import io.continuityhub.session.SessionStore;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.TestData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.HtmlUtils;

/**
 * Sessions are written the way the hub writes them: a seeded customer, then the session's events
 * appended through the session store (customer messages, the agent's decisions and replies, the
 * ledger's action events), each at a moment set on the hub's clock. The agent is kept out of
 * them: its own turn on a written customer message would add to the story mid-way.
 */
class SessionSequenceApiTest extends HubIntegrationTest {

    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Autowired
    SessionStore sessions;

    private static final List<String> AGENT_ROUTES = List.of("agent-turns", "agent-wake-ups");

    private final List<String> storyCustomers = new ArrayList<>();

    @BeforeEach
    void agentAside() throws Exception {
        for (String route : AGENT_ROUTES) {
            camel.getRouteController().stopRoute(route);
        }
    }

    @AfterEach
    void agentBack() throws Exception {
        for (String customerId : storyCustomers) {
            jdbc.sql("UPDATE session SET agent_seq = last_seq WHERE customer_id = ?").param(customerId).update();
        }
        for (String route : AGENT_ROUTES) {
            camel.getRouteController().startRoute(route);
        }
    }

    @Test
    void theDiagramNeedsTheOpsLoginAndAnswers404ForAnUnknownSession() {
        Story story = new Story();
        String path = "/api/v1/sessions/" + story.customerWrites("whatsapp", "2026-04-28T23:04:00Z", "hello") + "/sequence";

        assertThat(hub.send("GET", path, null).status()).isEqualTo(401);
        assertThat(hub.send("GET", path + "?format=html", null, "Accept", BROWSER_ACCEPT).status()).isEqualTo(401);

        Response unknown = hub.opsGet("/api/v1/sessions/sess-does-not-exist/sequence");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("not_found");
        assertThat(unknown.json().get("message").asText()).contains("sess-does-not-exist");
        Response unknownInABrowser = hub.send("GET", "/api/v1/sessions/sess-does-not-exist/sequence", null,
                "Accept", BROWSER_ACCEPT, "Authorization", opsLogin());
        assertThat(unknownInABrowser.status()).isEqualTo(404);
        assertThat(unknownInABrowser.json().get("error").asText()).isEqualTo("not_found");

        Response badFormat = hub.opsGet(path + "?format=svg");
        assertThat(badFormat.status()).isEqualTo(400);
        assertThat(badFormat.json().get("field").asText()).isEqualTo("format");
    }

    @Test
    void aSessionReadsAsMermaidWithItsLifelinesInOrderAndEveryMessageAndCallStamped() {
        Story story = new Story();
        String sessionId = story.referenceStory(true);

        Response answer = hub.opsGet("/api/v1/sessions/" + sessionId + "/sequence");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().get("content-type")).containsExactly("text/plain;charset=UTF-8");
        String mermaid = answer.body();
        assertThat(mermaid).startsWith("sequenceDiagram\n");
        assertThat(lines(mermaid).stream().filter(l -> l.startsWith("participant ") || l.startsWith("actor ")).toList())
                .containsExactly("actor Customer", "participant WhatsApp", "participant Email", "participant Carrier",
                        "participant Hub", "participant Salesforce", "participant Warehouse",
                        "participant HumanQueue as Human queue");
        assertThat(lines(mermaid)).containsSubsequence(
                "title Session " + sessionId + " from 2026-04-28, times in UTC",
                "Customer->>WhatsApp: 23:04 Where is my order O-99281?",
                "WhatsApp->>Hub: from ***" + story.phone.substring(story.phone.length() - 4),
                "Note over Hub: 23:04 decided order_status (deterministic), plans 3 actions",
                "Hub->>Salesforce: 23:04 salesforce-case/open key case:open",
                "Salesforce-->>Hub: ok 500XX0000001",
                "Hub->>Warehouse: 23:04 warehouse-status/lookup key order:lookup",
                "Warehouse-->>Hub: ok",
                "Hub-->>WhatsApp: 23:05 It is delayed by the carrier#59; shall we deliver on Tuesday?",
                "WhatsApp-->>Customer: 23:05 whatsapp-send/reply key reply-1:send sent wamid.A1",
                "Hub->>Warehouse: 23:06 fulfillment-exception/raise key exception:raise",
                "Warehouse--xHub: failed: 422 order already shipped",
                "Hub->>Warehouse: 23:06 compensate: fulfillment-exception/compensate-raise key exc:undo",
                "Note over Hub: 23:07 state awaiting_carrier, next: email the new tracking number",
                "Carrier->>Hub: (04-29) 06:10 scan in_transit, order O-99281, 1ZNEW (was 1ZOLD)",
                "Hub-->>Email: 06:10 Your new tracking number is 1ZNEW",
                "Note over Hub,Email: scheduled for 2026-04-29 08:00 UTC",
                "Email-->>Customer: 08:00 email-send/reply key tracking:send sent #60;m1@hub.local#62;",
                "Customer->>Email: 08:30 thanks, and can I change the address?",
                "Hub-->>Email: 08:31 Of course: order O-99281 keeps its Tuesday slot#59; which address?",
                "Hub->>HumanQueue: 08:32 address change needs a person",
                "Note over HumanQueue: 08:33 ops took the case",
                "HumanQueue->>Hub: 08:34 Hello, Sam here: I have changed the address.",
                "Email-->>Customer: 08:34 email-send/human-reply key esc-1:send sent",
                "Note over Hub: 08:35 agent_mood: an event type nobody told the diagram about",
                "Note over Hub,Salesforce: still queued: salesforce-case/close key case:close (since 2026-04-29 08:35 UTC)");
        assertThat(mermaid).doesNotContain(story.phone, story.phone.substring(1), story.email)
                .doesNotContain("⚠ seam");
    }

    @Test
    void aNewChannelAnsweredWithoutContextAndAnUnkeyedCallAreSeams() {
        Story story = new Story();
        String sessionId = story.referenceStory(false);
        long unkeyedSeq = story.append("2026-04-29T08:36:00Z", "action_succeeded", null, null,
                payload("tool", "salesforce-case", "step", "note", "providerRef", "500XX0000002"));
        story.append("2026-04-29T08:37:00Z", "action_succeeded", null, null,
                payload("tool", "warehouse-status", "step", "recheck")); // a read: no key needed

        JsonNode json = hub.opsGet("/api/v1/sessions/" + sessionId + "/sequence?format=json").json();

        assertThat(json.get("sessionId").asText()).isEqualTo(sessionId);
        assertThat(json.get("mermaid").asText()).startsWith("sequenceDiagram\n");
        List<JsonNode> seams = StreamSupport.stream(json.get("seams").spliterator(), false).toList();
        assertThat(seams).extracting(seam -> seam.get("kind").asText()).containsExactly("context_lost", "no_idempotency_key");
        assertThat(seams.get(0).get("seq").asLong()).isEqualTo(story.lostReplySeq);
        assertThat(seams.get(0).get("message").asText()).contains("Email", "without the session's context", "orderId");
        assertThat(seams.get(1).get("seq").asLong()).isEqualTo(unkeyedSeq);
        assertThat(seams.get(1).get("message").asText()).contains("salesforce-case/note", "idempotency key");
        assertThat(seams.get(0).fieldNames()).toIterable().containsExactlyInAnyOrder("seq", "kind", "message");

        assertThat(lines(json.get("mermaid").asText())).containsSubsequence(
                "Hub-->>Email: 08:31 asks for orderId: Which order is this about?",
                "Note over Hub: ⚠ seam: first Email message (seq " + story.emailMessageSeq
                        + ") answered without the session#39;s context#59; asked the customer for orderId again",
                "Hub->>Salesforce: 08:36 salesforce-case/note (no key)",
                "Note over Hub: ⚠ seam: salesforce-case/note changes state without an idempotency key: a retry could do it twice",
                "Hub->>Warehouse: 08:37 warehouse-status/recheck (no key)");
    }

    @Test
    void aCleanSessionHasNoSeams() {
        Story story = new Story();
        String sessionId = story.referenceStory(true);

        JsonNode json = hub.opsGet("/api/v1/sessions/" + sessionId + "/sequence?format=json").json();

        assertThat(json.get("seams")).isEmpty();
        assertThat(hub.opsGet("/api/v1/sessions/" + sessionId + "/sequence?format=html").body()).contains("No seams");
    }

    @Test
    void aBrowserGetsAPageThatRendersTheEscapedDiagramWithMermaidServedByTheHub() {
        Story story = new Story();
        String sessionId = story.referenceStory(false);
        story.customerWrites("whatsapp", "2026-04-29T09:00:00Z", "</pre><script>alert('x')</script> & \"more\"");
        String mermaid = hub.opsGet("/api/v1/sessions/" + sessionId + "/sequence").body();

        Response page = hub.send("GET", "/api/v1/sessions/" + sessionId + "/sequence", null,
                "Accept", BROWSER_ACCEPT, "Authorization", opsLogin());
        Response byParameter = hub.opsGet("/api/v1/sessions/" + sessionId + "/sequence?format=html");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().get("content-type")).containsExactly("text/html;charset=UTF-8");
        assertThat(page.body()).isEqualTo(byParameter.body())
                .startsWith("<!DOCTYPE html>")
                .contains("<pre class=\"mermaid\">\n" + HtmlUtils.htmlEscape(mermaid) + "</pre>")
                .contains("<script src=\"/webjars/mermaid/dist/mermaid.min.js\"></script>")
                .doesNotContain("<script>alert", "</pre><script>");
        // the seams are listed above the diagram
        assertThat(page.body().indexOf("class=\"seams\"")).isPositive().isLessThan(page.body().indexOf("<pre class=\"mermaid\">"));
        assertThat(page.body()).contains("<span class=\"kind\">context_lost</span>");

        Response script = hub.send("GET", "/webjars/mermaid/dist/mermaid.min.js", null);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.headers().get("content-type").get(0)).contains("javascript");
        assertThat(script.body()).contains("globalThis[\"mermaid\"]");
    }

    @Test
    void aTouchpointTurnIsDrawnOnItsChannelWithoutTheCustomersNumber() {
        String customerId = TestData.customerId();
        String phone = TestData.phone();
        hub.seedCustomer(customerId, "Europe/London", Map.of("whatsapp", phone));
        String sessionId = hub.touchpoint(TestData.eventId(), "in_person", "phone", phone, "Parcel O-1 is damaged; #2 box")
                .json().get("sessionId").asText();

        String mermaid = hub.opsGet("/api/v1/sessions/" + sessionId + "/sequence").body();

        assertThat(lines(mermaid)).contains("participant InPerson as In person")
                .anyMatch(line -> line.matches("Customer->>InPerson: \\d\\d:\\d\\d Parcel O-1 is damaged#59; #35;2 box"))
                .contains("InPerson->>Hub: from ***" + phone.substring(phone.length() - 4));
        assertThat(mermaid).doesNotContain(phone, phone.substring(1));
    }

    private static List<String> lines(String mermaid) {
        return mermaid.lines().map(String::strip).toList();
    }

    private static String opsLogin() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString("ops:sandbox-ops".getBytes());
    }

    private static Map<String, Object> payload(Object... keysAndValues) {
        Map<String, Object> payload = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            payload.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return payload;
    }

    /** One customer's session, written event by event at the moments the story gives. */
    private final class Story {

        final String customerId = TestData.customerId();
        final String phone = TestData.phone();
        final String email = TestData.email();
        String sessionId;
        long emailMessageSeq;
        long lostReplySeq;

        Story() {
            storyCustomers.add(customerId);
            assertThat(hub.seedCustomer(customerId, "Europe/London", Map.of("whatsapp", phone, "email", email)).status())
                    .isEqualTo(201);
        }

        String customerWrites(String channel, String at, String text) {
            String handle = "email".equals(channel) ? email : phone;
            append(at, "customer_message", channel, channel + ":" + handle,
                    payload("text", text, "handle", Map.of("type", "email".equals(channel) ? "email" : "phone", "value", handle)));
            return sessionId;
        }

        /**
         * The reference story: WhatsApp at night, a carrier scan and a scheduled email next morning,
         * the customer's email reply, a person taking over. {@code keepsContext} decides whether the
         * first email turn is answered with what the session knew.
         */
        String referenceStory(boolean keepsContext) {
            customerWrites("whatsapp", "2026-04-28T23:04:00Z", "Where is my order O-99281?");
            append("2026-04-28T23:04:01Z", "agent_decided", null, null, payload("intent", "order_status", "policy", "deterministic",
                    "context", List.of(), "plannedActions", List.of("case:open", "order:lookup", "reply-1:send"), "inResponseToSeq", 1));
            action("2026-04-28T23:04:02Z", "action_queued", "salesforce-case", "open", "case:open", null);
            action("2026-04-28T23:04:03Z", "action_succeeded", "salesforce-case", "open", "case:open", "500XX0000001");
            action("2026-04-28T23:04:04Z", "action_queued", "warehouse-status", "lookup", "order:lookup", null);
            action("2026-04-28T23:04:05Z", "action_succeeded", "warehouse-status", "lookup", "order:lookup", null);
            reply("2026-04-28T23:05:00Z", "whatsapp", "It is delayed by the carrier; shall we deliver on Tuesday?", "reply-1:send",
                    List.of(), null, null);
            action("2026-04-28T23:05:01Z", "action_queued", "whatsapp-send", "reply", "reply-1:send", null);
            action("2026-04-28T23:05:02Z", "action_succeeded", "whatsapp-send", "reply", "reply-1:send", "wamid.A1");
            action("2026-04-28T23:06:00Z", "action_queued", "fulfillment-exception", "raise", "exception:raise", null);
            append("2026-04-28T23:06:01Z", "action_failed", null, null, payload("idempotencyKey", key("exception:raise"),
                    "tool", "fulfillment-exception", "step", "raise", "error", "422 order already shipped"));
            action("2026-04-28T23:06:02Z", "action_succeeded", "fulfillment-exception", "compensate-raise", "exc:undo", null);
            append("2026-04-28T23:07:00Z", "record_updated", null, null, payload("issue", "order O-99281 delayed",
                    "state", "awaiting_carrier", "nextAction", "email the new tracking number"));
            append("2026-04-28T23:07:01Z", "record_updated", null, null, payload("lastAction", "offered Tuesday")); // not shown
            append("2026-04-29T06:10:00Z", "carrier_scan", "carrier", null, payload("orderId", "O-99281",
                    "trackingCode", "1ZNEW", "previousTrackingCode", "1ZOLD", "status", "in_transit"));
            reply("2026-04-29T06:10:01Z", "email", "Your new tracking number is 1ZNEW", "tracking:send",
                    List.of("order O-99281", "carrier delay"), null, "2026-04-29T08:00:00Z");
            action("2026-04-29T06:10:02Z", "action_queued", "email-send", "reply", "tracking:send", null);
            action("2026-04-29T08:00:00Z", "action_succeeded", "email-send", "reply", "tracking:send", "<m1@hub.local>");
            customerWrites("email", "2026-04-29T08:30:00Z", "thanks, and can I change the address?");
            emailMessageSeq = lastSeq;
            if (keepsContext) {
                reply("2026-04-29T08:31:00Z", "email", "Of course: order O-99281 keeps its Tuesday slot; which address?",
                        "address:send", List.of("order O-99281", "Tuesday slot accepted"), null, null);
            } else {
                reply("2026-04-29T08:31:00Z", "email", "Which order is this about?", "address:send", List.of(), "orderId", null);
            }
            lostReplySeq = lastSeq;
            append("2026-04-29T08:32:00Z", "escalated", null, null, payload("escalationId", "esc-1",
                    "reason", "address change needs a person"));
            append("2026-04-29T08:33:00Z", "escalation_claimed", null, null, payload("escalationId", "esc-1"), "ops took the case");
            append("2026-04-29T08:34:00Z", "human_reply", null, null, payload("escalationId", "esc-1"),
                    "Hello, Sam here: I have changed the address.");
            action("2026-04-29T08:34:01Z", "action_succeeded", "email-send", "human-reply", "esc-1:send", null);
            append("2026-04-29T08:35:00Z", "agent_mood", null, null, payload(), "an event type nobody told the diagram about");
            action("2026-04-29T08:35:01Z", "action_queued", "salesforce-case", "close", "case:close", null);
            return sessionId;
        }

        private long lastSeq;

        void reply(String at, String channel, String text, String key, List<String> context, String askedFor, String scheduledFor) {
            append(at, "agent_reply", channel, null, payload("text", text, "idempotencyKey", key(key), "context", context,
                    "askedFor", askedFor, "scheduledFor", scheduledFor));
        }

        void action(String at, String type, String tool, String step, String key, String providerRef) {
            Map<String, Object> payload = payload("idempotencyKey", key(key), "tool", tool, "step", step);
            if (providerRef != null) {
                payload.put("providerRef", providerRef);
            }
            append(at, type, null, null, payload);
        }

        long append(String at, String type, String channel, String channelLabel, Map<String, Object> payload) {
            return append(at, type, channel, channelLabel, payload, type);
        }

        long append(String at, String type, String channel, String channelLabel, Map<String, Object> payload, String summary) {
            clock().set(Instant.parse(at));
            var appended = sessions.append(customerId, new NewSessionEvent(channel, channelLabel, type,
                    type.startsWith("agent") ? "agent" : type.equals("customer_message") ? "customer" : "hub", summary, payload));
            sessionId = appended.sessionId();
            lastSeq = appended.seq();
            return lastSeq;
        }

        private String key(String action) {
            return sessionId + ":" + action;
        }
    }
}
