-- Identity graph: customers and the channel handles that identify them.
-- A handle belongs to one customer only; phone and WhatsApp handles of one number share a
-- match_key so that a voice call from a number finds the customer who verified it on WhatsApp.

CREATE TABLE customer (
    customer_id  text        PRIMARY KEY,
    display_name text,
    time_zone    text,
    provisional  boolean     NOT NULL,
    -- match_key of the handle a provisional customer first wrote from: the next contact from
    -- that handle is the same unknown person, not a new one
    origin_key   text,
    merged_into  text        REFERENCES customer (customer_id),
    source       text        NOT NULL,
    created_at   timestamptz NOT NULL,
    CONSTRAINT customer_not_merged_into_itself CHECK (merged_into IS NULL OR merged_into <> customer_id)
);

CREATE UNIQUE INDEX customer_one_provisional_per_origin
    ON customer (origin_key) WHERE provisional AND merged_into IS NULL AND origin_key IS NOT NULL;

CREATE TABLE customer_handle (
    handle_id   bigserial   PRIMARY KEY,
    customer_id text        NOT NULL REFERENCES customer (customer_id),
    channel     text        NOT NULL,
    value       text        NOT NULL,
    match_key   text        NOT NULL,
    verified    boolean     NOT NULL,
    -- a handle several people use (a household landline): never enough to resolve anyone
    shared      boolean     NOT NULL DEFAULT false,
    source      text        NOT NULL,
    created_at  timestamptz NOT NULL,
    CONSTRAINT customer_handle_belongs_to_one_customer UNIQUE (channel, value)
);

CREATE INDEX customer_handle_by_match_key ON customer_handle (match_key);
CREATE INDEX customer_handle_by_customer ON customer_handle (customer_id);

-- Merges are reversible: the record keeps what moved so that an unmerge restores both sides.
CREATE TABLE customer_merge (
    merge_id           text        PRIMARY KEY,
    source_customer_id text        NOT NULL REFERENCES customer (customer_id),
    target_customer_id text        NOT NULL REFERENCES customer (customer_id),
    moved_handles      jsonb       NOT NULL DEFAULT '[]',
    reason             text,
    merged_by          text        NOT NULL,
    merged_at          timestamptz NOT NULL,
    unmerged_by        text,
    unmerged_at        timestamptz
);

CREATE UNIQUE INDEX customer_merge_one_active_per_source
    ON customer_merge (source_customer_id) WHERE unmerged_at IS NULL;

-- Every change to the identity graph, who made it and why.
CREATE TABLE identity_audit (
    audit_id          bigserial   PRIMARY KEY,
    at                timestamptz NOT NULL,
    actor             text        NOT NULL,
    action            text        NOT NULL,
    customer_id       text        NOT NULL,
    other_customer_id text,
    detail            jsonb       NOT NULL DEFAULT '{}'
);

CREATE INDEX identity_audit_by_customer ON identity_audit (customer_id, at);
