-- Approval requests: one row per requested Pax8 change. Every state change is a compare-and-set on
-- (state, version), so double clicks, retries and replicas cannot move a request twice.
CREATE TABLE approval_requests (
  id               uuid PRIMARY KEY,
  kind             text NOT NULL,
  payload          jsonb NOT NULL,
  summary          text NOT NULL,
  state            text NOT NULL CHECK (state IN ('pending', 'approved', 'scheduled', 'executing', 'succeeded', 'failed', 'unknown', 'denied', 'expired', 'cancelled')),
  version          integer NOT NULL DEFAULT 1,
  requester_email  text NOT NULL,
  requester        jsonb NOT NULL,
  channel          jsonb,
  monthly_cost_delta double precision NOT NULL DEFAULT 0,
  idempotency_key  text UNIQUE,
  at_renewal       boolean NOT NULL DEFAULT false,
  auto_approved    boolean NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  expires_at       timestamptz NOT NULL,
  run_at           timestamptz,
  window_end       timestamptz,
  executing_since  timestamptz,
  executor         text,
  decided_by       text,
  decided_at       timestamptz,
  reason           text,
  pax8_ids         jsonb NOT NULL DEFAULT '[]',
  result           jsonb
);
CREATE INDEX approval_requests_state_idx ON approval_requests (state, updated_at);
CREATE INDEX approval_requests_requester_idx ON approval_requests (requester_email, created_at);

-- One vote per person per request: the unique key is what makes "same approver twice" impossible.
CREATE TABLE approval_votes (
  request_id   uuid NOT NULL REFERENCES approval_requests (id),
  voter_email  text NOT NULL,
  decision     text NOT NULL CHECK (decision IN ('approve', 'deny')),
  role         text NOT NULL,
  platform     text,
  reason       text,
  cast_at      timestamptz NOT NULL,
  PRIMARY KEY (request_id, voter_email)
);

-- Append-only: rows are inserted, never updated or deleted (see the trigger below).
CREATE TABLE audit_log (
  seq          bigserial PRIMARY KEY,
  request_id   uuid,
  at           timestamptz NOT NULL,
  action       text NOT NULL,
  actor_email  text,
  role         text,
  platform     text,
  channel      text,
  reason       text,
  from_state   text,
  to_state     text,
  pax8_ids     jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX audit_log_at_idx ON audit_log (at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Every chat message that shows a request, so every copy of the card can be updated.
CREATE TABLE request_messages (
  request_id      uuid NOT NULL REFERENCES approval_requests (id),
  platform        text NOT NULL,
  conversation_id text NOT NULL,
  message_id      text NOT NULL,
  posted_at       timestamptz NOT NULL,
  PRIMARY KEY (platform, conversation_id, message_id)
);
CREATE INDEX request_messages_request_idx ON request_messages (request_id);

-- Where the bot can post proactively (a Teams ConversationReference, a Slack channel).
CREATE TABLE conversation_refs (
  platform   text NOT NULL,
  key        text NOT NULL,
  reference  jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (platform, key)
);

-- Due work (expiry, reminders, renewal-window executions), claimed with FOR UPDATE SKIP LOCKED.
CREATE TABLE scheduled_work (
  id           bigserial PRIMARY KEY,
  kind         text NOT NULL,
  request_id   uuid NOT NULL,
  run_at       timestamptz NOT NULL,
  locked_until timestamptz,
  done_at      timestamptz,
  UNIQUE (kind, request_id)
);
CREATE INDEX scheduled_work_due_idx ON scheduled_work (run_at) WHERE done_at IS NULL;

-- Chat channel -> Pax8 company (the default company for commands in that channel).
CREATE TABLE channel_companies (
  channel      text PRIMARY KEY,
  company_id   text NOT NULL,
  company_name text,
  updated_at   timestamptz NOT NULL
);

-- Every Pax8 write attempted, recorded before it is sent; outcome filled in afterwards.
CREATE TABLE pax8_writes (
  attempt_id   uuid PRIMARY KEY,
  request_id   uuid NOT NULL REFERENCES approval_requests (id),
  operation    text NOT NULL,
  sent         jsonb NOT NULL,
  sent_at      timestamptz NOT NULL,
  outcome      text NOT NULL CHECK (outcome IN ('sending', 'ok', 'refused', 'unknown')),
  response     jsonb,
  error        text,
  finished_at  timestamptz
);
CREATE INDEX pax8_writes_request_idx ON pax8_writes (request_id);
