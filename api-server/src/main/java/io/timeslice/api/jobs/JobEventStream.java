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
 * A job's state changes as server-sent events: one {@code status} event per transition (its id the
 * event's id, so {@code Last-Event-ID} resumes), then the stream ends after the final state. The
 * events come from the job database, so any replica can stream any job.
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
    SseEmitter emitter = new SseEmitter(LIMIT.toMillis());
    Thread.ofVirtual()
        .name("sse-" + id)
        .start(
            () -> {
              try {
                stream(job, afterId, emitter);
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

  private void stream(UUID job, long afterId, SseEmitter out)
      throws IOException, InterruptedException {
    long last = afterId;
    long end = System.nanoTime() + LIMIT.toNanos();
    while (System.nanoTime() < end) {
      // Returns as soon as the job changes (pushed), or empty after the heartbeat interval.
      List<JobEventView> changes = jobs.awaitEvents(job, last, HEARTBEAT);
      if (changes.isEmpty()) {
        out.send(SseEmitter.event().comment("waiting"));
      }
      for (JobEventView e : changes) {
        out.send(SseEmitter.event().id(Long.toString(e.eventId())).name("status").data(e));
        last = e.eventId();
        if (e.isLast()) {
          return;
        }
      }
    }
  }
}
