package io.continuityhub.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/**
 * A log line as the prod profile writes it (config/application.yaml and application-prod.yaml, read
 * here as they ship): one ECS JSON object with the trace and span ids Micrometer Tracing puts in
 * the MDC, and no phone number or email address, even where a call site let one through. Spring
 * Boot's own encoder, in a logger context of the test's own, so the run's logging is untouched.
 */
class ProdLogLinesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";

    @Test
    void aProdLogLineIsEcsJsonWithTheTraceAndSpanIdsAndNoPersonalData() throws IOException {
        StandardEnvironment prod = prodEnvironment();
        assertThat(prod.getProperty("logging.structured.format.console")).isEqualTo("ecs");

        JsonNode line = encode(prod, "Sending to +447700900123 failed", new IllegalStateException(
                "550 5.1.1 <jane.doe@example.com>: Recipient address rejected"));

        assertThat(line.path("log").path("level").asText()).isEqualTo("WARN");
        // ECS's names, written as dotted keys (Elasticsearch reads them as trace: {id})
        assertThat(line.path("trace.id").asText()).isEqualTo(TRACE_ID);
        assertThat(line.path("span.id").asText()).isEqualTo(SPAN_ID);
        assertThat(line.path("message").asText()).isEqualTo("Sending to ***0123 failed");
        assertThat(line.toString()).doesNotContain("447700900123", "jane.doe@example.com")
                .contains("<j***@example.com>: Recipient address rejected");
    }

    private static JsonNode encode(Environment environment, String message, Throwable error) throws IOException {
        LoggerContext logback = new LoggerContext();
        logback.putObject(Environment.class.getName(), environment);
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(logback);
        encoder.setFormat(environment.getProperty("logging.structured.format.console"));
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        LoggingEvent event = new LoggingEvent(ProdLogLinesTest.class.getName(), logback.getLogger("io.continuityhub.tools"),
                Level.WARN, message, error, null);
        // what Micrometer Tracing's Slf4JEventListener puts in the MDC while a span is current
        event.setMDCPropertyMap(Map.of("traceId", TRACE_ID, "spanId", SPAN_ID));
        return JSON.readTree(encoder.encode(event));
    }

    private static StandardEnvironment prodEnvironment() throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        // the profile's file wins over the defaults, as in Spring Boot's order
        for (String file : new String[] {"application-prod.yaml", "application.yaml"}) {
            yaml.load(file, new FileSystemResource(Path.of("config", file))).forEach(environment.getPropertySources()::addLast);
        }
        return environment;
    }
}
