-- The outbox relay: a sequence that orders the events of one aggregate as they were committed,
-- the relay's queue index, and an index for pruning published events after their retention.
--
-- seq is taken when the row is inserted. The events of one case are written under that case's
-- row lock, held until commit, so for one aggregate seq order is commit order. Across aggregates
-- it is not (a lower seq may commit later), and the relay promises no order there.
ALTER TABLE outbox ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;

-- Events written before the relay existed had no subscriber to hear them: they count as
-- published when they were written (what a first relay run would do), and retention prunes them.
UPDATE outbox SET published_at = created_at WHERE published_at IS NULL;

-- The relay claims the oldest unpublished events first.
DROP INDEX outbox_unpublished;
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;

-- Retention deletes published events older than TANDEM_OUTBOX_RETENTION, oldest first.
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;
