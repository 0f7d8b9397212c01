package io.continuityhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.continuityhub.kernel.HubRequestException;
import io.continuityhub.kernel.Redact;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox user's side of WhatsApp: read what the hub sent, play a customer writing in (or a
 * message's delivery receipt) as a signed webhook to the hub, and tune the simulator.
 */
@RestController
@Profile("sandbox")
class SandboxWhatsAppController {

    private static final Logger log = LoggerFactory.getLogger(SandboxWhatsAppController.class);
    static final int MAX_LISTED = 200;
    private static final List<String> STATUSES = List.of("sent", "delivered", "read", "failed");

    record SentView(String wamid, String to, String type, String text, String bizOpaqueCallbackData, Instant sentAt) {
        static SentView of(SentWhatsApp sent) {
            return new SentView(sent.wamid(), sent.recipient(), sent.type(), sent.text(), sent.bizOpaqueCallbackData(),
                    sent.sentAt());
        }
    }

    /** {@code from} a phone number, or {@code userId} (a business-scoped user id), or both; {@code username} with a user id. */
    record InboundRequest(String from, String userId, String username, String text, String profileName) {
    }

    /** A user wrote to the business number at {@code lastMessageAt} (default now), in a webhook the caller delivers itself. */
    record WindowRequest(String user, Instant lastMessageAt) {
    }

    record WindowAnswer(String user, boolean open) {
    }

    record StatusRequest(String wamid, String status, String recipient) {
    }

    record DeliveryAnswer(String wamid, int hubStatus, JsonNode hubBody) {
    }

    record StatusAnswer(String wamid, String status, int hubStatus, JsonNode hubBody) {
    }

    /** The tier (sends a second) and the pair rate limit (messages to one user in its window); either may be changed alone. */
    record RateLimit(Integer maxSendsPerSecond, Integer maxSendsPerRecipient) {
    }


    private final WhatsAppSentLog sentLog;
    private final WhatsAppWebhookFactory webhooks;
    private final WhatsAppWebhookClient hub;
    private final SendRateLimiter rateLimiter;
    private final PairRateLimiter pairRateLimiter;
    private final CustomerServiceWindows windows;
    private final Clock clock;

    SandboxWhatsAppController(WhatsAppSentLog sentLog, WhatsAppWebhookFactory webhooks, WhatsAppWebhookClient hub,
                              SendRateLimiter rateLimiter, PairRateLimiter pairRateLimiter, CustomerServiceWindows windows,
                              Clock clock) {
        this.sentLog = sentLog;
        this.webhooks = webhooks;
        this.hub = hub;
        this.rateLimiter = rateLimiter;
        this.pairRateLimiter = pairRateLimiter;
        this.windows = windows;
        this.clock = clock;
    }

    @GetMapping("/sandbox/whatsapp/sent")
    List<SentView> sent(@RequestParam(required = false) String to) {
        List<SentWhatsApp> sent = to == null ? sentLog.latest(MAX_LISTED) : sentLog.sentTo(user("to", to));
        return sent.stream().map(SentView::of).toList();
    }

    @PostMapping("/sandbox/whatsapp/inbound")
    DeliveryAnswer inbound(@RequestBody InboundRequest request) {
        WhatsAppWebhookFactory.WhatsAppUser from = sender(request);
        if (request.text() == null || request.text().isBlank()) {
            throw HubRequestException.badField("text", "is required: what the customer writes");
        }
        if (request.text().length() > CloudApiSendReader.MAX_TEXT_CHARS) {
            throw HubRequestException.badField("text", "WhatsApp messages are at most "
                    + CloudApiSendReader.MAX_TEXT_CHARS + " characters");
        }
        String profileName = request.profileName() == null || request.profileName().isBlank()
                ? "Sandbox Customer" : request.profileName();
        SignedWebhook webhook = webhooks.customerText(from, request.text(), profileName);
        windows.userWrote(keysOf(from), clock.instant());
        WhatsAppWebhookClient.HubAnswer answer = hub.post(webhook);
        log.info("Sandbox posted a WhatsApp message {} from {} to the hub, which answered {}", webhook.id(),
                Redact.handle(keysOf(from).get(0)), answer.status());
        return new DeliveryAnswer(webhook.id(), answer.status(), answer.body());
    }

    /**
     * A delivery receipt for a message the hub sent; the recipient is looked up when not given, and
     * the send's {@code biz_opaque_callback_data} is echoed as Meta does.
     */
    @PostMapping("/sandbox/whatsapp/status")
    StatusAnswer status(@RequestBody StatusRequest request) {
        if (request.wamid() == null || request.wamid().isBlank()) {
            throw HubRequestException.badField("wamid", "is required: the id the Cloud API gave the hub's message");
        }
        if (request.status() == null || !STATUSES.contains(request.status())) {
            throw HubRequestException.badField("status", "must be one of " + STATUSES);
        }
        Optional<SentWhatsApp> sent = sentLog.find(request.wamid());
        String recipient = request.recipient() != null ? user("recipient", request.recipient())
                : sent.map(SentWhatsApp::recipient).orElseThrow(() -> HubRequestException.notFound(
                        "the simulator sent no message " + request.wamid() + "; give its recipient to report on it anyway"));
        SignedWebhook webhook = webhooks.deliveryStatus(request.wamid(), request.status(), recipient,
                sent.map(SentWhatsApp::bizOpaqueCallbackData).orElse(null));
        WhatsAppWebhookClient.HubAnswer answer = hub.post(webhook);
        log.info("Sandbox posted status {} of {} to the hub, which answered {}", request.status(), request.wamid(),
                answer.status());
        return new StatusAnswer(request.wamid(), request.status(), answer.status(), answer.body());
    }

    @GetMapping("/sandbox/whatsapp/rate-limit")
    RateLimit rateLimit() {
        return new RateLimit(rateLimiter.maxPerSecond(), pairRateLimiter.limiter().maxPerSecond());
    }

    @PutMapping("/sandbox/whatsapp/rate-limit")
    RateLimit changeRateLimit(@RequestBody RateLimit request) {
        if (request.maxSendsPerSecond() == null && request.maxSendsPerRecipient() == null) {
            throw HubRequestException.badField("maxSendsPerSecond", "is required (or maxSendsPerRecipient), not negative"
                    + " (0 refuses every send, as an exhausted quota does)");
        }
        if (request.maxSendsPerSecond() != null && request.maxSendsPerSecond() < 0) {
            throw HubRequestException.badField("maxSendsPerSecond", "must not be negative (0 refuses every send, as an exhausted quota does)");
        }
        if (request.maxSendsPerRecipient() != null && request.maxSendsPerRecipient() < 0) {
            throw HubRequestException.badField("maxSendsPerRecipient", "must not be negative");
        }
        if (request.maxSendsPerSecond() != null) {
            rateLimiter.setMaxPerSecond(request.maxSendsPerSecond());
        }
        if (request.maxSendsPerRecipient() != null) {
            pairRateLimiter.limiter().setMaxPerSecond(request.maxSendsPerRecipient());
        }
        log.info("WhatsApp simulator now accepts {}", rateLimit());
        return rateLimit();
    }

    @PostMapping("/sandbox/whatsapp/windows")
    WindowAnswer userWrote(@RequestBody WindowRequest request) {
        String user = user("user", request.user());
        windows.userWrote(List.of(user), request.lastMessageAt() == null ? clock.instant() : request.lastMessageAt());
        return new WindowAnswer(user, windows.isOpen(user));
    }

    @GetMapping("/sandbox/whatsapp/windows")
    WindowAnswer window(@RequestParam String user) {
        String key = user("user", user);
        return new WindowAnswer(key, windows.isOpen(key));
    }

    private static WhatsAppWebhookFactory.WhatsAppUser sender(InboundRequest request) {
        String userId = null;
        if (request.userId() != null && !request.userId().isBlank()) {
            userId = WhatsAppNumbers.userId(request.userId()).orElseThrow(() -> HubRequestException.badField("userId",
                    "'" + request.userId().strip() + "' is not a business-scoped user id, e.g. US.13491208655302741918"));
        }
        String phone = userId != null && (request.from() == null || request.from().isBlank()) ? null
                : phone("from", request.from());
        return new WhatsAppWebhookFactory.WhatsAppUser(phone, userId, userId == null ? null : request.username());
    }

    private static List<String> keysOf(WhatsAppWebhookFactory.WhatsAppUser user) {
        return Stream.of(user.phoneE164(), user.userId()).filter(Objects::nonNull).toList();
    }

    /** A phone number in E.164 form, or a business-scoped user id as it is. */
    private static String user(String field, String value) {
        if (value != null && WhatsAppNumbers.userId(value).isPresent()) {
            return WhatsAppNumbers.userId(value).get();
        }
        return phone(field, value);
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
