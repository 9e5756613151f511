-- Timeslice schema, version 4: retention. A tenant's finished jobs (their events and output with
-- them) are deleted this many days after they ended; NULL means the service's default.
ALTER TABLE tenants ADD COLUMN retention_days INTEGER CHECK (retention_days BETWEEN 1 AND 36500);
