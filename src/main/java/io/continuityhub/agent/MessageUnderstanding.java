package io.continuityhub.agent;

/**
 * Reads a customer's message: intents, the order it names, the option it picks. The rule-based
 * reader is the default; a language model can take its place (see LanguageModelPolicy) while the
 * planning that follows stays the same, so what the hub does never depends on a model's wording.
 */
public interface MessageUnderstanding {

    Understanding understand(String text, SessionMemory memory);
}
