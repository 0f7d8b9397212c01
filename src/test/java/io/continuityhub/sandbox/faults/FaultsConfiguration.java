package io.continuityhub.sandbox.faults;

import java.util.concurrent.ThreadLocalRandom;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
class FaultsConfiguration {

    /** No fault at start; POST /sandbox/faults injects them. */
    @Bean
    SimulatedFaults simulatedFaults() {
        return new SimulatedFaults(System::nanoTime, () -> ThreadLocalRandom.current().nextDouble(), millis -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
