-- Timeslice schema, version 3: job changes are pushed. Every transition of a job appends to
-- job_events; this trigger turns each into a notification, so that replicas wake their claimers when
-- jobs are queued and their long-polls and event streams when a job changes, instead of polling.
-- Notifications are sent when the transaction commits (never for one rolled back), and identical
-- ones of a transaction are sent once: a batch of submits wakes the claimers once.

CREATE FUNCTION timeslice_notify_job_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('timeslice_job_changed', NEW.job_id::text);
    IF NEW.status = 'QUEUED' THEN
        PERFORM pg_notify('timeslice_jobs_queued', '');
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER job_events_notify AFTER INSERT ON job_events
    FOR EACH ROW EXECUTE FUNCTION timeslice_notify_job_event();
