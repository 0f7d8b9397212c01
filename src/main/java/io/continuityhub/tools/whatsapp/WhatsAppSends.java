package io.continuityhub.tools.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.tools.Action;
import io.continuityhub.tools.DownstreamAnswer;
import io.continuityhub.tools.PermanentToolException;
import io.continuityhub.tools.RetryableToolException;
import io.continuityhub.tools.ToolOutcome;
import io.continuityhub.tools.TransientRefusalException;
import io.continuityhub.tools.UnknownOutcomeException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.component.whatsapp.model.MessageResponse;
import org.apache.camel.component.whatsapp.model.TextMessage;
import org.apache.camel.component.whatsapp.model.TextMessageRequest;
import org.springframework.stereotype.Component;

/**
 * The {@code tool-whatsapp-send} route's beans: an action in, a Cloud API text message out, and
 * the answer read as the ledger needs it. WhatsApp takes no idempotency key, so only a send the
 * far side certainly refused (rate limit, connection refused) is retried; a send that may have
 * left is never repeated.
 */
@Component
public class WhatsAppSends {

    public static final String TOOL = "whatsapp-send";

    /** Cloud API codes that mean "not sent, slow down": throughput, pair rate, app and account rate limits. */
    private static final Set<Integer> RATE_LIMITS = Set.of(130429, 131056, 4, 80007, 613);
    private static final Pattern RESPONDED = Pattern.compile("responded: (\\d{3}) and body: (.*)", Pattern.DOTALL);

    private final ObjectMapper json;

    WhatsAppSends(ObjectMapper json) {
        this.json = json;
    }

    public TextMessageRequest request(@Body Action action) {
        TextMessage text = new TextMessage();
        text.setBody(action.requireText("text"));
        TextMessageRequest request = new TextMessageRequest();
        request.setTo(action.requireText("to").replaceFirst("^\\+", ""));
        request.setText(text);
        return request;
    }

    public ToolOutcome outcome(@Body MessageResponse response) {
        if (response == null || response.getMessages() == null || response.getMessages().isEmpty()) {
            throw new UnknownOutcomeException("the Cloud API answered 2xx without a message id", null);
        }
        String wamid = response.getMessages().get(0).getId();
        return new ToolOutcome(wamid, Map.of("wamid", wamid));
    }

    /** Rethrows the producer's failure as the ledger's verdict. */
    public void classifyFailure(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Matcher answer = RESPONDED.matcher(String.valueOf(failure.getMessage()));
        if (!answer.find()) {
            throw new UnknownOutcomeException("WhatsApp send failed before an answer was read", failure);
        }
        int status = Integer.parseInt(answer.group(1));
        JsonNode body = DownstreamAnswer.json(json, answer.group(2).trim());
        if (status == DeadlineHttpClient.TRANSPORT_FAILURE) {
            if (!body.path("reached").asBoolean(true)) {
                throw new RetryableToolException("the Cloud API could not be reached: " + body.path("message").asText(), failure);
            }
            throw new UnknownOutcomeException("the Cloud API did not answer in time; the message may have been sent", failure);
        }
        int code = body.path("error").path("code").asInt(-1);
        String message = body.path("error").path("message").asText("HTTP " + status);
        if (RATE_LIMITS.contains(code) || status == 429 || status == 503) {
            if (status == 503) {
                throw new RetryableToolException("the Cloud API is unavailable (503): " + message, failure);
            }
            throw new TransientRefusalException("rate limited (" + code + "): " + message, failure);
        }
        if (status >= 400 && status < 500) {
            throw new PermanentToolException("the Cloud API refused the message (" + code + "): " + message, failure);
        }
        throw new UnknownOutcomeException("the Cloud API answered " + status + "; the message may have been sent", failure);
    }
}
