package io.continuityhub.platform.telemetry;

import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.camel.CamelContext;
import org.apache.camel.observation.MicrometerObservationTracer;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Camel's routes make spans (camel-observation) on Spring Boot's tracer, so a log line written in
 * a route carries its trace and span ids and a trace shows each route and call of a stage.
 *
 * <p>Wired here rather than by camel-observation-starter: beside Spring Boot's actuator that
 * starter replaces Spring Boot's meter handler of every observation with a no-op (CAMEL-22349),
 * which would silently end {@code http_server_requests}. Instead, Camel's observations go to a
 * registry of their own that only traces: they make spans and no meters (Camel's route policy
 * already times every route, {@code camel_exchanges_*}).
 *
 * <p>Routes that run on a timer or a wake-up queue are left out ({@code hub.tracing.exclude-patterns}):
 * they fire every second whether or not there is work, and a trace per tick would bury the
 * conversations. What they start when there is work (an agent turn, an action's run, an accept)
 * is traced, as a trace of its own.
 */
@Configuration(proxyBeanMethods = false)
class CamelRouteTracing {

    @Bean
    CamelContextConfiguration camelRouteSpans(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator,
                                              @Value("${hub.tracing.exclude-patterns:}") String excludePatterns) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                Tracer spans = tracer.getIfAvailable();
                Propagator headers = propagator.getIfAvailable();
                if (spans == null || headers == null) {
                    return; // tracing is off (management.tracing.enabled=false)
                }
                MicrometerObservationTracer routes = new MicrometerObservationTracer();
                routes.setTracer(spans);
                routes.setObservationRegistry(tracingOnly(spans, headers));
                if (!excludePatterns.isBlank()) {
                    routes.setExcludePatterns(excludePatterns);
                }
                routes.init(camel);
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
            }
        };
    }

    /** Spring Boot's three tracing handlers (send with headers, receive from headers, local), and no meters. */
    static ObservationRegistry tracingOnly(Tracer tracer, Propagator propagator) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                new DefaultTracingObservationHandler(tracer)));
        return registry;
    }
}
