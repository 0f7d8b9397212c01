package io.continuityhub.channel;

import io.continuityhub.kernel.WorkerPools;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IntakeWorkersConfiguration {

    /** The inbox intake's workers: the drain's split refers to them as {@code intakeWorkers}. */
    @Bean
    CamelContextConfiguration intakeWorkers(InboxProperties properties) {
        return WorkerPools.named("intakeWorkers", properties.workers());
    }
}
