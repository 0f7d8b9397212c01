package io.continuityhub.kernel;

import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every time the hub reads comes from this one clock, so tests and demos can move it. */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

    @Bean
    Clock hubClock(@Value("${hub.clock.adjustable:false}") boolean adjustable) {
        return adjustable ? new AdjustableClock(Clock.systemUTC()) : Clock.systemUTC();
    }
}
