package io.continuityhub.tools;

import java.util.Map;

/** One HTTP request to a downstream system, as a tool adapter builds it for its system's downstream gateway route. */
public record DownstreamCall(String method, String url, Map<String, String> headers, String body) {
}
