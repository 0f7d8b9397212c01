package io.continuityhub.tools;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ActionWorkersConfiguration {

    /**
     * The dispatcher's worker pool, a Camel thread pool profile (the split refers to it as
     * {@code actionWorkers}) rather than a Spring ExecutorService bean, which would displace the
     * executor Spring Boot gives platform-http.
     */
    @Bean
    CamelContextConfiguration actionWorkers(ActionProperties properties) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                ThreadPoolProfile workers = new ThreadPoolProfile("actionWorkers");
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
