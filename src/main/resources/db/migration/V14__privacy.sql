-- Data-subject erasure and retention (io.continuityhub.privacy; docs/operations.md#erasure-and-retention).
--
-- Rows are kept where something still counts on them (foreign keys, idempotency keys, the action
-- ledger's "never act twice", de-duplication of a late redelivery) and only their personal columns
-- are emptied: redacted_at says when. Rows that are nothing but personal data are deleted.

-- An erased customer stays as a tombstone without personal data: ids in the ledger and the audit
-- still point at it, and a writer that resolved it before the erasure is refused, not let in.
ALTER TABLE customer ADD COLUMN erased_at timestamptz;

ALTER TABLE interaction ADD COLUMN redacted_at timestamptz;
ALTER TABLE session ADD COLUMN redacted_at timestamptz;
ALTER TABLE session_event ADD COLUMN redacted_at timestamptz;
ALTER TABLE action ADD COLUMN redacted_at timestamptz;
ALTER TABLE escalation ADD COLUMN redacted_at timestamptz;
ALTER TABLE inbox ADD COLUMN redacted_at timestamptz;

-- The retention sweep finds what is old and not yet redacted by these.
CREATE INDEX interaction_unredacted_by_age ON interaction (received_at) WHERE redacted_at IS NULL;
CREATE INDEX session_event_unredacted_by_age ON session_event (at) WHERE redacted_at IS NULL;
CREATE INDEX session_unredacted_by_age ON session (updated_at) WHERE redacted_at IS NULL AND status <> 'open';
CREATE INDEX action_unredacted_by_age ON action (updated_at) WHERE redacted_at IS NULL;
CREATE INDEX escalation_unredacted_by_age ON escalation (resolved_at) WHERE redacted_at IS NULL AND status = 'resolved';
CREATE INDEX inbox_unredacted_by_age ON inbox (received_at) WHERE redacted_at IS NULL AND status <> 'pending';
-- an erasure finds a customer's rows by these
CREATE INDEX interaction_by_customer ON interaction (customer_id);
CREATE INDEX action_by_customer ON action (customer_id);
CREATE INDEX escalation_by_customer ON escalation (customer_id);
CREATE INDEX shipment_watch_by_customer ON shipment_watch (customer_id);
CREATE INDEX session_by_customer ON session (customer_id);

-- An action of an erased customer that had not run yet is withdrawn: never sent, never retried.
ALTER TABLE action DROP CONSTRAINT action_status_check;
ALTER TABLE action ADD CONSTRAINT action_status_check
    CHECK (status IN ('pending', 'in_flight', 'succeeded', 'failed', 'unknown', 'withdrawn'));

-- The event log stays append-only, with one exception: a redaction, inside a transaction that
-- says so (SET LOCAL hub.redacting = 'on'), may empty an event's personal columns and nothing else.
CREATE OR REPLACE FUNCTION session_event_is_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('hub.redacting', true) = 'on'
       AND NEW.redacted_at IS NOT NULL
       AND NEW.session_id = OLD.session_id AND NEW.seq = OLD.seq AND NEW.at = OLD.at
       AND NEW.channel IS NOT DISTINCT FROM OLD.channel AND NEW.type = OLD.type AND NEW.actor = OLD.actor
       AND NEW.channel_label IS NULL AND NEW.summary IS NULL THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'session_event is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;

-- Who asked for which erasure, when, and how many rows it changed per table: no personal data.
CREATE TABLE privacy_erasure (
    erasure_id   text        PRIMARY KEY,
    customer_id  text        NOT NULL,              -- the id the request named
    customer_ids jsonb       NOT NULL,              -- every customer of its merge chain that was erased
    requested_by text        NOT NULL,              -- the authenticated principal
    requested_at timestamptz NOT NULL,
    erased_at    timestamptz NOT NULL,              -- of the first erasure; a repeat says so
    row_counts   jsonb       NOT NULL
);

CREATE INDEX privacy_erasure_by_customer ON privacy_erasure (customer_id, requested_at);
