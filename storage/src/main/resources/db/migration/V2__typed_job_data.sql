-- Timeslice schema, version 2: typed job data. Arguments and results become bigint[] (the raw bits
-- the engine calls with) beside the Wasm types known at submit time, so that reading a job never
-- needs its module; WASI arguments become text[]; a failure gets its kind of its own, and the trap
-- code its own column only for traps (V1 stored "CODE: message" and split it on the first colon,
-- which made "internal error: ..." a trap with code "internal error"). Existing rows are converted.

-- Raw bits of a V1 JSON array of integers (numbers, or decimal strings for unsigned 64-bit values).
CREATE FUNCTION pg_temp.bits(j jsonb) RETURNS bigint[] LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg((CASE WHEN v > 9223372036854775807
                                    THEN v - 18446744073709551616 ELSE v END)::bigint ORDER BY n),
                    '{}')
    FROM jsonb_array_elements_text(j) WITH ORDINALITY AS e(t, n), LATERAL (SELECT t::numeric AS v) x
$$;

-- The parameter or result types ('params' or 'results') of a module's exported function, as the
-- upload stored them in module_blobs.exports, or null when the module does not export it.
CREATE FUNCTION pg_temp.signature(module bytea, entry text, part text) RETURNS text[]
    LANGUAGE sql STABLE AS $$
    SELECT ARRAY(SELECT jsonb_array_elements_text(e -> part))
    FROM module_blobs b, jsonb_array_elements(b.exports) e
    WHERE b.hash = module AND e ->> 'kind' = 'func' AND e ->> 'name' = entry
    LIMIT 1
$$;

ALTER TABLE jobs
    ADD COLUMN typed_arguments BIGINT[],
    ADD COLUMN argument_types  TEXT[],
    ADD COLUMN result_types    TEXT[],
    ADD COLUMN typed_results   BIGINT[],
    ADD COLUMN typed_wasi_args TEXT[],
    ADD COLUMN failure_kind    TEXT,
    ADD COLUMN failure_message TEXT;

UPDATE jobs SET typed_arguments = pg_temp.bits(arguments),
                typed_results   = CASE WHEN status = 'SUCCEEDED' AND entry_function IS NOT NULL
                                  AND exit_code IS NULL THEN pg_temp.bits(results) END,
                typed_wasi_args = ARRAY(SELECT jsonb_array_elements_text(wasi_args));

-- Types from the module's stored signature; where it does not fit (a module stored without one),
-- i64 for every value: the raw bits stay exact.
UPDATE jobs j SET
    argument_types = CASE
        WHEN j.entry_function IS NULL THEN '{}'
        WHEN cardinality(s.params) = cardinality(j.typed_arguments) THEN s.params
        ELSE array_fill('i64'::text, ARRAY[cardinality(j.typed_arguments)]) END,
    result_types = CASE
        WHEN j.entry_function IS NULL THEN '{}'
        WHEN j.typed_results IS NULL THEN coalesce(s.results, '{}')
        WHEN cardinality(s.results) = cardinality(j.typed_results) THEN s.results
        ELSE array_fill('i64'::text, ARRAY[cardinality(j.typed_results)]) END
FROM (SELECT id, pg_temp.signature(module_hash, entry_function, 'params') AS params,
             pg_temp.signature(module_hash, entry_function, 'results') AS results FROM jobs) s
WHERE s.id = j.id;

-- A V1 trap code was the engine's TrapCode name; anything else before the colon was not a trap.
UPDATE jobs SET
    failure_kind = CASE
        WHEN status = 'EXHAUSTED' THEN 'EXHAUSTED'
        WHEN status = 'TIMED_OUT' THEN 'TIMEOUT'
        WHEN status = 'CANCELLED' THEN 'CANCELLED'
        WHEN status <> 'FAILED' THEN NULL
        WHEN exit_code IS NOT NULL AND exit_code <> 0 THEN 'EXIT'
        WHEN trap_code IN ('UNREACHABLE', 'INTEGER_OVERFLOW', 'INTEGER_DIVIDE_BY_ZERO',
                           'INVALID_CONVERSION_TO_INTEGER', 'MEMORY_OUT_OF_BOUNDS',
                           'TABLE_OUT_OF_BOUNDS', 'UNDEFINED_ELEMENT', 'UNINITIALIZED_ELEMENT',
                           'INDIRECT_CALL_TYPE_MISMATCH', 'NULL_REFERENCE', 'CALL_STACK_EXHAUSTED',
                           'INVALID_IR', 'OUT_OF_FUEL', 'INTERRUPTED') THEN 'TRAP'
        WHEN trap_message LIKE 'internal error%' THEN 'INTERNAL'
        ELSE 'INSTANTIATION' END;

UPDATE jobs SET
    failure_message = CASE failure_kind
        WHEN 'TRAP' THEN substr(trap_message, length(trap_code) + 3)
        WHEN 'EXHAUSTED' THEN 'the fuel limit was reached'
        WHEN 'TIMEOUT' THEN 'the wall-clock limit was reached'
        WHEN 'CANCELLED' THEN 'cancelled'
        WHEN 'EXIT' THEN coalesce(trap_message, 'exited with code ' || exit_code)
        ELSE coalesce(trap_message, 'failed') END,
    trap_code = CASE WHEN failure_kind = 'TRAP' THEN trap_code END
WHERE failure_kind IS NOT NULL;
UPDATE jobs SET trap_code = NULL WHERE failure_kind IS NULL;

ALTER TABLE jobs
    DROP COLUMN arguments,
    DROP COLUMN results,
    DROP COLUMN wasi_args,
    DROP COLUMN trap_message;
ALTER TABLE jobs RENAME COLUMN typed_arguments TO arguments;
ALTER TABLE jobs RENAME COLUMN typed_results TO results;
ALTER TABLE jobs RENAME COLUMN typed_wasi_args TO wasi_args;
ALTER TABLE jobs
    ALTER COLUMN arguments SET DEFAULT '{}',
    ALTER COLUMN arguments SET NOT NULL,
    ALTER COLUMN argument_types SET DEFAULT '{}',
    ALTER COLUMN argument_types SET NOT NULL,
    ALTER COLUMN result_types SET DEFAULT '{}',
    ALTER COLUMN result_types SET NOT NULL,
    ALTER COLUMN wasi_args SET DEFAULT '{}',
    ALTER COLUMN wasi_args SET NOT NULL;

ALTER TABLE jobs
    ADD CONSTRAINT jobs_argument_types CHECK (
        cardinality(argument_types) = cardinality(arguments)
        AND argument_types <@ ARRAY['i32', 'i64', 'f32', 'f64', 'v128', 'funcref', 'externref']),
    ADD CONSTRAINT jobs_result_types CHECK (
        result_types <@ ARRAY['i32', 'i64', 'f32', 'f64', 'v128', 'funcref', 'externref']),
    -- Results only of a function that returned: a WASI command, an exit or a failure has none.
    ADD CONSTRAINT jobs_results CHECK (
        results IS NULL OR (status = 'SUCCEEDED' AND entry_function IS NOT NULL
                            AND cardinality(results) = cardinality(result_types))),
    ADD CONSTRAINT jobs_failure_kind CHECK (
        failure_kind IN ('TRAP', 'EXIT', 'LINK', 'INSTANTIATION', 'INTERNAL', 'EXHAUSTED', 'TIMEOUT',
                         'CANCELLED')),
    -- A failure exactly for the unsuccessful final states, and the kind that belongs to each.
    ADD CONSTRAINT jobs_failure_matches_status CHECK (
        (failure_kind IS NULL AND failure_message IS NULL
            AND status IN ('QUEUED', 'RUNNING', 'SUCCEEDED'))
        OR (failure_kind IS NOT NULL AND failure_message IS NOT NULL
            AND status = CASE failure_kind WHEN 'EXHAUSTED' THEN 'EXHAUSTED'
                                           WHEN 'TIMEOUT' THEN 'TIMED_OUT'
                                           WHEN 'CANCELLED' THEN 'CANCELLED'
                                           ELSE 'FAILED' END)),
    ADD CONSTRAINT jobs_trap_code CHECK ((failure_kind IS NOT DISTINCT FROM 'TRAP') = (trap_code IS NOT NULL));

ALTER TABLE job_events
    ADD CONSTRAINT job_events_status CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED',
                                                       'EXHAUSTED', 'CANCELLED', 'TIMED_OUT'));
