-- The security audit trail (issue 12): every human action on the API (claim, reply, resolve, link,
-- merge, unmerge, erasure), every refused login or call, every refused ingress credential and
-- every change of who holds which role. Each row is also written as one ECS JSON line to the
-- `audit` logger for a SIEM. No personal data: ids, user names, paths and outcomes only.
CREATE TABLE audit_event (
    id          bigserial   PRIMARY KEY,
    at          timestamptz NOT NULL,
    action      text        NOT NULL,
    category    text        NOT NULL,   -- ECS event.category: authentication, iam, web, configuration
    outcome     text        NOT NULL CHECK (outcome IN ('success', 'failure', 'unknown')),
    actor       text,                   -- the user name, when the caller said one
    source_ip   text,
    target      text,                   -- an id: escalation, customer, merge, route
    reason      text,
    ecs         jsonb       NOT NULL    -- the line as the SIEM received it
);

CREATE INDEX audit_event_at ON audit_event (at);
CREATE INDEX audit_event_action ON audit_event (action, at);
