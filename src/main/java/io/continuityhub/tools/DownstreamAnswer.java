package io.continuityhub.tools;

import java.util.Map;

/** What the downstream system answered: status, the headers that matter, and the body. */
public record DownstreamAnswer(int status, Map<String, String> headers, String body) {

    public boolean is2xx() {
        return status >= 200 && status < 300;
    }
}
