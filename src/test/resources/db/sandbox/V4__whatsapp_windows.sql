-- The customer-service window Meta keeps per user: free-form messages only within 24 hours of the
-- user's last message to the business number. Kept here so a restarted sandbox still knows it.
CREATE TABLE sandbox.whatsapp_window (
    user_key        text        PRIMARY KEY,   -- E.164 number or business-scoped user id
    last_inbound_at timestamptz NOT NULL
);
