package io.continuityhub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/compose.yaml (the laptop: the sandbox, a mail server, Kafka, traces to Jaeger through an
 * OpenTelemetry collector, Prometheus and Grafana with the hub's dashboard) and
 * docker/compose.prod.yaml, read as Docker would read them: no Docker engine runs here, so this is
 * the check they get. Every address points at a service of the file, every file mounted exists,
 * every variable the hub is given is one it reads, and the prod file passes on every secret the
 * prod profile requires.
 */
class ComposeFilesTest {

    private static final Path DOCKER = Path.of("docker");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)[:}]");
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)}");

    @Test
    void theLaptopRunsEveryPartAUserWatchesTheHubWith() {
        assertThat(services(laptop()).keySet()).contains("postgres", "kafka", "mail", "sandbox", "hub", "hub-2",
                "otel-collector", "jaeger", "prometheus", "grafana");
    }

    @Test
    void theHubsAddressesAreServicesOfTheFile() {
        Map<String, Object> laptop = laptop();
        Map<String, Object> services = services(laptop);
        for (String hub : List.of("hub", "hub-2")) {
            Map<String, Object> env = environment(services, hub);
            assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "sandbox");
            assertThat(host(env.get("HUB_DB_URL").toString().replace("jdbc:", ""))).isEqualTo("postgres");
            assertThat(host("kafka://" + env.get("HUB_KAFKA_BROKERS"))).isEqualTo("kafka");
            assertThat(host(env.get("HUB_SANDBOX_URL").toString())).isEqualTo("sandbox");
            assertThat(env.get("HUB_EMAIL_IMAP_HOST")).isEqualTo("mail");
            assertThat(env.get("HUB_EMAIL_SMTP_HOST")).isEqualTo("mail");
            assertThat(host(env.get("HUB_OTLP_ENDPOINT").toString())).isEqualTo("otel-collector");
            assertThat(environment(services, "sandbox").get("SANDBOX_HUB_URL")).isEqualTo("http://hub:8080");
        }
        assertThat(environment(services, "postgres").get("POSTGRES_PASSWORD"))
                .isEqualTo(environment(services, "hub").get("HUB_DB_PASSWORD"));
    }

    @Test
    void everyVariableTheHubIsGivenIsOneItReads() throws IOException {
        String configuration = Files.readString(Path.of("config/application.yaml")) + Files.readString(Path.of("config/application-sandbox.yaml"))
                + Files.readString(Path.of("config/application-prod.yaml"));
        Set<String> placeholders = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(configuration);
        while (matcher.find()) {
            placeholders.add(matcher.group(1));
        }
        Set<String> relaxed = Set.of("HUB_EMAIL_IMAP_HOST", "HUB_EMAIL_IMAP_PORT", "HUB_EMAIL_SMTP_HOST", "HUB_EMAIL_SMTP_PORT");
        for (Map<String, Object> compose : List.of(laptop(), prod())) {
            for (String hub : List.of("hub", "hub-2")) {
                for (String variable : environment(services(compose), hub).keySet()) {
                    if (variable.startsWith("HUB_") && !variable.startsWith("HUB_CRYPTO_KEYS_") && !relaxed.contains(variable)) {
                        assertThat(placeholders).as("%s of %s is read by config/application*.yaml", variable, hub).contains(variable);
                    }
                }
            }
        }
        // the four the sandbox profile has no placeholder for reach hub.email.* by Spring's relaxed binding
        String sandbox = Files.readString(Path.of("config/application-sandbox.yaml"));
        assertThat(sandbox).contains("  email:", "    imap:", "    smtp:", "      host: localhost");
    }

    @Test
    void everyFileMountedIsThere() {
        for (Map<String, Object> compose : List.of(laptop(), prod())) {
            services(compose).forEach((name, service) -> {
                for (Object volume : list(cast(service).get("volumes"))) {
                    String source = volume.toString().split(":")[0];
                    if (source.startsWith(".")) {
                        assertThat(DOCKER.resolve(source).normalize()).as("%s mounts %s", name, source).exists();
                    }
                }
            });
        }
    }

    @Test
    void spansGoThroughTheCollectorToJaeger() {
        Map<String, Object> collector = yaml(DOCKER.resolve("otel-collector.yaml"));
        String httpReceiver = cast(cast(cast(cast(collector.get("receivers")).get("otlp")).get("protocols")).get("http"))
                .get("endpoint").toString();
        URI hubExports = URI.create(environment(services(laptop()), "hub").get("HUB_OTLP_ENDPOINT").toString());
        assertThat(httpReceiver).endsWith(":" + hubExports.getPort());
        assertThat(hubExports.getPath()).isEqualTo("/v1/traces");
        Map<String, Object> exporter = cast(cast(collector.get("exporters")).get("otlp/jaeger"));
        assertThat(exporter.get("endpoint").toString()).startsWith("jaeger:");
        Map<String, Object> traces = cast(cast(cast(collector.get("service")).get("pipelines")).get("traces"));
        assertThat(list(traces.get("exporters"))).containsExactly("otlp/jaeger");
        assertThat(list(traces.get("receivers"))).containsExactly("otlp");
    }

    @Test
    void prometheusScrapesBothHubsWithTheSandboxOpsLogin() throws IOException {
        Map<String, Object> job = cast(list(yaml(DOCKER.resolve("prometheus.yaml")).get("scrape_configs")).get(0));
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        Map<String, Object> login = cast(job.get("basic_auth"));
        String sandbox = Files.readString(Path.of("config/application-sandbox.yaml"));
        assertThat(sandbox).contains("    user: " + login.get("username"), "    password: " + login.get("password"));
        assertThat(list(cast(list(job.get("static_configs")).get(0)).get("targets"))).containsExactlyInAnyOrder("hub:8080", "hub-2:8080");
        Map<String, Object> grafana = cast(services(laptop()).get("grafana"));
        assertThat(list(grafana.get("volumes")).stream().map(Object::toString))
                .anyMatch(volume -> volume.startsWith("../docs/grafana:"));
        assertThat(Path.of("docs/grafana/continuity-hub.json")).exists();
    }

    @Test
    void theImageIsTheHubByDefaultAndTheSandboxOnlyWhenAskedFor() throws IOException {
        List<String> stages = Files.readAllLines(DOCKER.resolve("Dockerfile")).stream().filter(line -> line.startsWith("FROM "))
                .toList();
        assertThat(stages.get(stages.size() - 1)).as("docker build without --target builds the product").endsWith(" AS hub");
        assertThat(stages).anyMatch(stage -> stage.endsWith(" AS sandbox"));
        Map<String, Object> laptop = services(laptop());
        assertThat(cast(cast(laptop.get("sandbox")).get("build")).get("target")).isEqualTo("sandbox");
        assertThat(cast(cast(laptop.get("hub")).get("build")).get("target")).isEqualTo("hub");
    }

    @Test
    void theProdFilePassesOnEverySecretTheProdProfileRequires() throws IOException {
        Matcher matcher = REQUIRED.matcher(Files.readString(Path.of("config/application-prod.yaml")));
        List<String> required = new ArrayList<>();
        while (matcher.find()) {
            required.add(matcher.group(1));
        }
        assertThat(required).contains("HUB_DB_URL", "HUB_CARRIER_WEBHOOK_SECRET");
        Map<String, Object> env = environment(services(prod()), "hub");
        assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "prod");
        assertThat(env.keySet()).containsAll(required);
    }

    private static Map<String, Object> laptop() {
        return yaml(DOCKER.resolve("compose.yaml"));
    }

    private static Map<String, Object> prod() {
        return yaml(DOCKER.resolve("compose.prod.yaml"));
    }

    private static Map<String, Object> services(Map<String, Object> compose) {
        return cast(compose.get("services"));
    }

    /** A service's environment, with what it takes from a YAML anchor (<<: *hub) already merged by SnakeYAML. */
    private static Map<String, Object> environment(Map<String, Object> services, String service) {
        Map<String, Object> environment = cast(cast(services.get(service)).get("environment"));
        return environment.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
    }

    private static String host(String url) {
        return URI.create(url).getHost();
    }

    private static Map<String, Object> yaml(Path file) {
        try {
            return cast(new Yaml().load(Files.readString(file)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Object> list(Object node) {
        if (node == null) {
            return List.of();
        }
        assertThat(node).isInstanceOf(List.class);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) node;
        return list;
    }

    private static Map<String, Object> cast(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) node;
        return map;
    }

}
