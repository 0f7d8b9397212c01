-- The warehouse simulators: the orders seeded through POST /sandbox/customers (read by the SAP,
-- Manhattan and Blue Yonder shapes alike), the fulfillment exception queue, and the idempotency
-- keys of its writes.

CREATE TABLE sandbox.warehouse_order (
    order_id                text        PRIMARY KEY,
    customer_id             text        NOT NULL,
    warehouse               text        NOT NULL CHECK (warehouse IN ('sap', 'manhattan', 'blueyonder')),
    status                  text        NOT NULL CHECK (status IN ('processing', 'delayed', 'shipped', 'delivered')),
    delay_reason            text,
    carrier                 text,
    tracking_code           text,
    delivery_options        jsonb       NOT NULL DEFAULT '[]',
    requested_delivery_date date        NOT NULL,
    delivery_document       text        NOT NULL,   -- SAP's outbound delivery number, 8 digits
    seeded_at               timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL
);

CREATE INDEX warehouse_order_by_tracking_code ON sandbox.warehouse_order (tracking_code);
CREATE SEQUENCE sandbox.warehouse_delivery_document START WITH 80000001;

CREATE TABLE sandbox.fulfillment_exception (
    exception_id text        PRIMARY KEY,
    order_id     text        NOT NULL,
    type         text        NOT NULL,
    detail       text,
    resolution   text,
    status       text        NOT NULL CHECK (status IN ('open', 'withdrawn')),
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

CREATE INDEX fulfillment_exception_by_order ON sandbox.fulfillment_exception (order_id, created_at);

-- Stripe's idempotency: the first request under a key claims it (response_status null while it
-- runs); its status and body are then answered to every retry. claimed_at is the database's own
-- time, so a claim left by a crashed request can be taken over after a lease, whatever the hub's
-- adjustable clock says.
CREATE TABLE sandbox.idempotency_key (
    system          text        NOT NULL,
    idempotency_key text        NOT NULL,
    request_method  text        NOT NULL,
    request_path    text        NOT NULL,
    request_body    jsonb       NOT NULL,
    claimed_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    response_status integer,
    response_body   text,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (system, idempotency_key)
);
