-- Display names of everyone who acted on a request (requester, voters, decider), keyed by lower-case
-- e-mail: the e-mail stays the identity the policy checks; cards and messages name people by name.
ALTER TABLE approval_requests ADD COLUMN people jsonb NOT NULL DEFAULT '{}'::jsonb;
