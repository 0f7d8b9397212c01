package io.continuityhub.sandbox.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.continuityhub.sandbox.AuthorizationHeaders;
import io.continuityhub.sandbox.faults.DownstreamSystem;
import io.continuityhub.sandbox.faults.SimulatedFaults;
import io.continuityhub.sandbox.faults.SimulatedOutage;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenAI's chat completions endpoint, as the language-model policy calls it: checks the bearer key
 * (the hub's {@code hub.agent.language-model.api-key}), reads the request, and answers a
 * {@code chat.completion} whose content is the {@link KeywordModel}'s reading of the last user
 * message, as JSON. Refusals come in OpenAI's error shape {@code {"error": {message, type, param,
 * code}}}; injected faults ({@code POST /sandbox/faults {"system": "llm", ...}}) apply.
 */
@RestController
@Profile("sandbox")
class ChatCompletionsSimulator {

    private final String apiKey;
    private final SimulatedFaults faults;
    private final ObjectMapper json;
    private final Clock clock;
    private final AtomicLong completions = new AtomicLong();

    ChatCompletionsSimulator(@Value("${hub.agent.language-model.api-key:}") String apiKey, SimulatedFaults faults,
                             ObjectMapper json, Clock clock) {
        this.apiKey = apiKey;
        this.faults = faults;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(path = "/sandbox/llm/v1/chat/completions", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ObjectNode> complete(@RequestHeader(value = "Authorization", required = false) String authorization,
                                        @RequestBody(required = false) String body) throws JsonProcessingException {
        faults.check(DownstreamSystem.LLM);
        if (!AuthorizationHeaders.matches(apiKey, AuthorizationHeaders.credentials(authorization, "Bearer"))) {
            return error(401, "Incorrect API key provided. You can find your API key at"
                    + " https://platform.openai.com/account/api-keys.", "invalid_request_error", null, "invalid_api_key");
        }
        JsonNode request = read(body);
        if (request == null) {
            return error(400, "We could not parse the JSON body of your request.", "invalid_request_error", null, null);
        }
        if (!request.path("model").isTextual() || request.path("model").asText().isBlank()) {
            return error(400, "you must provide a model parameter", "invalid_request_error", "model", null);
        }
        JsonNode messages = request.path("messages");
        JsonNode last = messages.isArray() && !messages.isEmpty() ? messages.get(messages.size() - 1) : null;
        if (last == null || !"user".equals(last.path("role").asText()) || !last.path("content").isTextual()) {
            return error(400, "messages must end with a user message whose content is text", "invalid_request_error",
                    "messages", null);
        }
        KeywordModel.Reading reading = KeywordModel.read(systemPrompt(messages), last.path("content").asText());
        String content = json.writeValueAsString(reading);
        faults.afterCommit(DownstreamSystem.LLM);
        return ResponseEntity.ok(completion(request.path("model").asText(), content, body.length(), content.length()));
    }

    private ObjectNode completion(String model, String content, int requestChars, int contentChars) {
        ObjectNode completion = json.createObjectNode()
                .put("id", "chatcmpl-sandbox" + completions.incrementAndGet())
                .put("object", "chat.completion")
                .put("created", clock.instant().getEpochSecond())
                .put("model", model);
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content).putNull("refusal");
        choice.putNull("logprobs").put("finish_reason", "stop");
        // about four characters a token, as OpenAI's own rule of thumb has it
        int prompt = Math.max(1, requestChars / 4);
        int answer = Math.max(1, contentChars / 4);
        completion.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", answer)
                .put("total_tokens", prompt + answer);
        return completion;
    }

    private static String systemPrompt(JsonNode messages) {
        StringBuilder system = new StringBuilder();
        messages.forEach(message -> {
            if ("system".equals(message.path("role").asText())) {
                system.append(message.path("content").asText()).append('\n');
            }
        });
        return system.toString();
    }

    /** The request's JSON object; null when the body is not one. */
    private JsonNode read(String body) {
        try {
            JsonNode request = body == null || body.isBlank() ? null : json.readTree(body);
            return request != null && request.isObject() ? request : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    @ExceptionHandler(SimulatedOutage.class)
    ResponseEntity<ObjectNode> outage(SimulatedOutage e) {
        return error(503, "The server is overloaded or not ready yet.", "server_error", null, null);
    }

    private ResponseEntity<ObjectNode> error(int status, String message, String type, String param, String code) {
        ObjectNode error = json.createObjectNode();
        error.putObject("error").put("message", message).put("type", type).put("param", param).put("code", code);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(error);
    }
}
