package io.continuityhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuityhub.support.FreePorts;
import io.continuityhub.support.HubClient;
import io.continuityhub.support.HubProcess;
import io.continuityhub.support.TestData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default after a crash: the hub killed with SIGKILL mid-traffic, five times, comes
 * back at the first start every time (the PostgreSQL it left running is stopped, not tripped
 * over), and every message it acknowledged before a kill is there exactly once.
 */
class CrashRecoveryTest {

    private static final int KILLS = 5;

    @Test
    void aHubKilledMidTrafficStartsAgainAtOnceAndKeepsEveryMessageItAcknowledged(@TempDir Path data) throws Exception {
        String[] embedded = {"spring.profiles.active=sandbox", "spring.datasource.url=",
                "hub.db.embedded.data-dir=" + data.resolve("postgres"), "hub.email.enabled=false",
                // no simulators: the hub's own calls fail and are retried, which is not what this is about
                "HUB_SANDBOX_URL=http://localhost:" + FreePorts.allocate(1)[0] + "/sandbox"};
        Map<String, String> acknowledged = new ConcurrentHashMap<>(); // eventId -> the interaction id answered
        List<String> customers = IntStream.range(0, 20).mapToObj(i -> TestData.phone()).toList();

        for (int kill = 1; kill <= KILLS; kill++) {
            int port = FreePorts.allocate(1)[0];
            HubProcess hub = HubProcess.start("crash-recovery-" + kill, port, embedded); // one start, no retry
            AtomicBoolean killed = new AtomicBoolean();
            int round = kill;
            Thread traffic = new Thread(() -> {
                HubClient client = hub.client();
                for (int i = 0; !killed.get(); i++) {
                    String eventId = "crash-" + round + "-" + i;
                    try {
                        HubClient.Response answer = client.touchpoint(eventId, "chat", "phone",
                                customers.get(i % customers.size()), "message " + eventId);
                        if (answer.status() == 202) {
                            acknowledged.put(eventId, answer.json().get("interactionId").asText());
                        }
                    } catch (RuntimeException connectionLost) {
                        return; // the hub is gone: an unanswered message was never acknowledged
                    }
                }
            });
            traffic.start();
            Thread.sleep(1500);
            killed.set(true);
            hub.kill();
            traffic.join();
        }

        assertThat(acknowledged).hasSizeGreaterThan(KILLS);
        try (HubProcess hub = HubProcess.start("crash-recovery-after", FreePorts.allocate(1)[0], embedded)) {
            HubClient client = hub.client();
            acknowledged.forEach((eventId, interactionId) -> {
                HubClient.Response again = client.touchpoint(eventId, "chat", "phone", customers.get(0), "sent again");
                assertThat(again.status()).as("acknowledged before a kill: " + eventId).isEqualTo(200);
                assertThat(again.json().get("duplicate").asBoolean()).isTrue();
                assertThat(again.json().get("interactionId").asText()).as("stored once: " + eventId).isEqualTo(interactionId);
            });
        }
    }
}
