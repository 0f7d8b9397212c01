package io.continuityhub.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Where the routes come from: the {@code routes/} folder on disk when there is one (the working
 * copy, a mounted ConfigMap), so an engineer's edit is what runs; otherwise the copy in the jar.
 * With {@code camel.main.routes-reload-enabled} (the sandbox) the folder is also watched, and a
 * saved file replaces its routes without a restart. The folder is {@code hub.routes.directory}
 * (default {@code routes}, relative to the working directory). Only the hub's own pattern (the
 * jar's {@code routes/}) is replaced: an application or operator that names other routes keeps them.
 */
public class RoutesLocation implements EnvironmentPostProcessor {

    static final String PATTERN = "*.camel.yaml";
    /** The hub's own setting in config/application.yaml: the jar's copy of routes/. */
    static final String JAR_ROUTES = "classpath:routes/" + PATTERN;

    private final Log log;

    public RoutesLocation(DeferredLogFactory logs) {
        this.log = logs.getLog(RoutesLocation.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!JAR_ROUTES.equals(environment.getProperty("camel.main.routes-include-pattern"))) {
            return; // routes named elsewhere on purpose (another application, an operator's own pattern)
        }
        Path folder = Path.of(environment.getProperty("hub.routes.directory", "routes")).toAbsolutePath().normalize();
        if (!holdsRoutes(folder)) {
            log.info("Routes: the copy in the jar (no " + PATTERN + " in " + folder + ")");
            return;
        }
        Map<String, Object> fromDisk = new HashMap<>();
        fromDisk.put("camel.main.routes-include-pattern", "file:" + folder + "/" + PATTERN);
        fromDisk.put("camel.main.routes-reload-directory", folder.toString());
        fromDisk.put("camel.main.routes-reload-pattern", PATTERN);
        environment.getPropertySources().addFirst(new MapPropertySource("hub-routes-from-disk", fromDisk));
        log.info("Routes: read from " + folder + (environment.getProperty("camel.main.routes-reload-enabled", Boolean.class, false)
                ? ", reloaded when a file there changes" : ""));
    }

    private static boolean holdsRoutes(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".camel.yaml"));
        } catch (IOException unreadable) {
            return false;
        }
    }
}
