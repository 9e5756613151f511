package io.timeslice.api.error;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request the service refuses, with the HTTP status and the problem+json detail it answers with;
 * {@code properties} become extra members of the problem (e.g. a byte offset).
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final HttpStatus status;
  private final transient Map<String, Object> properties;

  /** A problem with {@code status} and {@code detail}. */
  public ApiException(HttpStatus status, String detail) {
    this(status, detail, Map.of());
  }

  /** A problem with {@code status}, {@code detail} and extra members. */
  public ApiException(HttpStatus status, String detail, Map<String, Object> properties) {
    super(detail, null, false, false);
    this.status = status;
    this.properties = Map.copyOf(properties);
  }

  /** 400: the request is not acceptable as it is. */
  public static ApiException badRequest(String detail) {
    return new ApiException(HttpStatus.BAD_REQUEST, detail);
  }

  /** 404: no such resource for this caller (also for another tenant's resources). */
  public static ApiException notFound(String detail) {
    return new ApiException(HttpStatus.NOT_FOUND, detail);
  }

  /** The HTTP status. */
  public HttpStatus status() {
    return status;
  }

  /** Extra problem members. */
  public Map<String, Object> properties() {
    return properties;
  }
}
