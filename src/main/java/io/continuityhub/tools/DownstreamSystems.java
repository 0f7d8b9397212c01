package io.continuityhub.tools;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.downstream.systems.<system>}: which tools call the system, how long an outage may
 * last before a person takes the case (SLA), and the delay the customer is told to expect.
 */
@ConfigurationProperties("hub.downstream")
public record DownstreamSystems(Map<String, SystemSettings> systems) {

    public record SystemSettings(String label, List<String> tools, Duration sla, Duration expectedDelay) {
    }

    public Optional<String> systemOf(String tool) {
        return systems.entrySet().stream().filter(e -> e.getValue().tools().contains(tool)).map(Map.Entry::getKey).findFirst();
    }

    public SystemSettings settings(String system) {
        SystemSettings settings = systems.get(system);
        if (settings == null) {
            throw new IllegalStateException("no hub.downstream.systems." + system + " settings");
        }
        return settings;
    }
}
