package io.continuityhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.support.BrowserSetUp;
import io.continuityhub.support.HubIntegrationTest;
import io.continuityhub.support.MetaWebhooks;
import io.continuityhub.support.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.Test;

/**
 * Hawtio as an operator uses it, in a real browser: Debian's headless Chromium, driven by
 * playwright-core from npm ({@code e2e/hawtio.mjs}), logs in to the shared hub with the ops user,
 * opens the Camel routes tree, finds {@code ingress-whatsapp} and reads its exchange counts off
 * the page after a WhatsApp webhook. The test installs what it needs (BrowserSetUp) and fails,
 * never skips, when the browser cannot run.
 *
 * <p>The screenshot lands in target/hawtio/hawtio-routes.png; with {@code -Dhub.docs.screenshots=true}
 * it also replaces docs/images/hawtio-routes.png, the one docs/operations.md shows.
 */
class HawtioBrowserTest extends HubIntegrationTest {

    private static final String ROUTE = "ingress-whatsapp";
    private static final long BROWSER_SECONDS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anOperatorReadsIngressWhatsappsExchangeCountInHawtio() throws Exception {
        BrowserSetUp.chromium();
        BrowserSetUp.nodeModules();

        String phone = TestData.phone();
        assertThat(MetaWebhooks.customerWrites(hub, phone, "Where is my order?", clock().instant()).status())
                .as("the signed webhook").isEqualTo(200);
        long before = exchangesTotal();
        assertThat(before).as("Camel's own count of " + ROUTE).isGreaterThanOrEqualTo(1);

        Path screenshot = Path.of("target/hawtio/hawtio-routes.png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);
        long browsing = System.nanoTime();
        JsonNode page = browse(screenshot);
        long after = exchangesTotal();
        System.out.printf("HawtioBrowserTest: the browser's run took %d ms: %s%n", (System.nanoTime() - browsing) / 1_000_000, page.path("steps"));

        assertThat(page.path("error").isNull()).as("the browser's run: " + page.toPrettyString()).isTrue();
        assertThat(page.path("loggedIn").asBoolean()).as("the console answered the ops login").isTrue();
        assertThat(page.path("refused")).as("console calls the hub refused").isEmpty();
        assertThat(StreamSupport.stream(page.path("treeRoutes").spliterator(), false).map(JsonNode::asText))
                .as("the routes the Camel tree lists").contains(ROUTE, "accept-interaction", "agent-turns");

        JsonNode row = page.path("table");
        assertThat(row.path("name").asText()).isEqualTo(ROUTE);
        assertThat(row.path("state").asText()).isEqualTo("Started");
        assertThat(row.path("total").asLong()).as("Total in the routes table").isGreaterThanOrEqualTo(1)
                .isBetween(before, after);
        assertThat(row.path("completed").asLong()).as("Completed in the routes table").isGreaterThanOrEqualTo(1);
        assertThat(page.path("attributes").path("exchangesTotal").asLong()).as("ExchangesTotal on the route's Attributes tab")
                .isBetween(before, after);

        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
        if (Boolean.getBoolean("hub.docs.screenshots")) {
            Files.copy(screenshot, Path.of("docs/images/hawtio-routes.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private long exchangesTotal() throws Exception {
        return camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute(ROUTE).getExchangesTotal();
    }

    /** Runs e2e/hawtio.mjs against the shared hub and returns the JSON it prints last; never waits past the timeout. */
    private JsonNode browse(Path screenshot) throws IOException, InterruptedException {
        Path log = Files.createTempFile("hawtio-e2e", ".log");
        Process node = null;
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of("node", BrowserSetUp.E2E.resolve("hawtio.mjs").toString(),
                    "http://localhost:" + port, screenshot.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            try {
                node = builder.start();
            } catch (IOException e) {
                throw new AssertionError("cannot start node (Node.js 20+ is needed for the browser tests)", e);
            }
            boolean done = node.waitFor(BROWSER_SECONDS, TimeUnit.SECONDS);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(done).as("e2e/hawtio.mjs finished within " + BROWSER_SECONDS + " s; it printed:\n" + output).isTrue();
            String last = output.strip().lines().reduce((first, second) -> second).orElse("");
            try {
                return JSON.readTree(last);
            } catch (IOException e) {
                throw new AssertionError("e2e/hawtio.mjs printed no JSON (exit " + node.exitValue() + "):\n" + output, e);
            }
        } finally {
            BrowserSetUp.kill(node);
            Files.deleteIfExists(log);
        }
    }
}
