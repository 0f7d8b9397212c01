package io.continuityhub.tools;

import java.util.Map;

/** What a tool route answers when the far side confirmed: its id of the result and what it said. */
public record ToolOutcome(String providerRef, Map<String, Object> response) {
}
