package io.timeslice.api.error;

import io.timeslice.scheduler.durable.JobRejectedException;
import io.timeslice.scheduler.durable.QuotaExceededException;
import io.timeslice.storage.IdempotencyConflictException;
import io.timeslice.storage.StorageException;
import io.timeslice.wasm.InvalidModuleException;
import io.timeslice.wasm.MalformedModuleException;
import io.timeslice.wasm.MalformedTextException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 {@code application/problem+json}: the service's own refusals, the
 * engine's decode and validation errors (with their byte offset), storage conflicts and outages;
 * Spring's own errors come through the base class. Nothing unexpected leaks a stack trace or an
 * exception name: it is logged and answered with a plain 500.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
    e.properties().forEach(problem::setProperty);
    ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
    if (e.status() == HttpStatus.UNAUTHORIZED) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    return response.body(problem);
  }

  @ExceptionHandler(MalformedModuleException.class)
  ResponseEntity<ProblemDetail> malformed(MalformedModuleException e) {
    return module("Malformed module", e.getMessage(), e.offset());
  }

  @ExceptionHandler(MalformedTextException.class)
  ResponseEntity<ProblemDetail> malformedText(MalformedTextException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Malformed module text");
    problem.setProperty("line", e.line());
    problem.setProperty("column", e.column());
    return ResponseEntity.badRequest().body(problem);
  }

  @ExceptionHandler(InvalidModuleException.class)
  ResponseEntity<ProblemDetail> invalid(InvalidModuleException e) {
    return module("Invalid module", e.getMessage(), e.offset());
  }

  private static ResponseEntity<ProblemDetail> module(String title, String detail, long offset) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setTitle(title);
    problem.setProperty("offset", offset);
    return ResponseEntity.badRequest().body(problem);
  }

  @ExceptionHandler(IdempotencyConflictException.class)
  ResponseEntity<ProblemDetail> idempotency(IdempotencyConflictException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.UNPROCESSABLE_CONTENT,
            "the Idempotency-Key was already used for a different request");
    return ResponseEntity.unprocessableContent().body(problem);
  }

  @ExceptionHandler(QuotaExceededException.class)
  ResponseEntity<ProblemDetail> quota(QuotaExceededException e) {
    long seconds = Math.max(1, e.retryAfter().toSeconds());
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
    problem.setProperty("quota", e.quota());
    problem.setProperty("limit", e.limit());
    problem.setProperty("retryAfterSeconds", seconds);
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
        .body(problem);
  }

  @ExceptionHandler(JobRejectedException.class)
  ResponseEntity<ProblemDetail> rejected(JobRejectedException e) {
    return ResponseEntity.badRequest()
        .body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()));
  }

  @ExceptionHandler(StorageException.class)
  ResponseEntity<ProblemDetail> storage(StorageException e) {
    log.warn("storage unavailable: {}", e.getMessage());
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE, "the job database is unavailable; try again");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "5")
        .body(problem);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("unexpected error", e);
    return ResponseEntity.internalServerError()
        .body(
            ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "internal error; it has been logged"));
  }
}
