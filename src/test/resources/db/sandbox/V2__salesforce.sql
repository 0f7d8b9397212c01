-- The Salesforce simulator: Case records and the OAuth access tokens it issued.

-- No unique constraint on hub_key: a real org can hold two records with one external id value
-- (upsert then answers 300), and POST /sandbox/salesforce/duplicate-case makes that happen.
-- Upserts of one key are serialised with an advisory lock instead.
CREATE TABLE sandbox.salesforce_case (
    id          text        PRIMARY KEY,            -- 18-character Salesforce id, 500…
    case_number bigint      GENERATED ALWAYS AS IDENTITY (START WITH 1001),
    hub_key     text        NOT NULL,               -- Hub_Key__c, the hub's external id
    fields      jsonb       NOT NULL,               -- every other field as last written
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE INDEX salesforce_case_by_hub_key ON sandbox.salesforce_case (hub_key, created_at);

-- Tokens survive a restart of the sandbox, as a real org's sessions do; expire-tokens deletes them.
CREATE TABLE sandbox.salesforce_token (
    access_token text        PRIMARY KEY,
    issued_at    timestamptz NOT NULL
);
