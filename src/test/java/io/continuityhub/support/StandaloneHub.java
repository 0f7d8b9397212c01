package io.continuityhub.support;

import io.continuityhub.ContinuityHubApplication;
import java.util.ArrayList;
import java.util.Arrays;
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
        // The sandbox's mail server binds two ports; unless the test chose them, pick free ones so this
        // hub runs beside the shared test context and other standalone hubs. (A property given twice
        // on the command line would read as "a,b", so they are added only when absent.)
        int[] mailPorts = FreePorts.allocate(2);
        addUnlessGiven(args, properties, "sandbox.mail.imap-port", mailPorts[0]);
        addUnlessGiven(args, properties, "sandbox.mail.smtp-port", mailPorts[1]);
        return new StandaloneHub(new SpringApplicationBuilder(ContinuityHubApplication.class)
                .profiles(profile)
                .run(args.toArray(String[]::new)));
    }

    private static void addUnlessGiven(List<String> args, String[] properties, String name, Object value) {
        if (Arrays.stream(properties).noneMatch(property -> property.startsWith(name + "="))) {
            args.add("--" + name + "=" + value);
        }
    }

    public HubClient client() {
        return new HubClient(port());
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
