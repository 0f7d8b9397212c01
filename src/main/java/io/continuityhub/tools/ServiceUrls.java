package io.continuityhub.tools;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Downstream URLs read when a call is made, not when beans are built: the sandbox's URLs name
 * the hub's own port (${local.server.port}), which is only known once the web server is up.
 */
@Component
public class ServiceUrls {

    private final Environment environment;

    ServiceUrls(Environment environment) {
        this.environment = environment;
    }

    public String of(String property) {
        String url = environment.getProperty(property);
        if (url == null || url.isBlank()) {
            throw new PermanentToolException(property + " is not set: the hub does not know where to call");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
