package io.timeslice.api.jobs;

import io.timeslice.core.Caller;
import io.timeslice.core.jobs.JobEventView;
import io.timeslice.core.jobs.JobsService;
import java.io.IOException;
import java.time.Duration;
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
  private static final Duration POLL = Duration.ofMillis(100);
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
    long quietSince = System.nanoTime();
    long end = System.nanoTime() + LIMIT.toNanos();
    while (System.nanoTime() < end) {
      for (JobEventView e : jobs.events(job, last)) {
        out.send(SseEmitter.event().id(Long.toString(e.eventId())).name("status").data(e));
        last = e.eventId();
        quietSince = System.nanoTime();
        if (e.isLast()) {
          return;
        }
      }
      if (System.nanoTime() - quietSince > HEARTBEAT.toNanos()) {
        out.send(SseEmitter.event().comment("waiting"));
        quietSince = System.nanoTime();
      }
      Thread.sleep(POLL);
    }
  }
}
