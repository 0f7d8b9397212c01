package io.continuityhub.sandbox;

import io.continuityhub.identity.HandleNormalizer;
import io.continuityhub.identity.HandleParser;
import io.continuityhub.platform.ApiExceptionHandler;
import io.continuityhub.kernel.BusProperties;
import io.continuityhub.kernel.JsonColumns;
import io.continuityhub.platform.EmbeddedPostgresConfiguration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * The simulators and the mail server alone, in a process of their own (port 8090, their own
 * embedded PostgreSQL), for crash tests and benchmarks: the far side must survive the hub and
 * must not take its CPU. The hub is pointed at it by configuration ({@code HUB_SANDBOX_URL}).
 * The parts of the sandbox that reach into the hub itself (its clock, its customer directory)
 * exist only when the sandbox runs inside the hub.
 *
 * <pre>mvn spring-boot:test-run -Dspring-boot.run.main-class=io.continuityhub.sandbox.SandboxApplication</pre>
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
// the simulators and the kernel, but not the hub's bus and sealing: the simulators keep their own rows plain
@ComponentScan(basePackageClasses = {SandboxApplication.class, JsonColumns.class}, excludeFilters = @ComponentScan.Filter(
        type = FilterType.REGEX, pattern = "io\\.continuityhub\\.kernel\\.(Outbox|crypto\\..*)"))
@Import({EmbeddedPostgresConfiguration.class, ApiExceptionHandler.class, HandleParser.class, HandleNormalizer.class})
// the kernel's WakeUps reads hub.bus (the hub binds it by its @ConfigurationPropertiesScan, which this app has not)
@EnableConfigurationProperties(BusProperties.class)
public class SandboxApplication {

    /** The profile of a sandbox that runs without the hub beside it. */
    public static final String STANDALONE = "standalone";

    public static void main(String[] args) {
        start(args);
    }

    public static org.springframework.context.ConfigurableApplicationContext start(String... args) {
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.add(0, "--spring.config.additional-location=classpath:sandbox-standalone.yaml");
        return new SpringApplicationBuilder(SandboxApplication.class)
                .profiles("sandbox", STANDALONE)
                .run(arguments.toArray(String[]::new));
    }
}
