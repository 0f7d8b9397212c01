-- Accept stage: the idempotent-consumer repository shared by every ingress, and the durable
-- record of each accepted interaction.

-- Camel's default CAMEL_MESSAGEPROCESSED table has no key, so two concurrent inserts of one id
-- both succeed; this one has a primary key and is written with ON CONFLICT DO NOTHING.
CREATE TABLE inbound_message_id (
    processor_name text        NOT NULL,
    message_id     text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (processor_name, message_id)
);

CREATE TABLE interaction (
    interaction_id      text        PRIMARY KEY,
    ingress             text        NOT NULL,
    provider_message_id text        NOT NULL,
    channel             text        NOT NULL,
    handle_type         text        NOT NULL,
    handle_value        text        NOT NULL,
    occurred_at         timestamptz NOT NULL,
    received_at         timestamptz NOT NULL,
    text                text,
    attributes          jsonb       NOT NULL DEFAULT '{}',
    customer_id         text        REFERENCES customer (customer_id),
    session_id          text        REFERENCES session (session_id),
    event_seq           bigint,
    CONSTRAINT interaction_once_per_provider_message UNIQUE (ingress, provider_message_id)
);
