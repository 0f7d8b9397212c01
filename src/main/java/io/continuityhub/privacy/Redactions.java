package io.continuityhub.privacy;

/**
 * How a row of each table that is kept looks once its personal data is gone: the SET clause both
 * the erasure and the retention sweep write (with {@code :now}, when it happened). Columns that can
 * be null become null; the ones that cannot take {@link #TEXT} or {@link #JSON}. Rows of tables
 * not named here that hold personal data are deleted instead (handles, shipment watches, failed
 * turns, kept carrier scans, old de-duplication keys). A redacted message id no longer
 * de-duplicates a redelivery of that message: one coming after the erasure (or after the
 * retention, long past any channel's redelivery) is taken as a new message. The inventory of
 * every column is checked by PersonalDataColumnsTest.
 */
final class Redactions {

    /** What a redacted NOT NULL text column holds. */
    static final String TEXT = "[redacted]";
    /** What a redacted NOT NULL jsonb object holds. */
    static final String JSON = "{\"redacted\": true}";

    /**
     * A provider's message id, replaced by its SHA-256: still unique (the row's de-duplication key
     * stays a key), no longer readable. Meta's wamids encode the sender's or recipient's number.
     */
    static String hashed(String column) {
        return "'sha256:' || encode(sha256(convert_to(" + column + ", 'UTF8')), 'hex')";
    }

    /**
     * The customer's message: who (the handle), what (text), the channel's own details (subject,
     * names) and the channel's message id.
     */
    static final String INTERACTION = "handle_value = '" + TEXT + "', text = NULL, attributes = '" + JSON + "'::jsonb,"
            + " provider_message_id = " + hashed("provider_message_id") + ", redacted_at = :now";

    /**
     * An event's summary quotes messages, its payload holds them whole with the handle, and its
     * channel label is the handle. Type, actor, channel and time stay: the log still reads as what happened when.
     */
    static final String SESSION_EVENT = "channel_label = NULL, summary = NULL, payload = '" + JSON + "'::jsonb,"
            + " redacted_at = :now";

    /** The record's channels are handles; issue, last and next action and the carried summary quote the customer. */
    static final String SESSION = "channels = '[]'::jsonb, issue = NULL, last_action = NULL, next_action = NULL,"
            + " carried_summary = NULL, version = version + 1, redacted_at = :now";

    /**
     * Requests carry phone numbers, addresses and text; responses and errors echo them; the far
     * side's id of a WhatsApp send encodes the number. Key, tool, step and status stay.
     */
    static final String ACTION = "request = '" + JSON + "'::jsonb, response = NULL, last_error = NULL,"
            + " provider_ref = " + hashed("provider_ref") + ", redacted_at = :now";

    /** The reason can quote an error about the customer's data; the context is the session and its events. */
    static final String ESCALATION = "reason = '" + TEXT + "', context = '" + JSON + "'::jsonb, resolution = NULL,"
            + " redacted_at = :now";

    /**
     * A kept WhatsApp message: its sender's key (the number), the message (a parked one keeps it
     * whole), its error and its wamid.
     */
    static final String INBOX = "sender_key = '" + TEXT + "', interaction = NULL, last_error = NULL,"
            + " provider_message_id = " + hashed("provider_message_id") + ", redacted_at = :now";

    /** Lets a redaction empty events in the append-only log, for the rest of the caller's transaction (V14). */
    static final String ALLOW_EVENT_REDACTION = "SELECT set_config('hub.redacting', 'on', true)";

    private Redactions() {
    }
}
