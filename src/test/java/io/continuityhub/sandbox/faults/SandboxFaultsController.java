package io.continuityhub.sandbox.faults;

import io.continuityhub.kernel.HubRequestException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code /sandbox/faults}: inject, list and clear the simulators' faults. */
@RestController
@Profile("sandbox")
class SandboxFaultsController {

    private static final Logger log = LoggerFactory.getLogger(SandboxFaultsController.class);
    static final long MAX_LATENCY_MS = 600_000;
    static final long MAX_SECONDS = 86_400;

    /** {@code timesPerKey}: hit only the first n requests of each idempotency key; left out, every request. */
    record FaultRequest(String system, String mode, Long latencyMs, Double errorRate, Long seconds, Integer timesPerKey) {
    }

    /** A fault in force ({@code mode} none: the system now has none). */
    record FaultView(String system, String mode, Long latencyMs, Double errorRate, Long seconds, Long remainingMs,
                     Integer timesPerKey) {
    }

    private final SimulatedFaults faults;

    SandboxFaultsController(SimulatedFaults faults) {
        this.faults = faults;
    }

    @GetMapping("/sandbox/faults")
    List<FaultView> active() {
        return faults.active().stream().map(this::view).toList();
    }

    /** How many requests the system's simulator has received: calls that an open breaker stops never arrive. */
    @GetMapping("/sandbox/calls")
    Map<String, Object> calls(@RequestParam String system) {
        DownstreamSystem downstream = DownstreamSystem.fromWire(system).orElseThrow(() ->
                HubRequestException.badField("system", "must be one of " + DownstreamSystem.wireNames()));
        return Map.of("system", downstream.wireName(), "calls", faults.calls(downstream));
    }

    @PostMapping("/sandbox/faults")
    FaultView inject(@RequestBody FaultRequest request) {
        DownstreamSystem system = DownstreamSystem.fromWire(request.system()).orElseThrow(() ->
                HubRequestException.badField("system", "must be one of " + DownstreamSystem.wireNames()));
        if (FaultMode.NONE.equals(request.mode())) {
            faults.clear(system);
            log.info("Sandbox fault on {} cleared", system.wireName());
            return new FaultView(system.wireName(), FaultMode.NONE, null, null, null, null, null);
        }
        FaultMode mode = FaultMode.fromWire(request.mode()).orElseThrow(() ->
                HubRequestException.badField("mode", "must be one of " + FaultMode.wireNamesAndNone()));
        if (request.latencyMs() != null && (request.latencyMs() < 0 || request.latencyMs() > MAX_LATENCY_MS)) {
            throw HubRequestException.badField("latencyMs", "must be between 0 and " + MAX_LATENCY_MS);
        }
        if (request.errorRate() != null && !(request.errorRate() >= 0 && request.errorRate() <= 1)) {
            throw HubRequestException.badField("errorRate", "must be between 0.0 (never fails) and 1.0 (always fails)");
        }
        if (request.seconds() != null && (request.seconds() < 1 || request.seconds() > MAX_SECONDS)) {
            throw HubRequestException.badField("seconds", "must be between 1 and " + MAX_SECONDS
                    + ", or left out for a fault that lasts until mode none clears it");
        }
        if (request.timesPerKey() != null && request.timesPerKey() < 1) {
            throw HubRequestException.badField("timesPerKey", "must be at least 1 (how many requests of each idempotency"
                    + " key the fault hits), or left out for a fault that hits every request");
        }
        if (request.timesPerKey() != null && system == DownstreamSystem.CARRIER) {
            throw HubRequestException.badField("timesPerKey", "the carrier's requests carry no idempotency key, so a"
                    + " fault on it can only hit every request: leave timesPerKey out");
        }
        Fault fault = faults.set(system, mode, request.latencyMs(), request.errorRate(), request.seconds(),
                request.timesPerKey());
        log.info("Sandbox fault on {}: {}", system.wireName(), view(fault));
        return view(fault);
    }

    private FaultView view(Fault fault) {
        Long remaining = faults.remainingNanos(fault);
        return new FaultView(fault.system().wireName(), fault.mode().wireName(), fault.latencyMs(), fault.errorRate(),
                fault.seconds(), remaining == null ? null : remaining / 1_000_000, fault.timesPerKey());
    }
}
