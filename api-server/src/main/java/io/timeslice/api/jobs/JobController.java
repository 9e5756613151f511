package io.timeslice.api.jobs;

import io.timeslice.api.config.TimesliceProperties;
import io.timeslice.core.Caller;
import io.timeslice.core.jobs.Accepted;
import io.timeslice.core.jobs.ActivityMinute;
import io.timeslice.core.jobs.JobPage;
import io.timeslice.core.jobs.JobRequest;
import io.timeslice.core.jobs.JobView;
import io.timeslice.core.jobs.JobsService;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code /jobs}: submit (202 + Location), read, long-poll, page, cancel, stream one job's events or
 * all the tenant's, and the tenant's activity per minute.
 */
@RestController
@RequestMapping("/jobs")
class JobController {
  private final JobsService service;
  private final JobEventStream events;
  private final TimesliceProperties props;

  JobController(JobsService service, JobEventStream events, TimesliceProperties props) {
    this.service = service;
    this.events = events;
    this.props = props;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Accepted> submit(
      Caller caller,
      @RequestBody JobRequest request,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    Accepted accepted = service.submit(caller, request, idempotencyKey);
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .location(URI.create("/jobs/" + accepted.id()))
        .header(HttpHeaders.RETRY_AFTER, "1")
        .body(accepted);
  }

  @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter tenantEvents(
      Caller caller, @RequestHeader(name = "Last-Event-ID", required = false) Long lastEventId) {
    return events.openTenant(caller, lastEventId);
  }

  @GetMapping("/stats")
  Map<String, List<ActivityMinute>> stats(
      Caller caller, @RequestParam(defaultValue = "60") int minutes) {
    return Map.of("minutes", service.perMinute(caller, minutes));
  }

  @GetMapping("/{id}")
  JobView get(Caller caller, @PathVariable String id, @RequestParam(required = false) String wait)
      throws InterruptedException {
    return wait == null
        ? service.get(caller, id)
        : service.await(caller, id, WaitParameter.parse(wait, props.maxWait()));
  }

  @GetMapping
  JobPage list(
      Caller caller,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String cursor,
      @RequestParam(defaultValue = "20") int limit) {
    return service.list(caller, status, cursor, limit);
  }

  @PostMapping("/{id}/cancel")
  ResponseEntity<Accepted> cancel(Caller caller, @PathVariable String id) {
    return ResponseEntity.accepted().body(service.cancel(caller, id));
  }

  @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter events(
      Caller caller,
      @PathVariable String id,
      @RequestHeader(name = "Last-Event-ID", required = false) Long lastEventId) {
    return events.open(caller, id, lastEventId == null ? 0 : lastEventId);
  }
}
