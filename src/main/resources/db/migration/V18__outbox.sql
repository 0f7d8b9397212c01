-- The transactional outbox of hub.bus=kafka (DESIGN.md §3.11): a message for a topic is written in
-- the same transaction as the change it announces (a session event, an escalation), so the topic
-- gets it exactly when the change committed, however the hub or the broker fail. The relay sends
-- the rows in id order, one relay at a time, and deletes what the broker acknowledged: at least
-- once; consumers de-duplicate by the message's eventId. Empty when hub.bus=local.
CREATE TABLE outbox (
    id          bigserial   PRIMARY KEY,
    topic       text        NOT NULL,
    message_key text        NOT NULL,   -- the resolved customer id: one customer, one partition, in order
    customer_id text,                   -- for erasure (the key may be a survivor's id)
    message     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL
);
