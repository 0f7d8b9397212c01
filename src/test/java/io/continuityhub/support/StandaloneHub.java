package io.continuityhub.support;

import io.continuityhub.ContinuityHubApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A hub started and stopped by a test, apart from the shared test context: for restarts and for
 * start-up refusals. Its JMX names are made unique so it can run beside the shared one.
 */
public final class StandaloneHub implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private StandaloneHub(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static StandaloneHub start(String profile, String... properties) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.jmx.unique-names=true",
                "--camel.main.name=continuity-hub-standalone"));
        for (String property : properties) {
            args.add("--" + property);
        }
        return new StandaloneHub(new SpringApplicationBuilder(ContinuityHubApplication.class)
                .profiles(profile)
                .run(args.toArray(String[]::new)));
    }

    public HubClient client() {
        return new HubClient(Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port")));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
