package io.continuityhub.agent;

/** What a customer's message asks for, as far as the agent understands customers. */
public enum Intent {
    WHERE_IS_ORDER,
    DELIVERY_PROBLEM,
    ACCEPT_OPTION,
    CHANGE_ADDRESS,
    TALK_TO_PERSON,
    THANKS,
    UNKNOWN;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
