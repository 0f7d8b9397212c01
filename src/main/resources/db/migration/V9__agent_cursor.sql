-- How far the agent has read each session: events up to agent_seq have had their turn. The
-- cursor moves in the same transaction as the plan the agent recorded for them, so every event
-- is decided on exactly once, across restarts and hub instances.
ALTER TABLE session ADD COLUMN agent_seq bigint NOT NULL DEFAULT 0;

-- Sessions from before the agent existed are not answered retroactively.
UPDATE session SET agent_seq = last_seq;

CREATE INDEX session_agent_behind ON session (updated_at) WHERE status = 'open' AND last_seq > agent_seq;
