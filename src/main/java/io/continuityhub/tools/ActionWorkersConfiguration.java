package io.continuityhub.tools;

import io.continuityhub.kernel.WorkerPools;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ActionWorkersConfiguration {

    /** The dispatcher's and the agent's workers: the splits refer to them as {@code actionWorkers}. */
    @Bean
    CamelContextConfiguration actionWorkers(ActionProperties properties) {
        return WorkerPools.named("actionWorkers", properties.workers());
    }
}
