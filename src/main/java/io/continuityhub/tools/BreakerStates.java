package io.continuityhub.tools;

import io.continuityhub.kernel.CachedReading;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.apache.camel.model.CircuitBreakerDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code hub_breaker_state{system, state}}: 1 for the state each downstream system's circuit
 * breaker is in (closed, open, half_open, forced_open), 0 for the others, as resilience4j's own
 * micrometer binding shows it; NaN while no route runs that breaker. The systems are the named
 * configurations {@code camel.resilience4j.configurations.<system>}; the breaker of each is the
 * {@code circuitBreaker} step that names it (through the resilient-http-action kamelet, or in
 * tool-email-send), found in the running routes, again at most every few seconds, so a route
 * reloaded from disk is followed. (camel-resilience4j keeps its breakers to itself, and
 * resilience4j-micrometer is not among the hub's dependencies.)
 */
@Component
class BreakerStates {

    private static final List<String> STATES = List.of("closed", "open", "half_open", "forced_open");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}\\s]+)\\s*}}");

    private final ObjectProvider<CamelContext> camel;
    private final CachedReading<Map<String, ResilienceProcessor>> breakers;

    BreakerStates(ObjectProvider<CamelContext> camel, Environment environment, MeterRegistry meters) {
        this.camel = camel;
        this.breakers = new CachedReading<>(Duration.ofSeconds(5), this::find, Map.of());
        Map<String, Object> systems = Binder.get(environment)
                .bind("camel.resilience4j.configurations", Bindable.mapOf(String.class, Object.class)).orElse(Map.of());
        for (String system : systems.keySet()) {
            for (String state : STATES) {
                Gauge.builder("hub.breaker.state", this, gauges -> gauges.is(system, state))
                        .description("1 for the state the system's circuit breaker is in, 0 for the others")
                        .tag("system", system)
                        .tag("state", state)
                        .register(meters);
            }
        }
    }

    private double is(String system, String state) {
        ResilienceProcessor breaker = breakers.get().get(system);
        if (breaker == null || !breaker.isStarted()) {
            return Double.NaN;
        }
        String now = breaker.getCircuitBreakerState();
        return now == null ? Double.NaN : now.toLowerCase(Locale.ROOT).equals(state) ? 1 : 0;
    }

    /** The breaker of each system, by the configuration its circuitBreaker step names. */
    private Map<String, ResilienceProcessor> find() {
        CamelContext context = camel.getIfAvailable();
        if (context == null) {
            return Map.of();
        }
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        Map<String, ResilienceProcessor> found = new HashMap<>();
        for (Route route : context.getRoutes()) {
            RouteDefinition definition = model.getRouteDefinition(route.getRouteId());
            if (definition == null) {
                continue;
            }
            List<CircuitBreakerDefinition> steps = new ArrayList<>();
            collect(definition.getOutputs(), steps);
            for (CircuitBreakerDefinition step : steps) {
                String system = system(context, definition, step.getConfiguration());
                ResilienceProcessor breaker = processor(route, step, steps.size() == 1);
                if (system != null && breaker != null) {
                    found.putIfAbsent(system, breaker);
                }
            }
        }
        return found;
    }

    private static void collect(List<ProcessorDefinition<?>> outputs, List<CircuitBreakerDefinition> into) {
        for (ProcessorDefinition<?> output : outputs) {
            if (output instanceof CircuitBreakerDefinition breaker) {
                into.add(breaker);
            }
            collect(output.getOutputs(), into);
        }
    }

    /** The configuration's name; a route made from a template ({{circuitBreaker}}) names it by parameter. */
    private static String system(CamelContext context, RouteDefinition route, String configuration) {
        if (configuration == null) {
            return null;
        }
        Matcher placeholder = PLACEHOLDER.matcher(configuration.strip());
        if (placeholder.matches() && route.getTemplateParameters() != null
                && route.getTemplateParameters().get(placeholder.group(1)) != null) {
            return route.getTemplateParameters().get(placeholder.group(1)).toString();
        }
        try {
            return context.resolvePropertyPlaceholders(configuration);
        } catch (RuntimeException unresolved) {
            return null;
        }
    }

    private static ResilienceProcessor processor(Route route, CircuitBreakerDefinition step, boolean onlyOne) {
        List<Processor> candidates = step.getId() != null ? route.filter(step.getId()) : List.of();
        if (candidates.stream().noneMatch(ResilienceProcessor.class::isInstance) && onlyOne) {
            candidates = route.filter("*");
        }
        return candidates.stream().filter(ResilienceProcessor.class::isInstance).map(ResilienceProcessor.class::cast)
                .findFirst().orElse(null);
    }
}
