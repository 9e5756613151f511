package io.timeslice.core;

import java.util.Map;

/**
 * A request the core refuses, with why ({@link Reason}, which the API maps to an HTTP status), a
 * detail for people, an optional title (e.g. "Invalid module") and extra facts (a byte offset, a
 * quota, how long to wait). No stack trace is kept: a refusal is an answer, not a failure.
 */
public final class Refused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a request is refused. */
  public enum Reason {
    /** The request is not acceptable as it is. */
    INVALID,
    /** The caller's credentials are not valid (any more). */
    UNAUTHENTICATED,
    /** The caller may not do this. */
    FORBIDDEN,
    /** No such resource for this caller (also another tenant's). */
    NOT_FOUND,
    /** It conflicts with what exists (a taken name). */
    CONFLICT,
    /** An idempotency key was used before for a different request. */
    KEY_REUSED,
    /** It is larger than allowed. */
    TOO_LARGE,
    /** A quota is reached; {@code retryAfterSeconds} says when to try again. */
    QUOTA,
    /** The job database cannot be reached; try again. */
    UNAVAILABLE
  }

  private final Reason reason;
  private final String title;
  private final transient Map<String, Object> facts;

  /** A refusal with its reason and detail. */
  public Refused(Reason reason, String detail) {
    this(reason, null, detail, Map.of());
  }

  /** A refusal with its reason, a title (or null), the detail and extra facts. */
  public Refused(Reason reason, String title, String detail, Map<String, Object> facts) {
    super(detail, null, false, false);
    this.reason = reason;
    this.title = title;
    this.facts = Map.copyOf(facts);
  }

  /** INVALID: the request is not acceptable as it is. */
  public static Refused invalid(String detail) {
    return new Refused(Reason.INVALID, detail);
  }

  /** NOT_FOUND: no such resource for this caller. */
  public static Refused notFound(String detail) {
    return new Refused(Reason.NOT_FOUND, detail);
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }

  /** A short title, or null for the reason's own. */
  public String title() {
    return title;
  }

  /** Extra facts for the answer. */
  public Map<String, Object> facts() {
    return facts;
  }
}
