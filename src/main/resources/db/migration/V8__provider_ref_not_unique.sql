-- A provider ref identifies what the far side did, but it is unique only for some tools (a wamid,
-- a Message-ID): several reads of one order all carry that order's id. The index stays for
-- finding a send by its receipt, without the uniqueness.
DROP INDEX action_by_provider_ref;
CREATE INDEX action_by_provider_ref ON action (tool, provider_ref) WHERE provider_ref IS NOT NULL;
