package io.continuityhub.channel;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IntakeWorkersConfiguration {

    /** The inbox intake's workers, a Camel thread pool profile the drain's split refers to as {@code intakeWorkers}. */
    @Bean
    CamelContextConfiguration intakeWorkers(InboxProperties properties) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                ThreadPoolProfile workers = new ThreadPoolProfile("intakeWorkers");
                workers.setPoolSize(properties.workers());
                workers.setMaxPoolSize(properties.workers());
                workers.setMaxQueueSize(-1);
                camel.getExecutorServiceManager().registerThreadPoolProfile(workers);
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
            }
        };
    }
}
