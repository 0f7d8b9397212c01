package io.continuityhub.channel.email;

/**
 * A mail the hub will never be able to turn into an interaction, however often it reads it (no
 * sender address, a sender that is not an address, headers that do not parse). The ingress logs
 * it and lets it be marked seen, so it is not fetched again on every poll. The message names no
 * address in full, as it is logged.
 */
public class UnusableEmailException extends RuntimeException {

    public UnusableEmailException(String message) {
        super(message);
    }
}
