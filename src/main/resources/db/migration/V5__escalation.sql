-- The human escalation queue. Each record carries the context a person needs to take over
-- without asking the customer anything again: the session record, its recent events, and the
-- failing action with its error.

CREATE TABLE escalation (
    escalation_id text        PRIMARY KEY,
    customer_id   text        NOT NULL REFERENCES customer (customer_id),
    session_id    text        REFERENCES session (session_id),
    reason        text        NOT NULL,
    -- one escalation per case: a second trigger for the same case finds the first
    case_key      text        NOT NULL UNIQUE,
    status        text        NOT NULL CHECK (status IN ('open', 'claimed', 'resolved')),
    context       jsonb       NOT NULL,
    opened_at     timestamptz NOT NULL,
    claimed_by    text,
    claimed_at    timestamptz,
    resolved_by   text,
    resolved_at   timestamptz,
    resolution    text
);

CREATE INDEX escalation_by_status ON escalation (status, opened_at);
