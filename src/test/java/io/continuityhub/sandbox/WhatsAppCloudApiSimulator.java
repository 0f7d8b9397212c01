package io.continuityhub.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.continuityhub.kernel.Redact;
import io.continuityhub.sandbox.faults.DownstreamSystem;
import io.continuityhub.sandbox.faults.SimulatedFaults;
import io.continuityhub.sandbox.faults.SimulatedOutage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The WhatsApp Cloud API's send endpoint, as camel-whatsapp calls it:
 * {@code POST {baseUri}/{version}/{phoneNumberId}/messages} with a bearer token. Checks the
 * token, the phone number id and the body as Meta does, applies the throughput limit, and
 * records each accepted message with its side effect. Refusals leave no record.
 */
@RestController
@Profile("sandbox")
class WhatsAppCloudApiSimulator {

    private static final Logger log = LoggerFactory.getLogger(WhatsAppCloudApiSimulator.class);
    private static final Pattern VERSION = Pattern.compile("v\\d+\\.\\d+");

    private final String accessToken;
    private final String phoneNumberId;
    private final CloudApiSendReader reader;
    private final SendRateLimiter rateLimiter;
    private final PairRateLimiter pairRateLimiter;
    private final WhatsAppSentLog sentLog;
    private final SimulatedFaults faults;
    private final CustomerServiceWindows windows;
    private final List<String> approvedTemplates;
    private final Clock clock;

    WhatsAppCloudApiSimulator(@Value("${hub.whatsapp.access-token}") String accessToken,
                              @Value("${hub.whatsapp.phone-number-id}") String phoneNumberId,
                              @Value("${sandbox.whatsapp.approved-templates}") List<String> approvedTemplates,
                              CloudApiSendReader reader, SendRateLimiter rateLimiter, PairRateLimiter pairRateLimiter,
                              WhatsAppSentLog sentLog,
                              SimulatedFaults faults, CustomerServiceWindows windows, Clock clock) {
        this.accessToken = accessToken;
        this.phoneNumberId = phoneNumberId;
        this.reader = reader;
        this.rateLimiter = rateLimiter;
        this.pairRateLimiter = pairRateLimiter;
        this.sentLog = sentLog;
        this.faults = faults;
        this.windows = windows;
        this.approvedTemplates = List.copyOf(approvedTemplates);
        this.clock = clock;
    }

    /** The Cloud API's answer to an accepted send, field for field. */
    record SendAnswer(@JsonProperty("messaging_product") String messagingProduct, List<Contact> contacts,
                      List<MessageId> messages) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Contact(String input, @JsonProperty("wa_id") String waId, @JsonProperty("user_id") String userId) {
        static Contact of(CloudApiSendReader.CloudApiSend send) {
            return WhatsAppNumbers.isUserId(send.recipient()) ? new Contact(send.to(), null, send.recipient())
                    : new Contact(send.to(), WhatsAppNumbers.waId(send.recipient()), null);
        }
    }

    record MessageId(String id) {
    }

    @PostMapping(path = "/sandbox/whatsapp/{version}/{phoneNumberId}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    SendAnswer send(@PathVariable String version, @PathVariable("phoneNumberId") String pathPhoneNumberId,
                             @RequestHeader(value = "Authorization", required = false) String authorization,
                             @RequestBody(required = false) String body) {
        String faultKey = reader.faultKey(body);
        faults.check(DownstreamSystem.WHATSAPP, faultKey);
        checkToken(authorization);
        if (!VERSION.matcher(version).matches()) {
            throw GraphApiException.invalidParameter("Unknown path components: /" + version + "/" + pathPhoneNumberId
                    + "/messages");
        }
        if (!phoneNumberId.equals(pathPhoneNumberId)) {
            throw GraphApiException.unknownObject(pathPhoneNumberId);
        }
        CloudApiSendReader.CloudApiSend send = reader.read(body);
        checkWindowAndTemplate(send);
        if (!rateLimiter.tryAcquire(pathPhoneNumberId)) {
            log.info("WhatsApp simulator refused a send to {}: over {} sends per second", Redact.handle(send.recipient()),
                    rateLimiter.maxPerSecond());
            throw GraphApiException.throughputReached();
        }
        if (!pairRateLimiter.limiter().tryAcquire(send.recipient())) {
            log.info("WhatsApp simulator refused a send to {}: over {} messages to one user in its window",
                    Redact.handle(send.recipient()), pairRateLimiter.limiter().maxPerSecond());
            throw GraphApiException.pairRateLimitHit();
        }
        String wamid = WhatsAppIds.wamid();
        sentLog.record(new SentWhatsApp(wamid, pathPhoneNumberId, send.recipient(), send.type(), body, send.text(),
                send.bizOpaqueCallbackData(), clock.instant()));
        log.info("WhatsApp simulator accepted a {} message to {} as {}", send.type(), Redact.handle(send.recipient()), wamid);
        faults.afterCommit(DownstreamSystem.WHATSAPP, faultKey);
        return new SendAnswer("whatsapp", List.of(Contact.of(send)), List.of(new MessageId(wamid)));
    }

    /** Only an approved template may reach a user outside their 24-hour window; templates are checked by name. */
    private void checkWindowAndTemplate(CloudApiSendReader.CloudApiSend send) {
        if (send.templateName() != null) {
            if (!approvedTemplates.contains(send.templateName())) {
                throw GraphApiException.templateDoesNotExist(send.templateName(), "the requested language");
            }
            return;
        }
        if (!windows.isOpen(send.recipient())) {
            log.info("WhatsApp simulator refused a {} message to {}: outside the 24-hour window", send.type(),
                    Redact.handle(send.recipient()));
            throw GraphApiException.reengagementRequired();
        }
    }

    private void checkToken(String authorization) {
        String token = AuthorizationHeaders.credentials(authorization, "Bearer");
        if (token == null) {
            throw GraphApiException.invalidToken("An active access token must be used to query information about"
                    + " the current user. Send it as Authorization: Bearer <token>.");
        }
        if (!AuthorizationHeaders.matches(accessToken, token)) {
            throw GraphApiException.invalidToken("Invalid OAuth access token - Cannot parse access token");
        }
    }

    @ExceptionHandler(GraphApiException.class)
    ResponseEntity<Map<String, Object>> refused(GraphApiException e) {
        return ResponseEntity.status(e.httpStatus()).contentType(MediaType.APPLICATION_JSON).body(e.body());
    }

    @ExceptionHandler(SimulatedOutage.class)
    ResponseEntity<Map<String, Object>> outage(SimulatedOutage e) {
        return refused(GraphApiException.serviceUnavailable());
    }

    /** Anything else still answers in Graph's shape: the hub's client parses only that. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> failed(Exception e) {
        log.error("WhatsApp simulator failed a send; nothing was recorded", e);
        GraphApiException unknown = GraphApiException.unknownError();
        return ResponseEntity.status(unknown.httpStatus()).contentType(MediaType.APPLICATION_JSON).body(unknown.body());
    }
}
