package io.continuityhub.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds the sandbox's own settings ({@code sandbox.*}, in {@code sandbox.yaml}) to every
 * application started with the sandbox on its classpath, below everything else, so the product's
 * configuration never has to know them and any property source (a test, the command line) wins.
 */
public class SandboxSettings implements EnvironmentPostProcessor {

    static final String RESOURCE = "sandbox.yaml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            new YamlPropertySourceLoader().load(RESOURCE, new ClassPathResource(RESOURCE))
                    .forEach(source -> environment.getPropertySources().addLast(source));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the sandbox's settings, " + RESOURCE, e);
        }
    }
}
