package io.continuityhub.sandbox;

import io.continuityhub.kernel.AdjustableClock;
import io.continuityhub.kernel.HubRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /sandbox/clock}: read, move and reset the hub's clock (the one {@link Clock} bean every
 * follow-up, TTL and SLA reads), so a demo reaches "next morning" without waiting for it.
 */
@RestController
@Profile("sandbox & !" + SandboxApplication.STANDALONE) // it moves the hub's own clock bean
class SandboxClockController {

    private static final Logger log = LoggerFactory.getLogger(SandboxClockController.class);

    /** The hub's time now, and how far that is from real time (an ISO-8601 duration, negative when behind). */
    record ClockView(Instant now, String offset) {
    }

    private final Clock clock;

    SandboxClockController(Clock clock) {
        this.clock = clock;
    }

    @GetMapping("/sandbox/clock")
    ClockView now() {
        Duration offset = clock instanceof AdjustableClock adjustable ? adjustable.offset() : Duration.ZERO;
        return new ClockView(clock.instant(), offset.toString());
    }

    @PostMapping("/sandbox/clock")
    ClockView move(@RequestBody ClockChange change) {
        change.applyTo(adjustable());
        ClockView moved = now();
        log.info("Sandbox moved the hub's clock to {} ({} from real time)", moved.now(), moved.offset());
        return moved;
    }

    /** Back to real time. */
    @DeleteMapping("/sandbox/clock")
    ClockView reset() {
        if (clock instanceof AdjustableClock adjustable) {
            adjustable.reset();
            log.info("Sandbox reset the hub's clock to real time");
        }
        return now();
    }

    private AdjustableClock adjustable() {
        if (clock instanceof AdjustableClock adjustable) {
            return adjustable;
        }
        throw new HubRequestException(503, "not_configured", null, "the hub's clock runs on real time and cannot be"
                + " moved: start it with hub.clock.adjustable=true (the sandbox profile's setting)");
    }
}
