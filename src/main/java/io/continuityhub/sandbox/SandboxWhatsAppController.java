package io.continuityhub.sandbox;

import io.continuityhub.ops.HubRequestException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The sandbox user's side of WhatsApp: read what the hub sent, and tune the simulator. */
@RestController
@Profile("sandbox")
class SandboxWhatsAppController {

    private static final Logger log = LoggerFactory.getLogger(SandboxWhatsAppController.class);
    static final int MAX_LISTED = 200;

    record SentView(String wamid, String to, String type, String text, Instant sentAt) {
        static SentView of(SentWhatsApp sent) {
            return new SentView(sent.wamid(), sent.recipient(), sent.type(), sent.text(), sent.sentAt());
        }
    }

    record RateLimit(Integer maxSendsPerSecond) {
    }

    private final WhatsAppSentLog sentLog;
    private final SendRateLimiter rateLimiter;

    SandboxWhatsAppController(WhatsAppSentLog sentLog, SendRateLimiter rateLimiter) {
        this.sentLog = sentLog;
        this.rateLimiter = rateLimiter;
    }

    @GetMapping("/sandbox/whatsapp/sent")
    List<SentView> sent(@RequestParam(required = false) String to) {
        List<SentWhatsApp> sent = to == null ? sentLog.latest(MAX_LISTED) : sentLog.sentTo(phone("to", to));
        return sent.stream().map(SentView::of).toList();
    }

    @GetMapping("/sandbox/whatsapp/rate-limit")
    RateLimit rateLimit() {
        return new RateLimit(rateLimiter.maxPerSecond());
    }

    @PutMapping("/sandbox/whatsapp/rate-limit")
    RateLimit changeRateLimit(@RequestBody RateLimit request) {
        if (request.maxSendsPerSecond() == null || request.maxSendsPerSecond() < 1) {
            throw HubRequestException.badField("maxSendsPerSecond", "is required and at least 1");
        }
        rateLimiter.setMaxPerSecond(request.maxSendsPerSecond());
        log.info("WhatsApp simulator now accepts {} sends per second", request.maxSendsPerSecond());
        return rateLimit();
    }

    private static String phone(String field, String value) {
        if (value == null || value.isBlank()) {
            throw HubRequestException.badField(field, "is required: a phone number in international form, e.g. +447700900123"
                    + " (write + as %2B in a query string)");
        }
        return WhatsAppNumbers.e164(value).orElseThrow(() -> HubRequestException.badField(field,
                "'" + value.strip() + "' is not a phone number in international form, e.g. +447700900123"));
    }
}
