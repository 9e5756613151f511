package io.timeslice.api.jobs;

import io.timeslice.core.Caller;
import io.timeslice.core.jobs.JobEventView;
import io.timeslice.core.jobs.JobsService;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Job state changes as server-sent events, of one job or of all a tenant's jobs (for a live list).
 * One job's stream: one {@code status} event per transition (its id the event's id, so {@code
 * Last-Event-ID} resumes), then the stream ends after the final state. The events come from the job
 * database, so any replica can stream any job.
 */
@Component
class JobEventStream {
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final Duration LIMIT = Duration.ofMinutes(30);

  private final JobsService jobs;

  JobEventStream(JobsService jobs) {
    this.jobs = jobs;
  }

  SseEmitter open(Caller caller, String id, long afterId) {
    // Checks access (404) once, before the response is committed to an event stream.
    UUID job = jobs.jobId(caller, id);
    return emit("sse-" + id, afterId, (after, wait) -> jobs.awaitEvents(job, after, wait), true);
  }

  /**
   * The changes of all the caller's jobs, from event {@code lastEventId} on (null: from now on),
   * until the stream's time limit; a client reconnects with {@code Last-Event-ID}.
   */
  SseEmitter openTenant(Caller caller, Long lastEventId) {
    caller.requireTenant();
    long from = lastEventId == null ? jobs.lastEventId() : lastEventId;
    return emit(
        "sse-tenant-" + caller.tenantId(),
        from,
        (after, wait) -> jobs.awaitTenantEvents(caller, after, wait),
        false);
  }

  /** The events after an event id, as soon as there are some, or none once the wait passed. */
  @FunctionalInterface
  private interface Changes {
    List<JobEventView> await(long afterId, Duration wait) throws InterruptedException;
  }

  /**
   * Streams {@code changes} from {@code afterId} on a thread of its own until the time limit, or
   * until a job's final state when {@code endsWithJob}.
   */
  private static SseEmitter emit(String name, long afterId, Changes changes, boolean endsWithJob) {
    SseEmitter emitter = new SseEmitter(LIMIT.toMillis());
    Thread.ofVirtual()
        .name(name)
        .start(
            () -> {
              try {
                stream(afterId, changes, endsWithJob, emitter);
                emitter.complete();
              } catch (IOException | RuntimeException e) {
                emitter.completeWithError(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                emitter.complete();
              }
            });
    return emitter;
  }

  private static void stream(long afterId, Changes changes, boolean endsWithJob, SseEmitter out)
      throws IOException, InterruptedException {
    long last = afterId;
    long end = System.nanoTime() + LIMIT.toNanos();
    // An opening comment commits the response, so that the client sees the stream open at once.
    out.send(SseEmitter.event().comment("open"));
    while (System.nanoTime() < end) {
      // Returns as soon as there are changes (pushed), or empty after the heartbeat interval.
      List<JobEventView> next = changes.await(last, HEARTBEAT);
      if (next.isEmpty()) {
        out.send(SseEmitter.event().comment("waiting"));
      }
      for (JobEventView e : next) {
        out.send(SseEmitter.event().id(Long.toString(e.eventId())).name("status").data(e));
        last = e.eventId();
        if (endsWithJob && e.isLast()) {
          return;
        }
      }
    }
  }
}
