-- Who may hear of an outbox event besides staff (who hear of every event): the users of the
-- organisations listed, and the customer whose link opens the case named. Written by the module
-- that publishes the event, so the live stream and webhooks read it instead of re-deriving it.
-- Events written before it existed were heard by staff alone.
ALTER TABLE outbox ADD COLUMN audience jsonb NOT NULL DEFAULT '{}'::jsonb;
