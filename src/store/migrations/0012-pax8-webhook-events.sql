-- Pax8 webhook deliveries, recorded before they are answered: the key makes a retried delivery (or
-- the same delivery reaching two replicas) one row, and a row not yet processed when the process
-- died is processed after the restart. Processing is claimed with a lease, like scheduled_work.
CREATE TABLE pax8_webhook_events (
  id            bigserial PRIMARY KEY,
  delivery_key  text NOT NULL UNIQUE,
  account       text NOT NULL,
  topic         text NOT NULL,
  payload       jsonb NOT NULL,
  received_at   timestamptz NOT NULL,
  deliveries    integer NOT NULL DEFAULT 1,
  attempts      integer NOT NULL DEFAULT 0,
  locked_until  timestamptz,
  processed_at  timestamptz,
  outcome       text
);
CREATE INDEX pax8_webhook_events_open_idx ON pax8_webhook_events (received_at) WHERE processed_at IS NULL;
