-- Sessions waiting on a shipment. Carriers recycle tracking codes, so a scan finds its session
-- by carrier + tracking code among the watches of orders still under way, each watch being for
-- the one order the code was issued for; never by the code alone.

CREATE TABLE shipment_watch (
    watch_id      text        PRIMARY KEY,
    customer_id   text        NOT NULL REFERENCES customer (customer_id),
    session_id    text        REFERENCES session (session_id),
    order_id      text        NOT NULL,
    carrier       text        NOT NULL,
    tracking_code text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('watching', 'closed')),
    created_at    timestamptz NOT NULL,
    last_event_id text,
    last_status   text,
    last_event_at timestamptz
);

CREATE UNIQUE INDEX shipment_watch_one_per_order_code
    ON shipment_watch (carrier, tracking_code, order_id) WHERE status = 'watching';
CREATE INDEX shipment_watch_by_code ON shipment_watch (carrier, tracking_code) WHERE status = 'watching';
