package io.continuityhub.sandbox.faults;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The external systems the sandbox simulates, by the names the sandbox API uses. */
public enum DownstreamSystem {
    SALESFORCE("salesforce"),
    WAREHOUSE("warehouse"),
    CARRIER("carrier"),
    WHATSAPP("whatsapp"),
    /** The OpenAI-compatible chat completions API the language-model policy reads messages with. */
    LLM("llm");

    private final String wireName;

    DownstreamSystem(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<DownstreamSystem> fromWire(String name) {
        return Arrays.stream(values()).filter(system -> system.wireName.equals(name)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(DownstreamSystem::wireName).toList();
    }
}
