package io.continuityhub.agent;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Session memories for the language-model tests. */
final class LanguageModelFixtures {

    private LanguageModelFixtures() {
    }

    /** A session that knows nothing yet. */
    static SessionMemory empty() {
        return new SessionMemory(Map.of(), null, Map.of(), Set.of(), null);
    }

    /** A session about {@code orderId}: delayed, the delay raised, and {@code options} offered and not yet taken. */
    static SessionMemory offering(String orderId, String... options) {
        OrderMemory order = new OrderMemory(orderId, "delayed", "carrier issue", "UPS", "1Z999AA10123456784",
                List.of(options), "sess-t-" + orderId, "FX-1", null, null, false);
        return new SessionMemory(Map.of(orderId, order), orderId, Map.of(), Set.of("whatsapp"), "whatsapp");
    }
}
