package io.continuityhub.tools;

/**
 * The downstream system answered that it cannot serve now (5xx, 429). Thrown inside the circuit
 * breaker so that it counts toward opening it; the tool decides whether a retry is safe.
 */
public class DownstreamUnavailableException extends RuntimeException {

    private final int status;

    public DownstreamUnavailableException(String system, int status, String body) {
        super(system + " answered " + status + ": " + (body == null ? "" : body.length() > 300 ? body.substring(0, 300) : body));
        this.status = status;
    }

    public int status() {
        return status;
    }
}
