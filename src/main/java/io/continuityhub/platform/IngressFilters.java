package io.continuityhub.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * The servlet filters in front of the public ingress (the webhooks and the touchpoint API; the
 * authenticated API and Hawtio are not theirs): first the sender's rate, then the body, read
 * whole and bounded before the request reaches Spring Security, Spring MVC and the routes.
 *
 * <p>Both come right after Spring's character-encoding and observation filters (which must see
 * the request first) and before everything else: a filter that reads the body on the request
 * thread (Spring's form-content filter does, for PUT forms) must never get a slow body. On every
 * other path, {@link UnreadBodyCloser} closes a connection whose body was left unread rather than
 * let Tomcat swallow it on a thread.
 */
@Configuration(proxyBeanMethods = false)
class IngressFilters {

    private static final String[] PUBLIC_INGRESS = {"/webhooks/*", "/api/v1/touchpoints"};
    /** Spring Boot's CharacterEncodingFilter is first, its ServerHttpObservationFilter next. */
    private static final int AFTER_ENCODING_AND_OBSERVATION = Ordered.HIGHEST_PRECEDENCE + 10;

    /** On every path, outermost: it acts once the chain has answered. */
    @Bean
    FilterRegistrationBean<UnreadBodyCloser> unreadBodyCloser() {
        FilterRegistrationBean<UnreadBodyCloser> registration = new FilterRegistrationBean<>(new UnreadBodyCloser());
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setAsyncSupported(true);
        return registration;
    }

    /**
     * First on the public ingress, so the ack it times includes the rate limit, the body's reading
     * and every refusal: {@code hub_ingress_ack_seconds}.
     */
    @Bean
    FilterRegistrationBean<IngressAckTimer> ingressAckTimer(MeterRegistry meters) {
        FilterRegistrationBean<IngressAckTimer> registration = new FilterRegistrationBean<>(new IngressAckTimer(meters));
        registration.addUrlPatterns(PUBLIC_INGRESS);
        registration.setDispatcherTypes(DispatcherType.REQUEST); // timed once, from the start; async cycles by its listener
        registration.setOrder(AFTER_ENCODING_AND_OBSERVATION - 1);
        registration.setAsyncSupported(true);
        return registration;
    }

    @Bean
    IngressRefusals ingressRefusals(ObjectMapper json, MeterRegistry meters) {
        return new IngressRefusals(json, meters);
    }

    @Bean
    FilterRegistrationBean<IngressRateLimiter> ingressRateLimiter(IngressLimits limits, IngressRefusals refusals) {
        FilterRegistrationBean<IngressRateLimiter> registration =
                new FilterRegistrationBean<>(new IngressRateLimiter(limits.rateLimit(), refusals));
        registration.addUrlPatterns(PUBLIC_INGRESS);
        registration.setDispatcherTypes(DispatcherType.REQUEST); // a request counts once, not again per dispatch
        registration.setOrder(AFTER_ENCODING_AND_OBSERVATION);
        registration.setAsyncSupported(true);
        return registration;
    }

    @Bean
    FilterRegistrationBean<IngressBodyReader> ingressBodyReader(IngressLimits limits, IngressRefusals refusals,
            @Value("${server.tomcat.max-swallow-size:2MB}") DataSize maxSwallow, MeterRegistry meters) {
        IngressBodyReader reader = new IngressBodyReader(limits, maxSwallow.toBytes(), refusals);
        Gauge.builder("hub.ingress.buffered.bytes", reader, IngressBodyReader::buffered)
                .description("bytes of public ingress request bodies held, from their first byte until their request is answered")
                .register(meters);
        FilterRegistrationBean<IngressBodyReader> registration = new FilterRegistrationBean<>(reader);
        registration.addUrlPatterns(PUBLIC_INGRESS);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        registration.setOrder(AFTER_ENCODING_AND_OBSERVATION + 1);
        registration.setAsyncSupported(true);
        return registration;
    }
}
