package io.continuityhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Every file in kamelets/ follows the Kamelet catalog's own rules, so a user of the catalog reads
 * it as any other kamelet and tools (Karavan, Kaoto, the Camel K operator) accept it: the type in
 * name, label and title; annotations; dependencies; a JSON-schema definition that describes every
 * property, with secrets marked as credentials; messages in and out rather than the hub's beans;
 * and a hub route that uses it, so no kamelet is a dead file.
 */
class KameletCatalogRulesTest {

    private static final Path KAMELETS = Path.of("kamelets");
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|token|apikey|api-key|credential).*");

    static Stream<Path> kamelets() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(KAMELETS)) {
            files = listing.filter(file -> file.getFileName().toString().endsWith(".kamelet.yaml")).sorted().toList();
        }
        assertThat(files).as("kamelets in %s", KAMELETS.toAbsolutePath()).isNotEmpty();
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void followsTheCatalogRules(Path file) throws IOException {
        Map<String, Object> kamelet = new Yaml().load(Files.readString(file));
        List<String> broken = new ArrayList<>();

        String name = text(kamelet, "metadata.name");
        String type = name.substring(name.lastIndexOf('-') + 1);
        check(broken, List.of("source", "sink", "action").contains(type), "the name ends with -source, -sink or -action");
        check(broken, file.getFileName().toString().equals(name + ".kamelet.yaml"), "the file is named <name>.kamelet.yaml");
        check(broken, "camel.apache.org/v1".equals(kamelet.get("apiVersion")) && "Kamelet".equals(kamelet.get("kind")),
                "apiVersion camel.apache.org/v1, kind Kamelet");
        check(broken, type.equals(map(kamelet, "metadata.labels").get("camel.apache.org/kamelet.type")),
                "label camel.apache.org/kamelet.type: " + type);
        Map<String, Object> annotations = map(kamelet, "metadata.annotations");
        for (String annotation : List.of("camel.apache.org/kamelet.support.level", "camel.apache.org/catalog.version",
                "camel.apache.org/provider", "camel.apache.org/kamelet.group")) {
            check(broken, annotations.get(annotation) instanceof String value && !value.isBlank(), "annotation " + annotation);
        }

        Map<String, Object> definition = map(kamelet, "spec.definition");
        String title = String.valueOf(definition.get("title"));
        check(broken, title.endsWith(" " + Character.toUpperCase(type.charAt(0)) + type.substring(1)),
                "the title ends with Source, Sink or Action, as the name does");
        check(broken, definition.get("description") instanceof String description && !description.isBlank(), "a description");
        check(broken, "object".equals(definition.get("type")), "definition type: object");
        Map<String, Object> properties = map(definition, "properties");
        Object required = definition.getOrDefault("required", List.of());
        check(broken, required instanceof List<?> list && properties.keySet().containsAll(list),
                "every required property is defined");
        properties.forEach((property, schemaValue) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> schema = (Map<String, Object>) schemaValue;
            for (String field : List.of("title", "description", "type")) {
                check(broken, schema.get(field) instanceof String value && !value.isBlank(), property + " has a " + field);
            }
            if (SECRET.matcher(property).matches()) {
                check(broken, "password".equals(schema.get("format")), property + " is a secret: format password");
                check(broken, schema.get("x-descriptors") instanceof List<?> descriptors
                        && descriptors.contains("urn:camel:group:credentials"), property + " is a secret: x-descriptors"
                        + " [urn:camel:group:credentials]");
            }
        });

        Object dependencies = map(kamelet, "spec").get("dependencies");
        check(broken, dependencies instanceof List<?> list && !list.isEmpty()
                && list.stream().allMatch(dependency -> String.valueOf(dependency).startsWith("camel:")
                        || String.valueOf(dependency).startsWith("mvn:")), "dependencies, as camel:… or mvn:…");
        String template = new Yaml().dump(map(kamelet, "spec.template"));
        check(broken, "kamelet:source".equals(text(kamelet, "spec.template.from.uri")), "the template starts from kamelet:source");
        check(broken, !template.contains("bean:") && !template.contains("ref:") && !template.contains("#"),
                "messages in and out: the template calls no application bean (a route template is the place for those)");
        check(broken, usedByARoute(name), "a route in routes/ uses kamelet:" + name);

        assertThat(broken).as("%s breaks the Kamelet catalog's rules", file).isEmpty();
    }

    private static boolean usedByARoute(String name) {
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            return routes.anyMatch(route -> {
                try {
                    return Files.readString(route).contains("kamelet:" + name + "?") || Files.readString(route).contains(
                            "kamelet:" + name + "\"");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(List<String> broken, boolean holds, String rule) {
        if (!holds) {
            broken.add(rule);
        }
    }

    private static String text(Map<String, Object> root, String path) {
        int dot = path.lastIndexOf('.');
        return String.valueOf(map(root, path.substring(0, dot)).get(path.substring(dot + 1)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> root, String path) {
        Map<String, Object> current = root;
        for (String key : path.split("\\.")) {
            Object next = current.get(key);
            if (!(next instanceof Map)) {
                return Map.of();
            }
            current = (Map<String, Object>) next;
        }
        return current;
    }
}
