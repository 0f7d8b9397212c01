-- Carrier scans that matched no watched shipment when they came (the booking still in flight, the
-- order not known yet): kept, and delivered to the session when a watch for that carrier and code
-- starts. Never acknowledged and forgotten.
CREATE TABLE carrier_scan_unmatched (
    event_id               text        PRIMARY KEY,
    carrier                text        NOT NULL,
    tracking_code          text        NOT NULL,
    previous_tracking_code text,
    status                 text        NOT NULL,
    created_at             timestamptz NOT NULL,
    estimated_delivery     text,
    detail                 jsonb       NOT NULL DEFAULT '{}',
    received_at            timestamptz NOT NULL,
    matched_at             timestamptz,
    matched_watch_id       text
);

CREATE INDEX carrier_scan_unmatched_waiting ON carrier_scan_unmatched (carrier, tracking_code) WHERE matched_at IS NULL;
CREATE INDEX carrier_scan_unmatched_waiting_previous ON carrier_scan_unmatched (carrier, previous_tracking_code)
    WHERE matched_at IS NULL;
