package io.timeslice.api.error;

import io.timeslice.core.Refused;
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
 * Every error as RFC 9457 {@code application/problem+json}: the API's own refusals, the core's
 * (module errors with their byte offset, quotas with when to retry, outages); Spring's own errors
 * come through the base class. Nothing unexpected leaks a stack trace or an exception name: it is
 * logged and answered with a plain 500.
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

  /** The core's refusals, each with its status; a quota or an outage says when to retry. */
  @ExceptionHandler(Refused.class)
  ResponseEntity<ProblemDetail> refused(Refused e) {
    HttpStatus status =
        switch (e.reason()) {
          case INVALID -> HttpStatus.BAD_REQUEST;
          case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
          case FORBIDDEN -> HttpStatus.FORBIDDEN;
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case CONFLICT -> HttpStatus.CONFLICT;
          case KEY_REUSED -> HttpStatus.UNPROCESSABLE_CONTENT;
          case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
          case QUOTA -> HttpStatus.TOO_MANY_REQUESTS;
          case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    if (status == HttpStatus.SERVICE_UNAVAILABLE) {
      log.warn("storage unavailable: {}", e.getMessage());
    }
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
    if (e.title() != null) {
      problem.setTitle(e.title());
    }
    e.facts().forEach(problem::setProperty);
    ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
    if (e.facts().get("retryAfterSeconds") instanceof Long seconds) {
      response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    } else if (status == HttpStatus.SERVICE_UNAVAILABLE) {
      response.header(HttpHeaders.RETRY_AFTER, "5");
    } else if (status == HttpStatus.UNAUTHORIZED) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    return response.body(problem);
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
