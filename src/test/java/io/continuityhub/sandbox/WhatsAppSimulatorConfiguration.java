package io.continuityhub.sandbox;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
class WhatsAppSimulatorConfiguration {

    /** Starts at the configured throughput; PUT /sandbox/whatsapp/rate-limit changes it while running. */
    @Bean
    SendRateLimiter whatsAppSendRateLimiter(@Value("${sandbox.whatsapp.max-sends-per-second:80}") int maxPerSecond) {
        return new SendRateLimiter(maxPerSecond, System::nanoTime);
    }
}
