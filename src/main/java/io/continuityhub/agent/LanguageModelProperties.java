package io.continuityhub.agent;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.agent.language-model.*}: which OpenAI-compatible model the language-model policy asks
 * to read customer messages, and the key it asks with. The base URL is not bound here but read on
 * every call ({@link io.continuityhub.tools.ServiceUrls}), as the sandbox's names the hub's own
 * port; the timeout belongs to the {@code agent-language-model} route.
 *
 * @param model  the model's name, as the API expects it ("gpt-4o-mini")
 * @param apiKey the bearer key; a secret with no default
 */
@ConfigurationProperties("hub.agent.language-model")
public record LanguageModelProperties(String model, String apiKey) {
}
