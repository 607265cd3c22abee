-- What each posted copy of a request's card shows: the request's version and updated_at when it was
-- drawn (a vote or Pax8's later status changes updated_at only; a clock can stand still between two
-- transitions). A copy left behind (the process stopped between a transition and the card update, a
-- platform that was down) is found by comparing it with the request, and drawn again.
ALTER TABLE request_messages ADD COLUMN shown_version integer;
ALTER TABLE request_messages ADD COLUMN shown_at timestamptz;
UPDATE request_messages m SET shown_version = r.version, shown_at = r.updated_at FROM approval_requests r WHERE r.id = m.request_id;
CREATE INDEX approval_requests_updated_idx ON approval_requests (updated_at);

-- Who posts a request's card in a platform's approvals channel: one row per request and platform,
-- taken before posting by a process (`claimed_by`, its instance id), so that a late post (after a
-- restart lost the first one) is made by one replica only, and a post that never finished can be
-- taken over once its claim is old, or at once when its process is known to be gone.
CREATE TABLE card_posts (
  request_id  uuid NOT NULL REFERENCES approval_requests (id),
  platform    text NOT NULL,
  claimed_at  timestamptz NOT NULL,
  claimed_by  text NOT NULL,
  PRIMARY KEY (request_id, platform)
);
