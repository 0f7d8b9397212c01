package io.continuityhub.tools.whatsapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.kernel.ConversationSpans;
import io.continuityhub.session.SessionStore;
import io.continuityhub.tools.Action;
import io.continuityhub.tools.DownstreamAnswer;
import io.continuityhub.tools.DownstreamCall;
import io.continuityhub.tools.DownstreamUnavailableException;
import io.continuityhub.tools.PermanentToolException;
import io.continuityhub.tools.RetryableToolException;
import io.continuityhub.tools.ServiceUrls;
import io.continuityhub.tools.ToolOutcome;
import io.continuityhub.tools.TransientRefusalException;
import io.continuityhub.tools.UnknownOutcomeException;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.ConnectException;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.util.ObjectHelper;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.springframework.stereotype.Component;

/**
 * The {@code tool-whatsapp-send} and {@code whatsapp-cloud-api} routes' beans: an action in, a
 * Cloud API send out through the {@code downstream-whatsapp} gateway, and the answer read as the
 * ledger needs it. WhatsApp takes no idempotency key, so only a send the far side certainly
 * refused (rate limit, connection refused, circuit open) is retried; a send that may have left is
 * never repeated.
 *
 * <p>Why the HTTP gateway and not camel-whatsapp's producer: camel-whatsapp 4.17 cannot address a
 * user by business-scoped user id ({@code recipient}; its model has only {@code to}, and it picks
 * a serialiser by exact class, so the model cannot be extended), sets no request timeout, and
 * leaves the exchange waiting for ever when a connection is refused.
 */
@Component
public class WhatsAppSends {

    public static final String TOOL = "whatsapp-send";
    /** The exchange property the tool route keeps the action in while its body is the request. */
    public static final String ACTION = "whatsAppAction";

    /** Cloud API codes that mean "not sent, slow down": throughput, pair rate, app and account rate limits. */
    private static final Set<Integer> RATE_LIMITS = Set.of(130429, 131056, 4, 80007, 613);
    /** Outside the customer-service window the Cloud API takes only an approved template. */
    private static final int REENGAGEMENT_REQUIRED = 131047;

    private final ObjectMapper json;
    private final SessionStore sessions;
    private final WhatsAppProperties properties;
    private final ServiceUrls urls;
    private final Clock clock;

    WhatsAppSends(ObjectMapper json, SessionStore sessions, WhatsAppProperties properties, ServiceUrls urls, Clock clock) {
        this.json = json;
        this.sessions = sessions;
        this.properties = properties;
        this.urls = urls;
        this.clock = clock;
    }

    /**
     * The send for an action: its text while the customer's 24-hour window is open, else the
     * re-engagement template carrying that text (a free-form message would only draw 131047).
     * The window is read when the message leaves, not when it was decided: a message held for
     * quiet hours may leave after the window closed. A send outside any session has no window the
     * hub knows of: the text goes, and a 131047 answer brings the template.
     */
    public DownstreamCall request(@Body Action action, Exchange exchange) {
        ConversationSpans.mark(exchange, ConversationSpans.Stage.SEND, action.sessionId(), action.customerId(),
                ConversationSpans.CHANNEL, "whatsapp");
        CloudApiMessages.Addressee addressee = addressee(action);
        return windowKnownClosed(action, addressee) ? reengagement(action)
                : call(CloudApiMessages.text(addressee, action.requireText("text")));
    }

    private boolean windowKnownClosed(Action action, CloudApiMessages.Addressee addressee) {
        if (action.sessionId() == null) {
            return false;
        }
        String label = "whatsapp:" + (addressee.userId() != null ? addressee.userId() : "+" + addressee.phoneDigits());
        return sessions.lastCustomerMessageAt(action.sessionId(), label)
                .map(last -> !clock.instant().isBefore(last.plus(properties.serviceWindow())))
                .orElse(true);
    }

    /** Whom the action's message goes to (a phone number or a user id): what the per-recipient pacing counts by. */
    public String recipientOf(@Body Action action) {
        CloudApiMessages.Addressee addressee = addressee(action);
        return addressee.userId() != null ? addressee.userId() : addressee.phoneDigits();
    }

    /** The approved template with the action's text, for a customer whose window has closed. */
    public DownstreamCall reengagement(@ExchangeProperty(ACTION) Action action) {
        WhatsAppProperties.Template template = properties.reengagementTemplate();
        if (!template.configured()) {
            throw new PermanentToolException("the customer last wrote on WhatsApp more than "
                    + properties.serviceWindow().toHours() + " hours ago, so only an approved template may reach them,"
                    + " and none is configured (hub.whatsapp.reengagement-template.name)");
        }
        return call(CloudApiMessages.template(addressee(action), template, action.requireText("text")));
    }

    /** The Cloud API's answer: the wamid of a sent message, or the refusal as the ledger's verdict. */
    public ToolOutcome outcome(@Body DownstreamAnswer answer) {
        JsonNode body = answer.json(json);
        if (answer.is2xx()) {
            String wamid = body.path("messages").path(0).path("id").asText(null);
            if (wamid == null) {
                throw new UnknownOutcomeException("the Cloud API answered " + answer.status() + " without a message id", null);
            }
            return new ToolOutcome(wamid, Map.of("wamid", wamid));
        }
        int code = body.path("error").path("code").asInt(-1);
        String message = body.path("error").path("message").asText("HTTP " + answer.status());
        if (RATE_LIMITS.contains(code)) {
            throw new TransientRefusalException("rate limited (" + code + "): " + message);
        }
        if (code == REENGAGEMENT_REQUIRED) {
            throw new ServiceWindowClosedException("outside the customer's 24-hour window (" + code + "): " + message, null);
        }
        throw new PermanentToolException("the Cloud API refused the message (" + code + "): " + message);
    }

    /** Rethrows a call that ended without an answer to read (or with a 5xx or 429) as the ledger's verdict. */
    public void classifyFailure(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        DownstreamUnavailableException unavailable = ObjectHelper.getException(DownstreamUnavailableException.class, failure);
        if (unavailable != null) {
            switch (unavailable.status()) {
                case 429 -> throw new TransientRefusalException("rate limited (429): " + unavailable.getMessage(), failure);
                case 503 -> throw new RetryableToolException("the Cloud API is unavailable: " + unavailable.getMessage(), failure);
                default -> throw new UnknownOutcomeException(unavailable.getMessage() + "; the message may have been sent", failure);
            }
        }
        if (neverSent(failure)) {
            throw new RetryableToolException("the send never reached the Cloud API: " + rootMessage(failure), failure);
        }
        throw new UnknownOutcomeException("the Cloud API did not answer (" + rootMessage(failure)
                + "); the message may have been sent", failure);
    }

    /** A refused or timed-out connection, an open circuit or a full bulkhead: nothing left the hub. */
    private static boolean neverSent(Exception failure) {
        return ObjectHelper.getException(ConnectException.class, failure) != null
                || ObjectHelper.getException(ConnectTimeoutException.class, failure) != null
                || ObjectHelper.getException(CallNotPermittedException.class, failure) != null
                || ObjectHelper.getException(BulkheadFullException.class, failure) != null;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private DownstreamCall call(CloudApiMessages.Message message) {
        String url = urls.of("hub.whatsapp.base-uri") + "/" + properties.apiVersion() + "/" + properties.phoneNumberId() + "/messages";
        try {
            return new DownstreamCall("POST", url, Map.of("Authorization", "Bearer " + properties.accessToken(),
                    "Content-Type", "application/json"), json.writeValueAsString(message));
        } catch (JsonProcessingException e) {
            throw new PermanentToolException("cannot write the Cloud API request: " + e.getMessage(), e);
        }
    }

    /** A phone number ({@code to}) or, for a user known only by it, the business-scoped user id ({@code recipient}). */
    private static CloudApiMessages.Addressee addressee(Action action) {
        String userId = action.optionalText("recipient");
        return userId != null ? new CloudApiMessages.Addressee(null, userId)
                : new CloudApiMessages.Addressee(action.requireText("to").replaceFirst("^\\+", ""), null);
    }
}
