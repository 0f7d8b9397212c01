package io.continuityhub.agent;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * With the language-model policy chosen, the hub refuses to start without the settings that have
 * no default, naming them: a hub that silently read every message with the rules (because every
 * call to the model failed) would look like it runs the policy it was told to run.
 */
@Component
@ConditionalOnProperty(name = "hub.agent.policy", havingValue = LanguageModelPolicy.NAME)
class LanguageModelSettingsCheck {

    LanguageModelSettingsCheck(@Value("${hub.agent.language-model.base-url:}") String baseUrl,
                               @Value("${hub.agent.language-model.api-key:}") String apiKey,
                               @Value("${hub.agent.language-model.model:}") String model) {
        List<String> missing = new ArrayList<>();
        if (baseUrl.isBlank()) {
            missing.add("hub.agent.language-model.base-url (HUB_LLM_BASE_URL)");
        }
        if (apiKey.isBlank()) {
            missing.add("hub.agent.language-model.api-key (HUB_LLM_API_KEY)");
        }
        if (model.isBlank()) {
            missing.add("hub.agent.language-model.model (HUB_LLM_MODEL)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("hub.agent.policy is " + LanguageModelPolicy.NAME + " (HUB_AGENT_POLICY) but "
                    + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
                    + " not set; set them, or choose the deterministic policy");
        }
    }
}
