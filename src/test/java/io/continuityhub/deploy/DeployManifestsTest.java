package io.continuityhub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests and the Camel K Integration under deploy/ run the image docker/Dockerfile
 * builds the way the hub needs it: port 8080, Spring Boot's probes, config/ at /app/config, the
 * prod profile, and every secret the prod profile requires (read from config/application-prod.yaml,
 * so a secret added there fails this test until deploy/ passes it on). No cluster runs here: this is
 * the check they get.
 */
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
    private static final String IMAGE = "continuity-hub:0.1.0-SNAPSHOT";
    private static final String LIVENESS = "/actuator/health/liveness";
    private static final String READINESS = "/actuator/health/readiness";
    private static final String CONFIG_PATH = "/app/config";
    /** A placeholder without a default: {@code ${HUB_DB_URL}}, not {@code ${HUB_PORT:8080}}. */
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)}");

    /**
     * The fields of the Camel K 2.x traits the Integration uses (camel.apache.org/v1 CRD,
     * pkg/apis/camel/v1/trait/*.go), so a misspelt field, which the operator would silently ignore,
     * fails here.
     */
    private static final Map<String, Set<String>> TRAIT_FIELDS = Map.of(
            "container", Set.of("enabled", "auto", "requestCPU", "requestMemory", "limitCPU", "limitMemory", "ports",
                    "expose", "port", "portName", "servicePort", "servicePortName", "name", "image", "imagePullPolicy",
                    "runAsUser", "runAsNonRoot", "seccompProfileType", "allowPrivilegeEscalation", "capabilitiesDrop",
                    "capabilitiesAdd"),
            "mount", Set.of("enabled", "configs", "resources", "volumes", "emptyDirs", "hotReload"),
            "environment", Set.of("enabled", "containerMeta", "httpProxy", "vars"),
            "jvm", Set.of("enabled", "debug", "debugSuspend", "printCommand", "debugAddress", "options", "classpath"),
            "prometheus", Set.of("enabled", "podMonitor", "podMonitorLabels"),
            "health", Set.of("enabled",
                    "livenessProbeEnabled", "livenessScheme", "livenessInitialDelay", "livenessTimeout", "livenessPeriod",
                    "livenessSuccessThreshold", "livenessFailureThreshold", "livenessProbe",
                    "readinessProbeEnabled", "readinessScheme", "readinessInitialDelay", "readinessTimeout", "readinessPeriod",
                    "readinessSuccessThreshold", "readinessFailureThreshold", "readinessProbe",
                    "startupProbeEnabled", "startupScheme", "startupInitialDelay", "startupTimeout", "startupPeriod",
                    "startupSuccessThreshold", "startupFailureThreshold", "startupProbe"));

    private static final List<Map<String, Object>> MANIFESTS = new ArrayList<>();
    private static Map<String, Object> kustomization;
    private static Map<String, Object> deployment;
    private static Map<String, Object> service;
    private static Map<String, Object> secret;
    private static Map<String, Object> integration;

    @BeforeAll
    static void readEveryManifest() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            files = walk.filter(file -> file.toString().matches(".*\\.ya?ml")).sorted().toList();
        }
        for (Path file : files) {
            for (Object document : new Yaml().loadAll(Files.readString(file))) {
                assertThat(document).as("a YAML mapping in %s", file).isInstanceOf(Map.class);
                MANIFESTS.add(cast(document));
            }
        }
        kustomization = only("Kustomization");
        deployment = only("Deployment");
        service = only("Service");
        secret = only("Secret");
        integration = only("Integration");
    }

    /** Every ${VAR} without a default in the prod profile, and the encryption key its active key id names. */
    private static Set<String> prodRequiredSecrets() throws IOException {
        Set<String> required = new LinkedHashSet<>();
        Matcher matcher = REQUIRED_VARIABLE.matcher(Files.readString(Path.of("config/application-prod.yaml")));
        while (matcher.find()) {
            required.add(matcher.group(1));
        }
        assertThat(required).as("config/application-prod.yaml requires secrets").contains("HUB_DB_URL", "HUB_CRYPTO_ACTIVE_KEY");
        // hub.crypto.keys.<id> (HUB_CRYPTO_KEYS_<ID>) has no placeholder to read: it is the key the
        // active key id names, and the hub refuses to start without it (CryptoProperties)
        Object activeKey = map(secret, "stringData").get("HUB_CRYPTO_ACTIVE_KEY");
        assertThat(activeKey).as("the Secret template names the active key id").isInstanceOf(String.class);
        required.add("HUB_CRYPTO_KEYS_" + ((String) activeKey).toUpperCase(Locale.ROOT));
        return required;
    }

    @Test
    void theDeploymentRunsTheImageOnPort8080WithTheProdProfile() {
        Map<String, Object> container = hubContainer();
        assertThat(container.get("image")).isEqualTo(IMAGE);
        assertThat(containerPort(container, "http")).isEqualTo(8080);
        assertThat(env(container)).containsEntry("SPRING_PROFILES_ACTIVE", Map.of("value", "prod"));

        Map<String, Object> servicePort = cast(list(map(service, "spec"), "ports").get(0));
        assertThat(servicePort.get("port")).isEqualTo(8080);
        Object target = servicePort.get("targetPort");
        assertThat(target instanceof String name ? containerPort(container, name) : target).isEqualTo(8080);
        assertThat(map(service, "spec.selector")).isEqualTo(map(deployment, "spec.template.metadata.labels"));
        assertThat(map(deployment, "spec.selector.matchLabels")).isEqualTo(map(deployment, "spec.template.metadata.labels"));
    }

    @Test
    void theDeploymentProbesTheActuatorsProbePaths() {
        Map<String, Object> container = hubContainer();
        assertProbe(container, "livenessProbe", LIVENESS);
        assertProbe(container, "readinessProbe", READINESS);
        assertProbe(container, "startupProbe", LIVENESS);
        Map<String, Object> startup = map(container, "startupProbe");
        int budget = ((Number) startup.getOrDefault("periodSeconds", 10)).intValue()
                * ((Number) startup.getOrDefault("failureThreshold", 3)).intValue();
        assertThat(budget).as("seconds the startup probe waits (start-up takes ~20 s on 2 cores)").isGreaterThanOrEqualTo(60);
    }

    @Test
    void theDeploymentMountsTheGeneratedConfigAtAppConfig() {
        Map<String, Object> mount = list(hubContainer(), "volumeMounts").stream().map(DeployManifestsTest::cast)
                .filter(m -> CONFIG_PATH.equals(m.get("mountPath"))).findFirst().orElseThrow();
        Map<String, Object> volume = list(map(deployment, "spec.template.spec"), "volumes").stream()
                .map(DeployManifestsTest::cast).filter(v -> mount.get("name").equals(v.get("name"))).findFirst().orElseThrow();
        assertThat(map(volume, "configMap").get("name")).as("the ConfigMap the kustomization generates")
                .isEqualTo(configMapName());
    }

    @Test
    void theDeploymentIsSizedAndRunsAsNonRoot() {
        Map<String, Object> podSpec = map(deployment, "spec.template.spec");
        Map<String, Object> container = hubContainer();
        assertThat(map(container, "resources.requests")).containsEntry("memory", "768Mi").containsEntry("cpu", "500m");
        assertThat(map(container, "resources.limits")).containsEntry("memory", "1Gi").containsEntry("cpu", "2");
        assertThat(podSpec.get("terminationGracePeriodSeconds")).isInstanceOf(Integer.class);
        assertThat(map(podSpec, "securityContext")).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
        assertThat(map(container, "securityContext")).containsEntry("allowPrivilegeEscalation", false);
    }

    @Test
    void everyProdSecretIsAReferenceToTheSecretInTheDeployment() throws IOException {
        Map<String, Object> env = env(hubContainer());
        String secretName = secretName();
        List<String> missing = new ArrayList<>();
        for (String variable : prodRequiredSecrets()) {
            Object reference = env.get(variable);
            boolean ok = reference instanceof Map<?, ?> entry && entry.get("valueFrom") instanceof Map<?, ?> from
                    && from.get("secretKeyRef") instanceof Map<?, ?> ref
                    && secretName.equals(ref.get("name")) && variable.equals(ref.get("key"));
            if (!ok) {
                missing.add(variable);
            }
        }
        assertThat(missing).as("prod secrets without a secretKeyRef to %s in the Deployment", secretName).isEmpty();
    }

    @Test
    void theSecretTemplateHasEveryProdSecretAsAPlaceholderAndIsNotApplied() throws IOException {
        Map<String, Object> values = map(secret, "stringData");
        assertThat(values.keySet()).containsAll(prodRequiredSecrets());
        values.forEach((key, value) -> {
            if (!key.equals("HUB_CRYPTO_ACTIVE_KEY")) {   // a key id, not a secret
                assertThat(String.valueOf(value)).as("%s is a placeholder", key).contains("REPLACE_ME");
            }
        });
        assertThat(secret).doesNotContainKey("data");
        assertThat(list(kustomization, "resources")).as("placeholders would overwrite the real Secret")
                .noneMatch(resource -> resource.toString().contains("secret"));
    }

    @Test
    void theKustomizationNamesFilesThatExist() {
        for (Object resource : list(kustomization, "resources")) {
            assertThat(KUBERNETES.resolve(resource.toString())).exists();
        }
        List<String> sources = new ArrayList<>();
        for (Object generator : list(kustomization, "configMapGenerator")) {
            for (Object file : list(cast(generator), "files")) {
                String entry = file.toString();
                String path = entry.substring(entry.indexOf('=') + 1);   // key=path or path
                assertThat(KUBERNETES.resolve(path)).as("configMapGenerator file %s", entry).isRegularFile();
                sources.add(KUBERNETES.resolve(path).normalize().toString());
            }
        }
        assertThat(sources).as("generated from the repository's own config files")
                .contains(Path.of("config/application.yaml").toString(), Path.of("config/application-prod.yaml").toString());
    }

    /** The hub reads routes from /app/routes when it holds them (hub.routes.directory): every route, so none is lost. */
    @Test
    void theDeploymentMountsEveryRouteOfTheRepositoryAtAppRoutes() throws IOException {
        Map<String, Object> generator = list(kustomization, "configMapGenerator").stream().map(DeployManifestsTest::cast)
                .filter(g -> "continuity-hub-routes".equals(g.get("name"))).findFirst().orElseThrow();
        List<String> mounted = list(generator, "files").stream().map(Object::toString)
                .map(entry -> entry.substring(0, entry.indexOf('='))).toList();
        List<String> routes;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(Path.of("routes"))) {
            routes = files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".camel.yaml")).toList();
        }
        assertThat(mounted).containsExactlyInAnyOrderElementsOf(routes);

        Map<String, Object> mount = list(hubContainer(), "volumeMounts").stream().map(DeployManifestsTest::cast)
                .filter(m -> "/app/routes".equals(m.get("mountPath"))).findFirst().orElseThrow();
        Map<String, Object> volume = list(map(deployment, "spec.template.spec"), "volumes").stream()
                .map(DeployManifestsTest::cast).filter(v -> mount.get("name").equals(v.get("name"))).findFirst().orElseThrow();
        assertThat(map(volume, "configMap").get("name")).isEqualTo("continuity-hub-routes");
    }

    @Test
    void theCamelKIntegrationIsSelfManagedWithTheHubsImageConfigAndProbes() {
        assertThat(integration.get("apiVersion")).isEqualTo("camel.apache.org/v1");
        assertThat(map(integration, "spec")).as("self-managed: no sources for the operator to build")
                .doesNotContainKeys("sources", "flows", "integrationKit");
        Map<String, Object> traits = map(integration, "spec.traits");
        traits.forEach((trait, fields) -> assertThat(TRAIT_FIELDS).as("a trait this test knows").containsKey(trait));
        traits.forEach((trait, fields) -> assertThat(TRAIT_FIELDS.get(trait)).as("fields of the %s trait", trait)
                .containsAll(cast(fields).keySet()));

        Map<String, Object> container = map(traits, "container");
        assertThat(container.get("image")).isEqualTo(IMAGE);
        assertThat(container.getOrDefault("port", 8080)).isEqualTo(8080);
        assertThat(container).containsEntry("runAsNonRoot", true).containsEntry("requestMemory", "768Mi")
                .containsEntry("limitMemory", "1Gi");
        assertThat(map(traits, "jvm")).as("the image's own entrypoint").containsEntry("enabled", false);

        assertThat(list(map(traits, "mount"), "resources")).contains("configmap:" + configMapName() + "@" + CONFIG_PATH);

        Map<String, Object> health = map(traits, "health");
        assertThat(health).containsEntry("enabled", true)
                .containsEntry("livenessProbeEnabled", true).containsEntry("livenessProbe", LIVENESS)
                .containsEntry("readinessProbeEnabled", true).containsEntry("readinessProbe", READINESS)
                .containsEntry("startupProbeEnabled", true).containsEntry("startupProbe", LIVENESS);
    }

    @Test
    void everyProdSecretIsAReferenceToTheSecretInTheCamelKIntegration() throws IOException {
        List<Object> vars = list(map(integration, "spec.traits.environment"), "vars");
        assertThat(vars).contains("SPRING_PROFILES_ACTIVE=prod");
        List<String> missing = new ArrayList<>();
        for (String variable : prodRequiredSecrets()) {
            if (!vars.contains(variable + "=secret:" + secretName() + "/" + variable)) {
                missing.add(variable);
            }
        }
        assertThat(missing).as("prod secrets without VAR=secret:%s/VAR in the environment trait", secretName()).isEmpty();
    }

    // --- reading -----------------------------------------------------------------------------

    private static void assertProbe(Map<String, Object> container, String probe, String path) {
        Map<String, Object> get = map(container, probe + ".httpGet");
        assertThat(get.get("path")).as(probe).isEqualTo(path);
        Object port = get.get("port");
        assertThat(port instanceof String name ? containerPort(container, name) : port).as(probe + " port").isEqualTo(8080);
    }

    private static String configMapName() {
        return (String) cast(list(kustomization, "configMapGenerator").get(0)).get("name");
    }

    private static String secretName() {
        return (String) map(secret, "metadata").get("name");
    }

    private static Map<String, Object> hubContainer() {
        List<Object> containers = list(map(deployment, "spec.template.spec"), "containers");
        assertThat(containers).hasSize(1);
        return cast(containers.get(0));
    }

    private static Object containerPort(Map<String, Object> container, String name) {
        return list(container, "ports").stream().map(DeployManifestsTest::cast).filter(p -> name.equals(p.get("name")))
                .map(p -> p.get("containerPort")).findFirst().orElse(null);
    }

    /** The container's env entries by name. */
    private static Map<String, Object> env(Map<String, Object> container) {
        Map<String, Object> env = new LinkedHashMap<>();
        for (Object entry : list(container, "env")) {
            Map<String, Object> variable = new LinkedHashMap<>(cast(entry));
            env.put((String) variable.remove("name"), variable);
        }
        return env;
    }

    private static Map<String, Object> only(String kind) {
        List<Map<String, Object>> found = MANIFESTS.stream().filter(m -> kind.equals(m.get("kind"))).toList();
        assertThat(found).as("one %s under deploy/", kind).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Object> map(Map<String, Object> root, String dottedPath) {
        Object node = root;
        for (String key : dottedPath.split("\\.")) {
            assertThat(node).as("%s (at %s)", dottedPath, key).isInstanceOf(Map.class);
            node = cast(node).get(key);
        }
        assertThat(node).as(dottedPath).isInstanceOf(Map.class);
        return cast(node);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> root, String key) {
        Object node = root.get(key);
        assertThat(node).as(key).isInstanceOf(List.class);
        return (List<Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object node) {
        return (Map<String, Object>) node;
    }
}
