package io.continuityhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.continuityhub.support.StandaloneHub;
import io.continuityhub.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engineer edits a route in routes/ and the running sandbox hub runs the edit, without a
 * restart: the routes are read from the folder on disk when there is one (RoutesLocation), and
 * the sandbox watches it.
 */
class RoutesReloadTest {

    @Test
    void aSavedEditOfARouteRunsWithoutARestart(@TempDir Path routes) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Path sweep = routes.resolve("session-expiry-sweep.camel.yaml");
        try (StandaloneHub hub = StandaloneHub.start("sandbox", "spring.datasource.url=" + TestDatabase.newDatabase("routes_reload"),
                "spring.datasource.username=" + TestDatabase.user(), "spring.datasource.password=" + TestDatabase.password(),
                "hub.routes.directory=" + routes)) {
            CamelContext camel = hub.bean(CamelContext.class);
            assertThat(camel.getRoute("session-expiry-sweep").getDescription()).isEqualTo("Close sessions past their TTL");

            String edit = "swept by the edited route " + UUID.randomUUID();
            Files.writeString(sweep, Files.readString(sweep)
                    .replace("description: \"Close sessions past their TTL\"", "description: \"Close sessions past their TTL (edited)\"")
                    .replace("      steps:\n", "      steps:\n        - log:\n            message: \"" + edit + "\"\n"));

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> camel.getRoute("session-expiry-sweep") != null
                    && "Close sessions past their TTL (edited)".equals(camel.getRoute("session-expiry-sweep").getDescription()));
            assertThat(((ModelCamelContext) camel).getRouteDefinition("session-expiry-sweep").toString()).contains(edit);
            assertThat(camel.getRoute("ingress-touchpoint")).as("the other files' routes kept running").isNotNull();
            assertThat(camel.getRouteController().getRouteStatus("ingress-touchpoint").isStarted()).isTrue();
        }
    }
}
