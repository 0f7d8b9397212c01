-- The sandbox's own schema: what the simulated external systems did, kept apart from the hub's
-- tables (and with its own Flyway history, sandbox.flyway_schema_history), so a production start
-- on the same database never sees these migrations.

CREATE SCHEMA IF NOT EXISTS sandbox;

-- Every message the WhatsApp Cloud API simulator accepted from the hub.
CREATE TABLE sandbox.whatsapp_sent (
    wamid           text        PRIMARY KEY,
    -- arrival order: sent_at comes from the adjustable clock, which tests and demos move
    seq             bigint      GENERATED ALWAYS AS IDENTITY,
    phone_number_id text        NOT NULL,
    recipient       text        NOT NULL,   -- E.164 with '+'
    message_type    text        NOT NULL,
    body            jsonb       NOT NULL,   -- the whole request, as the hub sent it
    text            text,                   -- text.body of a text message
    sent_at         timestamptz NOT NULL
);

CREATE UNIQUE INDEX whatsapp_sent_by_seq ON sandbox.whatsapp_sent (seq);
CREATE INDEX whatsapp_sent_by_recipient ON sandbox.whatsapp_sent (recipient, seq);

-- Side effects every simulator applied, per idempotency key: the place where "no duplicate
-- side effect" is checked. Systems with a key of their own (Salesforce's external id, an
-- Idempotency-Key header) count repeats here; WhatsApp has none, so each wamid is one row.
CREATE TABLE sandbox.side_effect (
    system          text        NOT NULL,
    idempotency_key text        NOT NULL,
    count           integer     NOT NULL,
    first_at        timestamptz NOT NULL,
    last_at         timestamptz NOT NULL,
    PRIMARY KEY (system, idempotency_key)
);
