-- One open session per customer, keyed by customer id (never by channel handle), with an
-- append-only event sequence.

CREATE TABLE session (
    session_id          text        PRIMARY KEY,
    customer_id         text        NOT NULL REFERENCES customer (customer_id),
    -- open: the customer's current session; absorbed: the session of a customer merged into
    -- another, read as part of the survivor's history until an unmerge; closed: expired or ended
    status              text        NOT NULL CHECK (status IN ('open', 'absorbed', 'closed')),
    channels            jsonb       NOT NULL DEFAULT '[]',
    issue               text,
    state               text        NOT NULL,
    last_action         text,
    next_action         text,
    version             bigint      NOT NULL,
    last_seq            bigint      NOT NULL DEFAULT 0,
    opened_at           timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    closed_at           timestamptz,
    close_reason        text,
    previous_session_id text        REFERENCES session (session_id),
    carried_summary     jsonb,
    absorbed_into       text        REFERENCES session (session_id)
);

CREATE UNIQUE INDEX session_one_open_per_customer ON session (customer_id) WHERE status = 'open';
CREATE INDEX session_open_by_expiry ON session (expires_at) WHERE status = 'open';
CREATE INDEX session_by_absorber ON session (absorbed_into) WHERE absorbed_into IS NOT NULL;

CREATE TABLE session_event (
    session_id text        NOT NULL REFERENCES session (session_id),
    seq        bigint      NOT NULL,
    at         timestamptz NOT NULL,
    channel    text,
    -- channel and handle as the session's channel list shows them, e.g. whatsapp:+447700900123
    channel_label text,
    type       text        NOT NULL,
    actor      text        NOT NULL,
    summary    text,
    payload    jsonb       NOT NULL DEFAULT '{}',
    PRIMARY KEY (session_id, seq)
);

-- The event log is append-only: an UPDATE or DELETE of an event is a bug, and the database says so.
CREATE FUNCTION session_event_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'session_event is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER session_event_append_only
    BEFORE UPDATE OR DELETE ON session_event
    FOR EACH ROW EXECUTE FUNCTION session_event_is_append_only();
