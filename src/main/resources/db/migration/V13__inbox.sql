-- The WhatsApp webhook's inbox: a message is durable and de-duplicated here, in one statement,
-- before Meta gets its 200; the intake then resolves its sender and appends it to their session
-- (DESIGN.md §3.2: processing after the ack is asynchronous). Accepted rows stay, without their
-- text, as the record that the message id was seen: a redelivery is a duplicate however late.
CREATE TABLE inbox (
    seq                 bigserial   PRIMARY KEY,
    ingress             text        NOT NULL,
    provider_message_id text        NOT NULL,
    -- one sender's messages are accepted in the order they were kept
    sender_key          text        NOT NULL,
    interaction         jsonb,
    status              text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'parked')),
    attempts            integer     NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz,            -- null: due now; set by a failed try's backoff
    last_error          text,
    received_at         timestamptz NOT NULL,
    settled_at          timestamptz,
    CONSTRAINT inbox_once_per_provider_message UNIQUE (ingress, provider_message_id)
);

CREATE INDEX inbox_due ON inbox (seq) WHERE status = 'pending';
CREATE INDEX inbox_pending_by_sender ON inbox (sender_key, seq) WHERE status = 'pending';
