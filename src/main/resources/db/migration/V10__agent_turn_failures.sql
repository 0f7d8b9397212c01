-- A turn the agent could not take (its transaction rolled back): tried again with backoff a
-- bounded number of times, then the event is parked, so the session's later events still get
-- their turns and nothing loops. One row per session and event; parked rows stay as the record.
CREATE TABLE agent_turn_failure (
    session_id text        NOT NULL REFERENCES session (session_id),
    seq        bigint      NOT NULL,
    attempts   int         NOT NULL,
    next_at    timestamptz NOT NULL,
    last_error text        NOT NULL,
    parked     boolean     NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (session_id, seq)
);

CREATE INDEX agent_turn_failure_waiting ON agent_turn_failure (session_id, next_at) WHERE NOT parked;
