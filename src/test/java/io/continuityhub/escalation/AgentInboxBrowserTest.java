package io.continuityhub.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.support.BrowserSetUp;
import io.continuityhub.support.HubClient.Response;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.MetaWebhooks;
import io.continuityhub.support.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The human agent's inbox ({@code GET /inbox}) as a person uses it, in a real browser: Debian's
 * headless Chromium, driven by playwright-core ({@code e2e/inbox.mjs}), logs in as the sandbox's
 * {@code agent}, opens the page and waits; a customer asks for a person on WhatsApp (the real
 * webhook, the agent's own hand-over); the case appears without a reload, with its context; the
 * agent claims it, replies, and resolves it. The reply must reach the WhatsApp simulator, and
 * markup in the customer's name and text must show as text, never run.
 *
 * <p>The screenshot lands in target/inbox/inbox.png; with {@code -Dhub.docs.screenshots=true} it
 * also replaces docs/images/inbox.png, the one docs/operations.md shows.
 */
class AgentInboxBrowserTest extends HubIntegrationTest {

    private static final long BROWSER_SECONDS = 130;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Markup in what a customer controls: it must show as these characters. */
    private static final String NAME = "Jane <i>Inbox</i> Doe";
    private static final String INJECTION = "<script>window.__inboxInjected=1</script><img src=x onerror=window.__inboxInjected=2>";

    @Test
    void anAgentSeesTheCaseArriveClaimsItRepliesOnWhatsAppAndHandsItBack() throws Exception {
        BrowserSetUp.chromium();
        BrowserSetUp.nodeModules();

        String customerId = TestData.customerId();
        String phone = TestData.phone();
        String orderId = "O-" + (100000 + Math.abs(UUID.randomUUID().hashCode() % 900000));
        Response seeded = hub.send("POST", "/sandbox/customers", """
                {"customerId": "%s", "displayName": "%s", "timeZone": "Europe/London",
                 "handles": [{"channel": "whatsapp", "value": "%s"}],
                 "orders": [{"orderId": "%s", "warehouse": "sap", "status": "delayed", "delayReason": "carrier issue",
                             "carrier": "UPS", "trackingCode": "1Z999AA1%08d", "deliveryOptions": ["Tuesday"]}]}"""
                .formatted(customerId, NAME, phone, orderId, Math.abs(UUID.randomUUID().hashCode() % 100_000_000)),
                "Content-Type", "application/json");
        assertThat(seeded.status()).as(seeded.body()).isEqualTo(201);
        // the conversation so far: the hub looked the order up and raised the delay
        assertThat(MetaWebhooks.customerWrites(hub, phone, "Where is order " + orderId + "?", clock().instant()).status())
                .isEqualTo(200);
        String sessionId = hub.opsGet("/api/v1/customers/" + customerId + "/session").json().get("sessionId").asText();
        awaitQuiet(sessionId);

        String replyText = "Hello, this is Sam from customer care: " + orderId + " arrives Tuesday. <b>Sorry</b> for the wait!";
        String resolution = "told the customer " + orderId + " arrives Tuesday";
        Path screenshot = Path.of("target/inbox/inbox.png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);

        Path log = Files.createTempFile("inbox-e2e", ".log");
        Process node = null;
        JsonNode page;
        try {
            node = start(log, List.of("http://localhost:" + port, customerId, replyText, resolution, screenshot.toString()));
            Process browser = node;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .failFast("e2e/inbox.mjs ended before the page was open", () -> !browser.isAlive())
                    .until(() -> Files.readString(log, StandardCharsets.UTF_8).contains("READY"));

            // with the page open: the customer asks for a person, and the agent hands the session over
            assertThat(MetaWebhooks.customerWrites(hub, phone, "I want to speak to a real person " + INJECTION,
                    clock().instant()).status()).isEqualTo(200);

            page = finish(node, log);
        } finally {
            BrowserSetUp.kill(node);
            Files.deleteIfExists(log);
        }
        System.out.printf("AgentInboxBrowserTest: %s%n", page.path("steps"));

        // what the person saw and did
        assertThat(page.path("error").isNull()).as("the browser's run: " + page.toPrettyString()).isTrue();
        assertThat(page.path("loggedIn").asBoolean()).isTrue();
        assertThat(page.path("reloads").asInt()).as("the case appeared and was worked without a reload").isZero();
        assertThat(page.path("refused")).as("API calls the hub refused").isEmpty();
        assertThat(page.path("consoleErrors")).as("script errors on the page").isEmpty();
        JsonNode context = page.path("context");
        assertThat(context.path("customer").asText()).as("the name, markup and all, as text").isEqualTo(NAME);
        assertThat(page.path("card").asText()).contains(NAME).contains("the customer asked for a person");
        assertThat(context.path("facts").path("Channels").asText()).contains("whatsapp");
        assertThat(context.path("facts").path("Issue").asText()).isNotIn("", "—");
        assertThat(texts(context.path("confirmed"))).as("what the systems confirmed")
                .anySatisfy(line -> assertThat(line).contains("warehouse-status"));
        assertThat(texts(context.path("customerTexts"))).as("the customer's messages, as they wrote them")
                .contains("Where is order " + orderId + "?", "I want to speak to a real person " + INJECTION);
        assertThat(page.path("injected").path("ran").asBoolean()).as("the customer's markup ran").isFalse();
        assertThat(page.path("injected").path("elements").asInt()).as("the customer's markup became elements").isZero();
        assertThat(page.path("sequenceDrawn").asBoolean()).as("mermaid, from the jar, drew the session").isTrue();
        assertThat(page.path("claimed").asText()).isEqualTo("yours");
        assertThat(page.path("replied").path("shown").asText()).isEqualTo(replyText);
        assertThat(page.path("replied").path("channel").asText()).contains("whatsapp");
        assertThat(page.path("resolved").asText()).contains("Resolved by agent").contains(resolution);
        assertThat(page.path("leftTheQueue").asBoolean()).isTrue();

        // what it did: the rows, and the reply where the customer reads it
        String escalationId = page.path("escalationId").asText();
        JsonNode escalation = hub.opsGet("/api/v1/escalations/" + escalationId).json();
        assertThat(escalation.path("customerId").asText()).isEqualTo(customerId);
        assertThat(escalation.path("status").asText()).isEqualTo("resolved");
        assertThat(escalation.path("claimedBy").asText()).isEqualTo("agent");
        assertThat(escalation.path("resolvedBy").asText()).isEqualTo("agent");
        assertThat(escalation.path("resolution").asText()).isEqualTo(resolution);
        assertThat(escalation.path("context").path("customer").path("displayName").asText()).isEqualTo(NAME);
        assertThat(count("""
                SELECT count(*) FROM action WHERE session_id = ? AND tool = 'whatsapp-send' AND step = 'human-reply'""",
                sessionId)).as("one reply sent, however the page was clicked").isEqualTo(1);
        List<String> delivered = await().atMost(Duration.ofSeconds(15)).until(() -> sentTo(phone),
                sent -> sent.contains(replyText));
        assertThat(delivered).as("what the WhatsApp simulator received for the customer").containsOnlyOnce(replyText);
        assertThat(hub.opsGet("/api/v1/customers/" + customerId + "/session").json().path("state").asText())
                .as("handed back to the agent").isEqualTo("automated");

        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
        if (Boolean.getBoolean("hub.docs.screenshots")) {
            Files.copy(screenshot, Path.of("docs/images/inbox.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private List<String> sentTo(String phone) {
        JsonNode sent = hub.send("GET", "/sandbox/whatsapp/sent?to=%2B" + phone.substring(1), null).json();
        return StreamSupport.stream(sent.spliterator(), false).map(message -> message.path("text").asText()).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.isTextual() ? node.asText() : node.toString()));
        return texts;
    }

    private static Process start(Path log, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("node", BrowserSetUp.E2E.resolve("inbox.mjs").toString()));
        command.addAll(arguments);
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start node (Node.js 20+ is needed for the browser tests)", e);
        }
    }

    /** Waits for e2e/inbox.mjs and returns the JSON it prints last; never waits past the timeout. */
    private static JsonNode finish(Process node, Path log) throws IOException, InterruptedException {
        boolean done = node.waitFor(BROWSER_SECONDS, TimeUnit.SECONDS);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(done).as("e2e/inbox.mjs finished within " + BROWSER_SECONDS + " s; it printed:\n" + output).isTrue();
        String last = output.strip().lines().reduce((first, second) -> second).orElse("");
        try {
            return JSON.readTree(last);
        } catch (IOException e) {
            throw new AssertionError("e2e/inbox.mjs printed no JSON (exit " + node.exitValue() + "):\n" + output, e);
        }
    }
}
