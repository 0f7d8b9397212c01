package io.continuityhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jar that {@code mvn package} builds for production holds the hub and nothing of the
 * sandbox: no simulator class, no GreenMail, no sandbox migration or settings. Run by failsafe
 * after the package phase, on the real jar.
 */
class ProductJarIT {

    @Test
    void theProductionJarHoldsTheHubAndNoSandbox() throws IOException {
        List<String> entries;
        try (JarFile jar = new JarFile(productJar().toFile())) {
            entries = Collections.list(jar.entries()).stream().map(JarEntry::getName).toList();
        }
        assertThat(entries).as("the hub itself is in the jar")
                .contains("BOOT-INF/classes/io/continuityhub/ContinuityHubApplication.class",
                        "BOOT-INF/classes/routes/agent-turns.camel.yaml",
                        "BOOT-INF/classes/kamelets/resilient-http-action.kamelet.yaml",
                        "BOOT-INF/classes/db/migration/V1__identity.sql")
                .anyMatch(entry -> entry.startsWith("BOOT-INF/lib/camel-core-engine-"));
        assertThat(entries).as("no simulator, no GreenMail, no sandbox migration or settings")
                .noneMatch(entry -> entry.contains("io/continuityhub/sandbox/"))
                .noneMatch(entry -> entry.toLowerCase().contains("greenmail"))
                .noneMatch(entry -> entry.startsWith("BOOT-INF/classes/db/sandbox/"))
                .noneMatch(entry -> entry.startsWith("BOOT-INF/classes/sandbox"));
    }

    private static Path productJar() throws IOException {
        try (Stream<Path> target = Files.list(Path.of("target"))) {
            List<Path> jars = target.filter(file -> file.getFileName().toString().matches("continuity-hub-.*\\.jar")).toList();
            assertThat(jars).as("the jar mvn package built in target/").hasSize(1);
            return jars.get(0);
        }
    }
}
