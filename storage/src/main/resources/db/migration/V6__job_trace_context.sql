-- Timeslice schema, version 6: a job keeps the trace context of the request that submitted it (a W3C
-- traceparent), so that the replica that claims and runs it continues that trace.
ALTER TABLE jobs ADD COLUMN trace_parent TEXT
    CHECK (trace_parent IS NULL OR length(trace_parent) <= 256);
