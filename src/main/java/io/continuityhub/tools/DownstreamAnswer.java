package io.continuityhub.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/** What the downstream system answered: status, the headers that matter, and the body. */
public record DownstreamAnswer(int status, Map<String, String> headers, String body) {

    public boolean is2xx() {
        return status >= 200 && status < 300;
    }

    /** The body as JSON; an empty object when there is none or it is not JSON (error pages, 204s). */
    public JsonNode json(ObjectMapper mapper) {
        return json(mapper, body);
    }

    /** The same reading for a body that did not come as an answer (a failure's message). */
    public static JsonNode json(ObjectMapper mapper, String body) {
        try {
            return body == null || body.isBlank() ? mapper.createObjectNode() : mapper.readTree(body);
        } catch (IOException notJson) {
            return mapper.createObjectNode();
        }
    }
}
