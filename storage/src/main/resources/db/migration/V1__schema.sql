-- Timeslice schema, version 1. Flyway applies it to an empty database; later changes are new
-- versions, never edits of this file.

-- Tenants and their quotas. A NULL quota means the service's global default.
CREATE TABLE tenants (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             TEXT        NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    weight           INTEGER     NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 10000),
    max_queued_jobs  INTEGER CHECK (max_queued_jobs > 0),
    max_running_jobs INTEGER CHECK (max_running_jobs > 0),
    max_fuel_per_job BIGINT CHECK (max_fuel_per_job > 0),
    max_memory_bytes BIGINT CHECK (max_memory_bytes > 0),
    max_output_bytes INTEGER CHECK (max_output_bytes > 0),
    max_module_bytes INTEGER CHECK (max_module_bytes > 0),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- API keys: only the SHA-256 of a key is stored; the key itself is shown once.
CREATE TABLE api_keys (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id  BIGINT      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    key_hash   BYTEA       NOT NULL UNIQUE CHECK (octet_length(key_hash) = 32),
    key_prefix TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at TIMESTAMPTZ
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

-- Module bytes, stored once per content hash however many tenants upload them.
CREATE TABLE module_blobs (
    hash       BYTEA PRIMARY KEY CHECK (octet_length(hash) = 32),
    bytes      BYTEA       NOT NULL,
    size_bytes INTEGER     NOT NULL CHECK (size_bytes = octet_length(bytes)),
    imports    JSONB       NOT NULL,
    exports    JSONB       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Which tenant owns which module: a tenant sees only the modules it uploaded.
CREATE TABLE tenant_modules (
    tenant_id   BIGINT      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    module_hash BYTEA       NOT NULL REFERENCES module_blobs (hash),
    uploaded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, module_hash)
);
CREATE INDEX tenant_modules_module ON tenant_modules (module_hash);

-- Translated IR, the module cache's second level, per engine/IR version.
CREATE TABLE compiled_artifacts (
    module_hash      BYTEA       NOT NULL REFERENCES module_blobs (hash) ON DELETE CASCADE,
    engine_version   TEXT        NOT NULL,
    ir               BYTEA       NOT NULL,
    translate_micros BIGINT      NOT NULL CHECK (translate_micros >= 0),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (module_hash, engine_version)
);

-- Jobs. Ids are time-ordered UUIDs (version 7): id order is submission order, which cursor
-- pagination and FIFO within a priority use. Output is stored as bytes, so invalid UTF-8 from a
-- program can never corrupt a row.
CREATE TABLE jobs (
    id                    UUID PRIMARY KEY,
    tenant_id             BIGINT      NOT NULL REFERENCES tenants (id),
    module_hash           BYTEA       NOT NULL REFERENCES module_blobs (hash),
    entry_function        TEXT,
    arguments             JSONB       NOT NULL DEFAULT '[]',
    wasi_args             JSONB       NOT NULL DEFAULT '[]',
    wasi_env              JSONB       NOT NULL DEFAULT '{}',
    stdin                 BYTEA,
    fuel_limit            BIGINT      NOT NULL CHECK (fuel_limit > 0),
    fuel_schedule_version INTEGER     NOT NULL,
    priority              INTEGER     NOT NULL DEFAULT 0,
    idempotency_key       TEXT CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    request_hash          BYTEA,
    status                TEXT        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED',
                                                                 'FAILED', 'EXHAUSTED', 'CANCELLED',
                                                                 'TIMED_OUT')),
    cancel_requested      BOOLEAN     NOT NULL DEFAULT false,
    results               JSONB,
    exit_code             INTEGER,
    trap_code             TEXT,
    trap_message          TEXT,
    stdout                BYTEA,
    stderr                BYTEA,
    stdout_truncated      BOOLEAN     NOT NULL DEFAULT false,
    stderr_truncated      BOOLEAN     NOT NULL DEFAULT false,
    fuel_consumed         BIGINT      NOT NULL DEFAULT 0 CHECK (fuel_consumed >= 0),
    slices                INTEGER     NOT NULL DEFAULT 0 CHECK (slices >= 0),
    attempts              INTEGER     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    submitted_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at            TIMESTAMPTZ,
    finished_at           TIMESTAMPTZ,
    lease_owner           TEXT,
    lease_expires_at      TIMESTAMPTZ
);
-- Idempotent submit: one job per (tenant, key).
CREATE UNIQUE INDEX jobs_idempotency ON jobs (tenant_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
-- Claiming: runnable jobs by priority, then submission order.
CREATE INDEX jobs_runnable ON jobs (priority DESC, id) WHERE status = 'QUEUED';
-- Reclaiming: running jobs by lease expiry.
CREATE INDEX jobs_leases ON jobs (lease_expires_at) WHERE status = 'RUNNING';
-- Listing a tenant's jobs, newest first, with a status filter.
CREATE INDEX jobs_tenant ON jobs (tenant_id, id DESC);
CREATE INDEX jobs_tenant_status ON jobs (tenant_id, status, id DESC);
-- Purging finished jobs after the retention period.
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;

-- State transitions of every job, for history and event streams.
CREATE TABLE job_events (
    id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id UUID        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    status TEXT        NOT NULL,
    detail JSONB,
    at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX job_events_job ON job_events (job_id, id);
