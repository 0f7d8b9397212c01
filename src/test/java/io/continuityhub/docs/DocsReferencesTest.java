package io.continuityhub.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The docs name route ids, properties and files that newcomers copy into Hawtio, a config file or
 * a shell. Code moves under them; this test makes a stale name fail the build instead of a reader.
 * Plain file reading, no Spring context: Maven runs tests from the project root.
 */
class DocsReferencesTest {

    private static final Pattern FENCED_BLOCK = Pattern.compile("(?ms)^\\s*```.*?^\\s*```");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern ROUTE_LIKE = Pattern.compile(
            "(ingress|tool|agent|action|downstream|session|escalation|dead|accept|run|warehouse|background|http|caller|polled|privacy)-[a-z0-9-]+");
    private static final Pattern HUB_PROPERTY = Pattern.compile("hub\\.[a-z0-9-]+(\\.[a-z0-9-<>{}]+)*");
    private static final Pattern SANDBOX_PROPERTY = Pattern.compile("sandbox\\.[a-z0-9-]+(\\.[a-z0-9-<>{}]+)*");
    private static final Pattern FILE_NAME = Pattern.compile(".*\\.(ya?ml|md|java|json|sql|xml)");
    private static final Pattern REPO_PATH = Pattern.compile("(config|routes|kamelets|docker|src|docs)/[^\\s*{}<>…]*");

    @Test
    void everyRouteIdTheDocsNameExists() {
        Set<String> known = new TreeSet<>(routeIds());
        known.addAll(kameletNames());
        assertThat(known).as("route ids read from routes/*.camel.yaml").isNotEmpty();

        assertThat(unknown(span -> ROUTE_LIKE.matcher(span).matches() ? span : null, known::contains))
                .as("route ids named in the docs that no route, route configuration, route template or kamelet has")
                .isEmpty();
    }

    @Test
    void everyHubPropertyTheDocsNameIsInConfig() {
        Set<String> keys = new TreeSet<>();
        for (Path file : files(Path.of("config"), "glob:application*.yaml")) {
            keys.addAll(flatKeys(file));
        }
        assertThat(unknown(span -> leadingProperty(HUB_PROPERTY, span), documented -> exists(documented, keys)))
                .as("hub.* properties named in the docs that config/application*.yaml does not have")
                .isEmpty();
    }

    @Test
    void everySandboxPropertyTheDocsNameIsInSandboxYaml() {
        Set<String> keys = flatKeys(Path.of("src/test/resources/sandbox.yaml"));
        assertThat(unknown(span -> leadingProperty(SANDBOX_PROPERTY, span), documented -> exists(documented, keys)))
                .as("sandbox.* properties named in the docs that src/test/resources/sandbox.yaml does not have")
                .isEmpty();
    }

    @Test
    void everyRepositoryPathTheDocsNameExists() {
        assertThat(unknown(span -> REPO_PATH.matcher(span).matches() ? span : null, path -> Files.exists(Path.of(path))))
                .as("files and folders named in the docs that are not in the repository")
                .isEmpty();
    }

    /**
     * A property is a backticked span that starts with one: {@code kafka:hub.escalations} or
     * {@code ?hub.mode=} inside a URI are not the hub's settings, and {@code sandbox.yaml} is a file.
     */
    private static String leadingProperty(Pattern property, String span) {
        Matcher m = property.matcher(span);
        return m.lookingAt() && !FILE_NAME.matcher(span).matches() ? m.group() : null;
    }

    /** A documented key may name a whole section, and {@code <system>} or {@code {…}} stands for any one key. */
    private static boolean exists(String documented, Set<String> keys) {
        String regex = Stream.of(documented.split("\\."))
                .map(segment -> segment.matches("<.*>|\\{.*}") ? "[^.]+" : Pattern.quote(segment))
                .collect(Collectors.joining("\\."));
        Pattern pattern = Pattern.compile(regex);
        return keys.stream().anyMatch(key -> pattern.matcher(key).matches());
    }

    /** "file: name" for each name the extractor finds (null: not a name) that {@code isKnown} rejects. */
    private static Set<String> unknown(Function<String, String> extract, Predicate<String> isKnown) {
        Set<String> unknown = new TreeSet<>();
        for (Path doc : docs()) {
            // fenced blocks are shell sessions and diagrams, whose backticks are not markdown spans
            String prose = FENCED_BLOCK.matcher(read(doc)).replaceAll("");
            Matcher span = BACKTICKED.matcher(prose);
            while (span.find()) {
                String name = extract.apply(span.group(1).strip());
                if (name != null && !isKnown.test(name)) {
                    unknown.add(doc + ": " + name);
                }
            }
        }
        return unknown;
    }

    private static List<Path> docs() {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        if (Files.isDirectory(Path.of("docs"))) {
            try (Stream<Path> walk = Files.walk(Path.of("docs"))) {
                walk.filter(path -> path.toString().endsWith(".md")).sorted().forEach(docs::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return docs;
    }

    /** Ids of routes, route configurations, route templates and templated routes, as Hawtio shows them. */
    private static Set<String> routeIds() {
        Set<String> ids = new TreeSet<>();
        for (Path file : files(Path.of("routes"), "glob:*.camel.yaml")) {
            for (Object document : new Yaml().loadAll(read(file))) {
                if (!(document instanceof List<?> definitions)) {
                    continue;
                }
                for (Object definition : definitions) {
                    if (!(definition instanceof Map<?, ?> entry)) {
                        continue;
                    }
                    entry.forEach((kind, body) -> {
                        if (body instanceof Map<?, ?> fields) {
                            Object id = "templatedRoute".equals(kind) ? fields.get("routeId") : fields.get("id");
                            if (id != null && Set.of("route", "routeConfiguration", "routeTemplate", "templatedRoute").contains(kind)) {
                                ids.add(id.toString());
                            }
                        }
                    });
                }
            }
        }
        return ids;
    }

    private static Set<String> kameletNames() {
        return files(Path.of("kamelets"), "glob:*.kamelet.yaml").stream()
                .map(file -> file.getFileName().toString().replace(".kamelet.yaml", ""))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every key path of the YAML, sections included: {@code hub}, {@code hub.email}, {@code hub.email.address}. */
    private static Set<String> flatKeys(Path file) {
        Set<String> keys = new TreeSet<>();
        for (Object document : new Yaml().loadAll(read(file))) {
            flatten("", document, keys);
        }
        return keys;
    }

    private static void flatten(String prefix, Object node, Set<String> keys) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                String path = prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key;
                keys.add(path);
                flatten(path, value, keys);
            });
        }
    }

    private static List<Path> files(Path folder, String glob) {
        var matcher = folder.getFileSystem().getPathMatcher(glob);
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(path -> matcher.matches(path.getFileName())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
