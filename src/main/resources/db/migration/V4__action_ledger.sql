-- The action ledger: one row per state-changing call the hub makes (a WhatsApp send, an email,
-- a case upsert), keyed by an idempotency key derived from session + action + step, so a replay
-- recomputes the same key and finds the row instead of acting again.

CREATE TABLE action (
    idempotency_key     text        PRIMARY KEY,
    customer_id         text        NOT NULL REFERENCES customer (customer_id),
    session_id          text        REFERENCES session (session_id),
    tool                text        NOT NULL,
    step                text        NOT NULL,
    request             jsonb       NOT NULL,
    -- pending: due at next_attempt_at; in_flight: claimed by a dispatcher; succeeded / failed:
    -- final; unknown: the far side may or may not have acted, so it is reconciled, never re-sent
    status              text        NOT NULL CHECK (status IN ('pending', 'in_flight', 'succeeded', 'failed', 'unknown')),
    attempts            integer     NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz NOT NULL,
    claimed_until       timestamptz,
    last_error          text,
    response            jsonb,
    -- the far side's id of what was done: a wamid, a Message-ID, a case id
    provider_ref        text,
    -- what the channel later reported about it (sent, delivered, read, failed)
    delivery_status     text,
    delivery_updated_at timestamptz,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);

CREATE INDEX action_due ON action (next_attempt_at) WHERE status = 'pending';
CREATE INDEX action_claimed ON action (claimed_until) WHERE status = 'in_flight';
CREATE INDEX action_by_session ON action (session_id, created_at);
CREATE UNIQUE INDEX action_by_provider_ref ON action (tool, provider_ref) WHERE provider_ref IS NOT NULL;
