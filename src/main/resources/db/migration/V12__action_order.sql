-- The order actions were queued in: a customer's messages go out in this order, even when one
-- of them is refused for now (a rate limit) and tried again. created_at cannot say it: the
-- replies of one turn share a timestamp.
ALTER TABLE action ADD COLUMN queued_seq bigserial;

CREATE INDEX action_unfinished_by_session ON action (session_id, tool, queued_seq)
    WHERE status IN ('pending', 'in_flight');
