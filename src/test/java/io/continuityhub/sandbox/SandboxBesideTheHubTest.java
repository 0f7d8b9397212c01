package io.continuityhub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.support.FreePorts;
import io.continuityhub.support.HubClient;
import io.continuityhub.support.HubProcess;
import io.continuityhub.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sandbox in a process of its own, with its own PostgreSQL, and the product hub (its own
 * JVM, no sandbox on its classpath) pointed at it by configuration alone: a customer writes on
 * WhatsApp and the hub's answer and its Salesforce case land at the standalone simulators.
 */
class SandboxBesideTheHubTest {

    @TempDir
    Path sandboxData;

    @Test
    void theProductHubTalksToAStandaloneSandboxByConfigurationAlone() {
        int[] ports = FreePorts.allocate(4);
        int hubPort = ports[0];
        int sandboxPort = ports[1];
        String mailPorts = "sandbox.mail.imap-port=" + ports[2];
        String smtpPort = "sandbox.mail.smtp-port=" + ports[3];
        try (ConfigurableApplicationContext sandbox = SandboxApplication.start("--server.port=" + sandboxPort,
                "--hub.db.embedded.data-dir=" + sandboxData, "--sandbox.hub-url=http://localhost:" + hubPort,
                "--" + mailPorts, "--" + smtpPort, "--spring.jmx.unique-names=true");
             HubProcess hub = HubProcess.start("hub-beside-sandbox", hubPort, "spring.profiles.active=sandbox",
                     "HUB_SANDBOX_URL=http://localhost:" + sandboxPort + "/sandbox",
                     "spring.datasource.url=" + TestDatabase.newDatabase("hub_beside_sandbox"),
                     "spring.datasource.username=" + TestDatabase.user(), "spring.datasource.password=" + TestDatabase.password(),
                     mailPorts, smtpPort)) {
            HubClient simulators = new HubClient(sandboxPort);
            assertThat(simulators.send("POST", "/sandbox/customers", """
                    {"customerId": "cust-beside-1", "orders": [{"orderId": "O-55101", "warehouse": "sap", "status": "delayed"}]}""",
                    "Content-Type", "application/json").status()).isEqualTo(201);

            HubClient.Response inbound = simulators.send("POST", "/sandbox/whatsapp/inbound",
                    "{\"from\": \"+447700900555\", \"text\": \"Where is order O-55101?\"}", "Content-Type", "application/json");
            assertThat(inbound.status()).isEqualTo(200);
            assertThat(inbound.json().path("hubStatus").asInt()).as("the hub accepted the sandbox's signed webhook").isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode sent = simulators.send("GET", "/sandbox/whatsapp/sent?to=%2B447700900555", null).json();
                assertThat(sent.size()).as("the hub's answers, at the standalone WhatsApp simulator").isGreaterThanOrEqualTo(1);
                JsonNode cases = simulators.send("GET", "/sandbox/ledger?system=salesforce", null).json();
                assertThat(cases.size()).as("one case upserted at the standalone Salesforce simulator").isEqualTo(1);
                assertThat(cases.get(0).path("count").asInt()).isEqualTo(1);
            });
            assertThat(hub.client().send("GET", "/sandbox/whatsapp/sent?to=%2B447700900555", null).status())
                    .as("the product hub serves no simulator").isEqualTo(401);
        }
    }
}
