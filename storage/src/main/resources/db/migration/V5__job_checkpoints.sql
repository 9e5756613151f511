-- Timeslice schema, version 5: checkpoints of running jobs (docs/checkpoint.md). A job has at most
-- one: a newer one replaces it, and it goes when the job ends. Its bytes count against the
-- tenant's checkpoint quota (max_checkpoint_bytes; NULL means the service's default).
CREATE TABLE job_checkpoints (
    job_id        UUID        PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    tenant_id     BIGINT      NOT NULL REFERENCES tenants (id),
    checkpoint    BYTEA       NOT NULL,
    size_bytes    BIGINT      NOT NULL CHECK (size_bytes >= 0),
    fuel_consumed BIGINT      NOT NULL CHECK (fuel_consumed >= 0),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX job_checkpoints_tenant ON job_checkpoints (tenant_id);

-- A finished job's checkpoint is of no use: it goes with the transition, whichever path ends it.
CREATE FUNCTION drop_finished_checkpoint() RETURNS trigger AS $$
BEGIN
    DELETE FROM job_checkpoints WHERE job_id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER jobs_drop_finished_checkpoint
    AFTER UPDATE OF status ON jobs
    FOR EACH ROW
    WHEN (NEW.status NOT IN ('QUEUED', 'RUNNING'))
    EXECUTE FUNCTION drop_finished_checkpoint();

-- How often a tenant's running jobs are checkpointed and how many bytes their checkpoints may take
-- together; NULL means the service's default.
ALTER TABLE tenants
    ADD COLUMN max_checkpoint_bytes        BIGINT CHECK (max_checkpoint_bytes >= 0),
    ADD COLUMN checkpoint_interval_seconds INTEGER CHECK (checkpoint_interval_seconds > 0),
    ADD COLUMN checkpoint_interval_fuel    BIGINT CHECK (checkpoint_interval_fuel > 0);

-- How many times a job went on from a checkpoint rather than from its start.
ALTER TABLE jobs ADD COLUMN resumed_from_checkpoint INTEGER NOT NULL DEFAULT 0
    CHECK (resumed_from_checkpoint >= 0);
