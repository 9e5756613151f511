package io.timeslice.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

/**
 * A client of the Timeslice service's REST API (docs/api.md): tenants and keys (with the admin
 * token or a tenant's key), modules, jobs, long-polls and event streams, with typed requests and
 * answers. Every refusal is a {@link TimesliceException} carrying the service's RFC 9457 problem;
 * transient failures are retried by the {@link RetryPolicy}, and a submit carries an {@code
 * Idempotency-Key} so that its retries never make two jobs. Thread-safe.
 */
public final class TimesliceClient implements AutoCloseable {
  /** The longest single long-poll; the service caps {@code ?wait=} at its max-wait (60 s). */
  static final Duration LONG_POLL = Duration.ofSeconds(30);

  private final HttpClient http;
  private final boolean ownsHttp;
  private final Transport transport;
  private final RetryPolicy retry;
  private final Duration timeout;

  private TimesliceClient(Builder b) {
    this.ownsHttp = b.http == null;
    this.http =
        b.http != null
            ? b.http
            : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .build();
    URI base = b.base.toString().endsWith("/") ? b.base : URI.create(b.base + "/");
    this.transport = new Transport(http, base, b.token, b.retry);
    this.retry = b.retry;
    this.timeout = b.timeout;
  }

  /** A client of the service at {@code base}, e.g. {@code http://localhost:8080}. */
  public static Builder builder(URI base) {
    return new Builder(base);
  }

  // ---- tenants and keys ----

  /** Creates a tenant (admin token); the answer carries its first API key, shown this once. */
  public Tenant createTenant(TenantSpec spec) {
    return read(post("tenants", spec, false), Tenant.class);
  }

  /** Every tenant (admin token). */
  public List<Tenant> listTenants() {
    return read(get("tenants"), new TypeReference<List<Tenant>>() {});
  }

  /** One tenant (admin token, or the tenant's own key). */
  public Tenant getTenant(long id) {
    return read(get("tenants/" + id), Tenant.class);
  }

  /**
   * Changes a tenant's weight, quotas or retention (admin token); null members stay as they are.
   */
  public Tenant updateTenant(long id, TenantSpec changes) {
    return read(call("PATCH", "tenants/" + id, changes, Map.of(), true), Tenant.class);
  }

  /** A new, additional API key for tenant {@code tenantId}. */
  public ApiKey createKey(long tenantId) {
    return read(post("tenants/" + tenantId + "/api-keys", null, false), ApiKey.class);
  }

  /** A new key for the calling tenant; the key this client calls with stops working at once. */
  public ApiKey rotateKey(long tenantId) {
    return read(post("tenants/" + tenantId + "/api-keys/rotate", null, false), ApiKey.class);
  }

  /** Revokes key {@code keyId} of tenant {@code tenantId}. */
  public void revokeKey(long tenantId, long keyId) {
    transport.bytes(plain("DELETE", "tenants/" + tenantId + "/api-keys/" + keyId, true));
  }

  // ---- modules ----

  /**
   * Uploads a module as bytes: a binary, or text (the service recognises the text format by its
   * first non-blank byte). Uploading a module the tenant has already is harmless: same id.
   */
  public ModuleInfo uploadModule(byte[] module) {
    return upload(module, "application/wasm");
  }

  /** Uploads a module in the text format ({@code .wat}). */
  public ModuleInfo uploadModuleText(String wat) {
    return upload(wat.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
  }

  /** Uploads the module in {@code file}: a {@code .wat} as text, anything else as a binary. */
  public ModuleInfo uploadModule(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    boolean text =
        file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".wat");
    return upload(bytes, text ? "text/plain; charset=utf-8" : "application/wasm");
  }

  private ModuleInfo upload(byte[] body, String type) {
    // Modules are content-addressed: a second upload of the same bytes is the same module.
    return read(
        transport.bytes(new Transport.Call("POST", "modules", type, body, Map.of(), true, timeout)),
        ModuleInfo.class);
  }

  /** The tenant's modules, oldest upload first. */
  public List<ModuleInfo> listModules() {
    return read(get("modules"), ModuleList.class).modules();
  }

  /** One module. */
  public ModuleInfo getModule(String id) {
    return read(get("modules/" + segment(id)), ModuleInfo.class);
  }

  /** Deletes a module; jobs already submitted still run. */
  public void deleteModule(String id) {
    transport.bytes(plain("DELETE", "modules/" + segment(id), true));
  }

  private record ModuleList(List<ModuleInfo> modules) {}

  // ---- jobs ----

  /**
   * Submits a job with a fresh idempotency key, which every retry of this call repeats: the service
   * answers a repeated key with the job it made the first time, so a retry never makes two jobs.
   */
  public Accepted submit(JobSubmission job) {
    return submit(job, UUID.randomUUID().toString());
  }

  /**
   * Submits a job under {@code idempotencyKey} (1–255 characters): submitting the same job under
   * the same key again answers the same job; a different job under the same key is refused (422).
   */
  public Accepted submit(JobSubmission job, String idempotencyKey) {
    return read(
        call("POST", "jobs", job, Map.of("Idempotency-Key", idempotencyKey), true), Accepted.class);
  }

  /** A job as it is now. */
  public Job getJob(String id) {
    return read(get("jobs/" + segment(id)), Job.class);
  }

  /** A job as it is now, as the service's JSON, unchanged (for tools that read it themselves). */
  public String getJobJson(String id) {
    return new String(get("jobs/" + segment(id)), StandardCharsets.UTF_8);
  }

  /**
   * A job, answered as soon as it has ended or when {@code wait} is over, whichever comes first
   * (the service's long-poll; it caps {@code wait}, by default at 60 s).
   */
  public Job getJob(String id, Duration wait) {
    String path = "jobs/" + segment(id) + "?wait=" + waitParameter(wait);
    return read(
        transport.bytes(
            new Transport.Call("GET", path, null, null, Map.of(), true, timeout.plus(wait))),
        Job.class);
  }

  /** A page of the tenant's jobs, newest first; any argument may be null. */
  public JobPage listJobs(JobStatus status, String cursor, Integer limit) {
    List<String> query = new ArrayList<>();
    if (status != null) {
      query.add("status=" + status.name());
    }
    if (cursor != null) {
      query.add("cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    }
    if (limit != null) {
      query.add("limit=" + limit);
    }
    return read(
        get("jobs" + (query.isEmpty() ? "" : "?" + String.join("&", query))), JobPage.class);
  }

  /** Cancels a job: a queued one at once, a running one within a quantum. */
  public Accepted cancel(String id) {
    return read(post("jobs/" + segment(id) + "/cancel", null, true), Accepted.class);
  }

  /** Waits, with long-polls, until the job has ended; its final state. */
  public Job waitFor(String id) {
    return waitFor(id, null, LONG_POLL, job -> {});
  }

  /**
   * Waits, with long-polls of at most {@code poll} each, until the job has ended or {@code timeout}
   * (null: none) is over; {@code progress} sees the job after every poll, so that a caller can show
   * its fuel and slices as it runs. Returns the job as last seen: final unless the timeout passed.
   */
  public Job waitFor(String id, Duration timeout, Duration poll, Consumer<Job> progress) {
    Instant deadline = timeout == null ? null : Instant.now().plus(timeout);
    Job job = getJob(id);
    progress.accept(job);
    while (!job.status().isFinal()) {
      Duration wait = poll.compareTo(LONG_POLL) > 0 ? LONG_POLL : poll;
      if (deadline != null) {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
          return job;
        }
        wait = left.compareTo(wait) < 0 ? left : wait;
      }
      job = getJob(id, wait);
      progress.accept(job);
    }
    return job;
  }

  /**
   * Follows a job's state changes as server-sent events from after event {@code afterEventId} (0:
   * from the start), passing each to {@code listener}, until the final one, which it returns. A
   * stream that breaks is resumed where it stopped ({@code Last-Event-ID}), after the retry
   * policy's pauses.
   */
  public JobEvent followEvents(String id, long afterEventId, Consumer<JobEvent> listener) {
    long last = afterEventId;
    int failures = 0;
    while (true) {
      Map<String, String> headers =
          last > 0
              ? Map.of("Accept", "text/event-stream", "Last-Event-ID", Long.toString(last))
              : Map.of("Accept", "text/event-stream");
      // No request timeout: the stream lasts as long as the job; the service sends heartbeats.
      HttpResponse<InputStream> response =
          transport.stream(
              new Transport.Call(
                  "GET", "jobs/" + segment(id) + "/events", null, null, headers, true, null));
      try (ServerSentEvents events = new ServerSentEvents(response.body())) {
        ServerSentEvents.Event e;
        while ((e = events.next()) != null) {
          if (!e.name().equals("status") || e.id() == null) {
            continue;
          }
          EventData data = Json.MAPPER.readValue(e.data(), EventData.class);
          JobEvent event =
              new JobEvent(Long.parseLong(e.id()), data.id(), data.status(), data.at());
          last = event.eventId();
          failures = 0;
          listener.accept(event);
          if (event.status().isFinal()) {
            return event;
          }
        }
      } catch (IOException broken) {
        // Resumed below, from the last event seen.
      } catch (JacksonException | NumberFormatException e) {
        throw new TimesliceException(
            200,
            "Unexpected answer",
            "a job event could not be read: " + e.getMessage(),
            Map.of(),
            e);
      }
      if (++failures >= retry.maxAttempts()) {
        throw new TimesliceException(
            TimesliceException.UNREACHABLE,
            "Event stream lost",
            "the stream of job " + id + " ended before its final state",
            Map.of(),
            null);
      }
      try {
        Thread.sleep(retry.pause(failures, null));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TimesliceException(
            TimesliceException.UNREACHABLE, "Interrupted", "the call was interrupted", Map.of(), e);
      }
    }
  }

  private record EventData(String id, JobStatus status, Instant at) {}

  /** {@code ?wait=}: whole seconds as {@code 30s}, otherwise milliseconds (at least 1). */
  static String waitParameter(Duration wait) {
    long ms = Math.max(1, wait.toMillis());
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  // ---- plumbing ----

  private byte[] get(String path) {
    return transport.bytes(plain("GET", path, true));
  }

  private byte[] post(String path, Object body, boolean repeatable) {
    return call("POST", path, body, Map.of(), repeatable);
  }

  private byte[] call(
      String method, String path, Object body, Map<String, String> headers, boolean repeatable) {
    byte[] json = body == null ? null : Json.MAPPER.writeValueAsBytes(body);
    return transport.bytes(
        new Transport.Call(
            method,
            path,
            json == null ? null : "application/json",
            json,
            headers,
            repeatable,
            timeout));
  }

  private Transport.Call plain(String method, String path, boolean repeatable) {
    return new Transport.Call(method, path, null, null, Map.of(), repeatable, timeout);
  }

  private static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static <T> T read(byte[] body, Class<T> type) {
    try {
      return Json.MAPPER.readValue(body, type);
    } catch (JacksonException e) {
      throw unexpected(e);
    }
  }

  private static <T> T read(byte[] body, TypeReference<T> type) {
    try {
      return Json.MAPPER.readValue(body, type);
    } catch (JacksonException e) {
      throw unexpected(e);
    }
  }

  private static TimesliceException unexpected(JacksonException e) {
    return new TimesliceException(
        200,
        "Unexpected answer",
        "the answer could not be read: " + e.getOriginalMessage(),
        Map.of(),
        e);
  }

  /** Closes the HTTP client, when this client made it. */
  @Override
  public void close() {
    if (ownsHttp) {
      http.close();
    }
  }

  /** Settings of a {@link TimesliceClient}. */
  public static final class Builder {
    private final URI base;
    private String token;
    private RetryPolicy retry = RetryPolicy.defaults();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration timeout = Duration.ofSeconds(60);
    private HttpClient http;

    private Builder(URI base) {
      this.base = base;
    }

    /** The admin token or a tenant's API key, sent as {@code Authorization: Bearer}. */
    public Builder token(String value) {
      this.token = value;
      return this;
    }

    /** How transient failures are retried (default {@link RetryPolicy#defaults()}). */
    public Builder retry(RetryPolicy policy) {
      this.retry = policy;
      return this;
    }

    /** How long a connection may take to open (default 10 s). */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    /** How long an answer may take, beyond a long-poll's wait (default 60 s). */
    public Builder timeout(Duration value) {
      this.timeout = value;
      return this;
    }

    /** An HTTP client of the caller's (which it closes); by default the client makes its own. */
    public Builder httpClient(HttpClient client) {
      this.http = client;
      return this;
    }

    /** The client. */
    public TimesliceClient build() {
      return new TimesliceClient(this);
    }
  }
}
