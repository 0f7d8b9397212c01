package io.continuityhub.session;

/** Changes to the session record's summary fields; a null field is left as it is. */
public record SessionPatch(String issue, String state, String lastAction, String nextAction) {
}
