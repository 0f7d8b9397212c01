package io.continuityhub.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.tools.DownstreamAnswer;
import io.continuityhub.tools.DownstreamCall;
import io.continuityhub.tools.DownstreamUnavailableException;
import io.continuityhub.tools.ServiceUrls;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A reader of customer messages that asks a language model (OpenAI's chat completions, through
 * the {@code agent-language-model} route and the {@code llm} circuit breaker) and keeps only what
 * {@link LanguageModelAnswer} validates. Whenever the model cannot be used (its breaker is open,
 * it timed out, answered an error, refused, or said something unreadable) the rules read the
 * message instead: a customer is never left unanswered because a model is down.
 *
 * <p>Logs say why the model was not used, never what the customer wrote.
 */
@Component
public class LanguageModelUnderstanding implements MessageUnderstanding {

    static final String ROUTE = "direct:agent-language-model";
    private static final Logger log = LoggerFactory.getLogger(LanguageModelUnderstanding.class);

    /**
     * How one message was read.
     *
     * @param byModel true when the model's reading was used, false when the rules read it
     * @param notes   why the rules read it, or what of the model's answer was dropped; never message text
     */
    public record Reading(Understanding understanding, boolean byModel, List<String> notes) {
    }

    private final LanguageModelProperties properties;
    private final ServiceUrls urls;
    private final ProducerTemplate camel;
    private final ObjectMapper json;
    private final RuleBasedUnderstanding rules;

    LanguageModelUnderstanding(LanguageModelProperties properties, ServiceUrls urls, ProducerTemplate camel,
                               ObjectMapper json, RuleBasedUnderstanding rules) {
        this.properties = properties;
        this.urls = urls;
        this.camel = camel;
        this.json = json;
        this.rules = rules;
    }

    @Override
    public Understanding understand(String text, SessionMemory memory) {
        return read(text, memory).understanding();
    }

    public Reading read(String text, SessionMemory memory) {
        try {
            DownstreamAnswer answer = camel.requestBody(ROUTE, call(text, memory), DownstreamAnswer.class);
            if (!answer.is2xx()) {
                throw new LanguageModelAnswer.Unusable("the model answered " + answer.status());
            }
            LanguageModelAnswer.Reading reading = LanguageModelAnswer.read(json, answer.body(), text, memory);
            if (!reading.dropped().isEmpty()) {
                log.info("The language model's reading was used; dropped from it: {}", reading.dropped());
            }
            return new Reading(reading.understanding(), true, reading.dropped());
        } catch (RuntimeException e) {
            Failure failure = failure(e);
            if (failure.expected()) {
                log.info("The rules read a customer message: {}", failure.reason());
            } else {
                log.warn("The rules read a customer message: {}", failure.reason());
            }
            return new Reading(rules.understand(text, memory), false, List.of(failure.reason()));
        }
    }

    private DownstreamCall call(String text, SessionMemory memory) {
        String body = LanguageModelPrompt.request(json, properties.model(), text, memory).toString();
        return new DownstreamCall("POST", urls.of("hub.agent.language-model.base-url") + "/v1/chat/completions",
                Map.of("Authorization", "Bearer " + properties.apiKey(), "Accept", "application/json",
                        "Content-Type", "application/json"), body);
    }

    /** Why the model could not be used, in our words; expected when the breaker is already keeping calls away. */
    private record Failure(String reason, boolean expected) {
    }

    private static Failure failure(Throwable thrown) {
        Throwable root = thrown;
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            root = cause;
            if (cause instanceof LanguageModelAnswer.Unusable unusable) {
                return new Failure(unusable.getMessage(), false);
            }
            if (cause instanceof CallNotPermittedException) {
                return new Failure("the llm circuit breaker is open", true);
            }
            if (cause instanceof BulkheadFullException) {
                return new Failure("the model had too many calls at once", true);
            }
            if (cause instanceof DownstreamUnavailableException unavailable) {
                return new Failure("the model answered " + unavailable.status(), false);
            }
            if (cause instanceof SocketTimeoutException) {
                return new Failure("the model did not answer in time", false);
            }
        }
        // the class only: a message may carry the answer's body, which may quote the customer
        return new Failure("the call to the model failed (" + root.getClass().getSimpleName() + ")", false);
    }
}
