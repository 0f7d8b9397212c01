package io.continuityhub.sequence;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A place where continuity broke or could break.
 *
 * @param eventIndex where in the session's event log it is (merged-in history keeps its own seq
 *                   numbers, so seq alone does not place it)
 * @param seq        the seq of the event at fault
 * @param kind       {@link #CONTEXT_LOST} or {@link #NO_IDEMPOTENCY_KEY}
 */
public record Seam(@JsonIgnore int eventIndex, long seq, String kind, String message) {

    /** A turn on a channel new to the session was answered without what the session already knew. */
    public static final String CONTEXT_LOST = "context_lost";
    /** A state-changing call carried no idempotency key: a retry of it could act twice. */
    public static final String NO_IDEMPOTENCY_KEY = "no_idempotency_key";
}
