package io.continuityhub.channel;

/**
 * A message the intake took from the inbox: its place there, the interaction as it was kept
 * (sealed; opened and read only after it is taken, so a row that cannot be read fails on its own
 * and is parked, never blocking the ones behind it), and how often it was tried.
 */
public record InboxItem(long seq, String interactionJson, int attempts) {
}
