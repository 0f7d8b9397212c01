-- When an action first failed for want of its downstream system: the SLA clock of an outage.
ALTER TABLE action ADD COLUMN first_failed_at timestamptz;

CREATE INDEX action_failing ON action (first_failed_at) WHERE status = 'pending' AND first_failed_at IS NOT NULL;

-- A customer is told of an outage once per session and system; the row goes when the system
-- answers again, so a later outage is told again.
CREATE TABLE outage_notice (
    session_id  text        NOT NULL REFERENCES session (session_id),
    system      text        NOT NULL,
    notified_at timestamptz NOT NULL,
    PRIMARY KEY (session_id, system)
);
