package io.timeslice.core.jobs;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.SenderContext;
import io.timeslice.core.Boundary;
import io.timeslice.core.Caller;
import io.timeslice.core.Refused;
import io.timeslice.core.modules.ExternView;
import io.timeslice.core.modules.ModuleView;
import io.timeslice.core.modules.ModulesService;
import io.timeslice.scheduler.durable.DurableScheduler;
import io.timeslice.storage.FailureKind;
import io.timeslice.storage.JobEvent;
import io.timeslice.storage.JobQueries;
import io.timeslice.storage.JobRecord;
import io.timeslice.storage.JobSignals;
import io.timeslice.storage.JobStatistics;
import io.timeslice.storage.JobStatus;
import io.timeslice.storage.NewJob;
import io.timeslice.storage.WasmType;
import io.timeslice.storage.WasmValues;
import io.timeslice.wasm.Engine;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs: a submission is checked against the export's signature and the tenant's quotas, then
 * committed through the durable scheduler before it is acknowledged, typed as stored (arguments
 * with their types, the result types), so that reading a job never needs its module; reads,
 * long-polls, pages, events and cancels go to the job database, so that any replica answers for any
 * job.
 */
public final class JobsService {
  private static final int MAX_WASI_ITEMS = 1_000;

  /** How often a waiter reads again when changes are not pushed (the notifications are down). */
  static final Duration POLL = Duration.ofMillis(25);

  /** How often a waiter reads again while changes are pushed: in case one was missed. */
  static final Duration FALLBACK = Duration.ofSeconds(1);

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final DurableScheduler scheduler;

  /** The most events one read of a tenant's events returns; the stream reads again for more. */
  static final int TENANT_EVENTS_PAGE = 500;

  /** The longest history {@link #perMinute} sums up: a day. */
  static final int MAX_MINUTES = 1440;

  private final JobQueries jobs;
  private final JobStatistics statistics;
  private final ModulesService modules;
  private final JobSignals signals;
  private final BooleanSupplier pushed;
  private final Clock clock;
  private final ObservationRegistry observations;

  /**
   * Jobs run by {@code scheduler}, read from {@code jobs} and summed up by {@code statistics}, of
   * the modules in {@code modules}; waiters wake on {@code signals}, and read again only once a
   * second while {@code pushed} says that changes are pushed (else every 25 ms); "now" is {@code
   * clock}'s; submits are observed in {@code observations}, and the trace context they run in is
   * stored with the job for its claim and run to continue.
   */
  public JobsService(
      DurableScheduler scheduler,
      JobQueries jobs,
      JobStatistics statistics,
      ModulesService modules,
      JobSignals signals,
      BooleanSupplier pushed,
      Clock clock,
      ObservationRegistry observations) {
    this.scheduler = scheduler;
    this.jobs = jobs;
    this.statistics = statistics;
    this.modules = modules;
    this.signals = signals;
    this.pushed = pushed;
    this.clock = clock;
    this.observations = observations;
  }

  private Duration slice(long deadline) {
    Duration most = pushed.getAsBoolean() ? FALLBACK : POLL;
    Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    return left.compareTo(most) < 0 ? left : most;
  }

  /** Submits a job, or returns the one submitted before with the same idempotency key. */
  public Accepted submit(Caller caller, JobRequest request, String idempotencyKey) {
    if (request == null || request.moduleId() == null) {
      throw Refused.invalid("moduleId is required");
    }
    if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > 255)) {
      throw Refused.invalid("Idempotency-Key must be 1 to 255 characters");
    }
    long tenantId = caller.requireTenant();
    ModuleView module = modules.get(caller, request.moduleId());
    String function = request.function();
    ExternView export = entry(module, function, request);
    long[] args =
        function == null ? new long[0] : JobArguments.toBits(export.params(), request.args());
    JobRequest.Wasi wasi =
        request.wasi() == null ? new JobRequest.Wasi(null, null, null, null) : request.wasi();
    List<String> wasiArgs = wasi.args() == null ? List.of() : wasi.args();
    Map<String, String> env = new TreeMap<>(wasi.env() == null ? Map.of() : wasi.env());
    checkWasi(wasiArgs, env);
    byte[] stdin = stdin(wasi);
    long maxFuel =
        Boundary.call(() -> scheduler.quotasOf(tenantId))
            .orElseThrow(() -> Refused.notFound("no tenant " + tenantId))
            .maxFuelPerJob();
    // The durable scheduler refuses a limit that is not positive or over the quota.
    long fuelLimit = request.fuelLimit() == null ? maxFuel : request.fuelLimit();
    int priority = request.priority() == null ? 0 : request.priority();
    if (priority < -1000 || priority > 1000) {
      throw Refused.invalid("priority must be between -1000 and 1000");
    }
    // The request's canonical form, hashed to tell a retry from another request with its key.
    byte[] requestHash =
        sha256(
            String.join(
                "\n",
                module.id(),
                String.valueOf(function),
                JSON.writeValueAsString(args),
                JSON.writeValueAsString(wasiArgs),
                JSON.writeValueAsString(env),
                Base64.getEncoder().encodeToString(stdin),
                Long.toString(fuelLimit),
                Integer.toString(priority)));
    List<WasmType> params = function == null ? List.of() : types(export.params());
    List<WasmType> results = function == null ? List.of() : types(export.results());
    NewJob job =
        new NewJob(
            tenantId,
            HexFormat.of().parseHex(module.id()),
            function,
            new WasmValues(params, args),
            results,
            wasiArgs,
            env,
            stdin.length == 0 ? null : stdin,
            fuelLimit,
            Engine.fuelScheduleVersion(),
            priority,
            idempotencyKey,
            requestHash,
            null);
    JobRecord submitted = submitTraced(job);
    return new Accepted(submitted.id().toString(), submitted.status());
  }

  /**
   * Submits {@code job} as a {@code timeslice.job.submit} observation (under the request's, when
   * traced), whose propagated trace context is stored with the job.
   */
  private JobRecord submitTraced(NewJob job) {
    Map<String, String> carrier = new HashMap<>();
    SenderContext<Map<String, String>> context = new SenderContext<>(Map::put);
    context.setCarrier(carrier);
    Observation submit =
        Observation.createNotStarted("timeslice.job.submit", () -> context, observations)
            .contextualName("submit job")
            .start();
    try (Observation.Scope scope = submit.openScope()) {
      JobRecord submitted =
          Boundary.call(
              () -> scheduler.submit(job.withTraceParent(carrier.get("traceparent"))).job());
      submit.highCardinalityKeyValue("job.id", submitted.id().toString());
      return submitted;
    } catch (RuntimeException e) {
      submit.error(e);
      throw e;
    } finally {
      submit.stop();
    }
  }

  private static List<WasmType> types(List<String> names) {
    return names.stream().map(WasmType::ofText).toList();
  }

  /** The export a job runs, checked to be a function fit for how it is called. */
  private static ExternView entry(ModuleView module, String function, JobRequest request) {
    String entry = function == null ? "_start" : function;
    ExternView export =
        module
            .export(entry)
            .filter(e -> e.kind().equals("func"))
            .orElseThrow(
                () ->
                    Refused.invalid(
                        function == null
                            ? "the module is not a WASI command: it exports no _start function;"
                                + " name the function to call"
                            : "the module exports no function '" + function + "'"));
    if (function == null) {
      if (!export.params().isEmpty() || !export.results().isEmpty()) {
        throw Refused.invalid("_start must take and return nothing");
      }
      if (request.args() != null && !request.args().isEmpty()) {
        throw Refused.invalid("a WASI command takes no args: give its arguments in wasi.args");
      }
    }
    return export;
  }

  private static void checkWasi(List<String> args, Map<String, String> env) {
    if (args.size() > MAX_WASI_ITEMS || env.size() > MAX_WASI_ITEMS) {
      throw Refused.invalid("wasi.args and wasi.env take at most 1000 entries each");
    }
    for (String a : args) {
      if (a == null || a.indexOf('\0') >= 0) {
        throw Refused.invalid("wasi.args must be strings without NUL characters");
      }
    }
    env.forEach(
        (k, v) -> {
          if (k.isEmpty() || k.indexOf('=') >= 0 || k.indexOf('\0') >= 0) {
            throw Refused.invalid("wasi.env names must be non-empty, without '=' or NUL");
          }
          if (v == null || v.indexOf('\0') >= 0) {
            throw Refused.invalid("wasi.env values must be strings without NUL characters");
          }
        });
  }

  private static byte[] stdin(JobRequest.Wasi wasi) {
    if (wasi.stdin() != null && wasi.stdinBase64() != null) {
      throw Refused.invalid("give wasi.stdin or wasi.stdinBase64, not both");
    }
    if (wasi.stdinBase64() != null) {
      try {
        return Base64.getDecoder().decode(wasi.stdinBase64());
      } catch (IllegalArgumentException e) {
        throw Refused.invalid("wasi.stdinBase64 is not base64: " + e.getMessage());
      }
    }
    return wasi.stdin() == null ? new byte[0] : wasi.stdin().getBytes(StandardCharsets.UTF_8);
  }

  /** The caller's job {@code id}. */
  public JobView get(Caller caller, String id) {
    return view(record(caller, id));
  }

  /** The caller's job, once it has ended or {@code wait} has passed, whichever comes first. */
  public JobView await(Caller caller, String id, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    JobRecord job = record(caller, id);
    if (job.status().isFinal()) {
      return view(job);
    }
    // Subscribed before the next read: a change between the read and the wait is not missed.
    try (JobSignals.Subscription changes = signals.subscribe(job.id())) {
      job = record(caller, id);
      while (!job.status().isFinal() && System.nanoTime() < deadline) {
        changes.await(slice(deadline));
        job = record(caller, id);
      }
    }
    return view(job);
  }

  /** A page of the caller's jobs, newest first. */
  public JobPage list(Caller caller, String status, String cursor, int limit) {
    long tenantId = caller.requireTenant();
    JobStatus filter = null;
    if (status != null && !status.isBlank()) {
      try {
        filter = JobStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw Refused.invalid("status must be one of " + Arrays.toString(JobStatus.values()));
      }
    }
    if (limit < 1 || limit > 100) {
      throw Refused.invalid("limit must be between 1 and 100");
    }
    UUID after = null;
    if (cursor != null && !cursor.isBlank()) {
      after = uuid(cursor).orElseThrow(() -> Refused.invalid("cursor is not valid"));
    }
    JobStatus wanted = filter;
    UUID from = after;
    JobQueries.Page page = Boundary.call(() -> jobs.list(tenantId, wanted, from, limit));
    return new JobPage(
        page.jobs().stream().map(JobsService::view).toList(),
        page.nextCursor() == null ? null : page.nextCursor().toString());
  }

  /** Cancels the caller's job: at once when queued, within a quantum when running. */
  public Accepted cancel(Caller caller, String id) {
    long tenantId = caller.requireTenant();
    UUID uuid = uuid(id).orElseThrow(() -> Refused.notFound("no job " + id));
    JobStatus status =
        Boundary.call(() -> scheduler.cancel(tenantId, uuid))
            .orElseThrow(() -> Refused.notFound("no job " + id));
    return new Accepted(id, status);
  }

  /** The id of the caller's job {@code id} (NOT_FOUND when it is not the caller's). */
  public UUID jobId(Caller caller, String id) {
    return record(caller, id).id();
  }

  /** The changes of job {@code jobId} after event {@code afterId} (0 for all), oldest first. */
  public List<JobEventView> events(UUID jobId, long afterId) {
    return Boundary.call(() -> jobs.events(jobId, afterId)).stream()
        .map(JobsService::eventView)
        .toList();
  }

  /**
   * The changes of job {@code jobId} after event {@code afterId}, as soon as there are some, or
   * none once {@code wait} passed.
   */
  public List<JobEventView> awaitEvents(UUID jobId, long afterId, Duration wait)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    try (JobSignals.Subscription changes = signals.subscribe(jobId)) {
      List<JobEventView> out = events(jobId, afterId);
      while (out.isEmpty() && System.nanoTime() < deadline) {
        changes.await(slice(deadline));
        out = events(jobId, afterId);
      }
      return out;
    }
  }

  /** The id of the newest event of any job: a tenant's event stream starts after it when new. */
  public long lastEventId() {
    return Boundary.call(jobs::lastEventId);
  }

  /**
   * The changes of the caller's jobs after event {@code afterId}, oldest first, as soon as there
   * are some, or none once {@code wait} passed.
   */
  public List<JobEventView> awaitTenantEvents(Caller caller, long afterId, Duration wait)
      throws InterruptedException {
    long tenantId = caller.requireTenant();
    long deadline = System.nanoTime() + wait.toNanos();
    try (JobSignals.Subscription changes = signals.subscribeAll()) {
      List<JobEventView> out = tenantEvents(tenantId, afterId);
      while (out.isEmpty() && System.nanoTime() < deadline) {
        changes.await(slice(deadline));
        out = tenantEvents(tenantId, afterId);
      }
      return out;
    }
  }

  private List<JobEventView> tenantEvents(long tenantId, long afterId) {
    return Boundary.call(() -> jobs.tenantEvents(tenantId, afterId, TENANT_EVENTS_PAGE)).stream()
        .map(JobsService::eventView)
        .toList();
  }

  /**
   * The caller's jobs that ended in each of the last {@code minutes} minutes (1 to 1440): how many,
   * their fuel and their latency from submission to end; minutes without any are left out.
   */
  public List<ActivityMinute> perMinute(Caller caller, int minutes) {
    long tenantId = caller.requireTenant();
    if (minutes < 1 || minutes > MAX_MINUTES) {
      throw Refused.invalid("minutes must be between 1 and " + MAX_MINUTES);
    }
    Instant since =
        clock.instant().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(minutes - 1));
    return Boundary.call(() -> statistics.perMinute(tenantId, since)).stream()
        .map(
            m ->
                new ActivityMinute(
                    m.minute(),
                    m.jobs(),
                    m.fuel(),
                    m.latencyP50Millis(),
                    m.latencyP95Millis(),
                    m.latencyMaxMillis()))
        .toList();
  }

  private static JobEventView eventView(JobEvent e) {
    return new JobEventView(e.id(), e.jobId().toString(), e.status(), e.at(), e.traceId());
  }

  private JobRecord record(Caller caller, String id) {
    long tenantId = caller.requireTenant();
    Optional<UUID> uuid = uuid(id);
    return uuid.flatMap(u -> Boundary.call(() -> jobs.find(tenantId, u)))
        .orElseThrow(() -> Refused.notFound("no job " + id));
  }

  private static Optional<UUID> uuid(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A stored job as the API shows it: everything it needs is in the row, the types included. */
  static JobView view(JobRecord r) {
    List<Object> results =
        r.results() == null
            ? null
            : JobArguments.fromBits(
                r.results().types().stream().map(WasmType::text).toList(), r.results().bits());
    JobView.Failure failure =
        r.failure() == null
            ? null
            : new JobView.Failure(r.failure().kind().name(), r.failure().message());
    JobView.Trap trap =
        r.failure() == null || r.failure().kind() != FailureKind.TRAP
            ? null
            : new JobView.Trap(r.failure().trapCode(), r.failure().message());
    return new JobView(
        r.id().toString(),
        r.status(),
        HexFormat.of().formatHex(r.moduleHash()),
        r.entryFunction(),
        results,
        r.exitCode(),
        text(r.stdout()),
        base64IfBinary(r.stdout()),
        text(r.stderr()),
        base64IfBinary(r.stderr()),
        failure,
        trap,
        r.fuelLimit(),
        r.fuelConsumed(),
        r.fuelScheduleVersion(),
        r.slices(),
        r.attempts(),
        r.resumedFromCheckpoint(),
        r.priority(),
        r.submittedAt(),
        r.startedAt(),
        r.finishedAt(),
        r.traceId());
  }

  private static String text(byte[] output) {
    return output == null ? null : new String(output, StandardCharsets.UTF_8);
  }

  private static String base64IfBinary(byte[] output) {
    if (output == null) {
      return null;
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(output));
      return null;
    } catch (CharacterCodingException e) {
      return Base64.getEncoder().encodeToString(output);
    }
  }

  private static byte[] sha256(String canonical) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(canonical.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
