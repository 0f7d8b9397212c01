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

    /**
     * Meta's pair rate limit: messages to one user in quick succession are refused with 131056.
     * Meta's figure is unconfirmed ("about one every few seconds", bursts tolerated); the sandbox
     * refuses more than this many to one user in the window.
     */
    @Bean
    PairRateLimiter whatsAppPairRateLimiter(@Value("${sandbox.whatsapp.max-sends-per-recipient:10}") int max,
                                            @Value("${sandbox.whatsapp.recipient-window:6s}") java.time.Duration window) {
        return new PairRateLimiter(new SendRateLimiter(max, window, System::nanoTime));
    }
}
