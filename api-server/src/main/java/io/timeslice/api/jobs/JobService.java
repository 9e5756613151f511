package io.timeslice.api.jobs;

import io.timeslice.api.auth.Caller;
import io.timeslice.api.error.ApiException;
import io.timeslice.api.modules.ExternView;
import io.timeslice.api.modules.ModuleService;
import io.timeslice.api.modules.ModuleView;
import io.timeslice.cache.ModuleCache;
import io.timeslice.cache.ModuleHash;
import io.timeslice.scheduler.JobStatus;
import io.timeslice.scheduler.durable.DurableScheduler;
import io.timeslice.storage.JobRecord;
import io.timeslice.storage.JobRepository;
import io.timeslice.storage.ModuleRepository;
import io.timeslice.storage.NewJob;
import io.timeslice.storage.Tenant;
import io.timeslice.storage.TenantRepository;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.ExportType;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.ValType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs: a submission is checked against the export's signature and the tenant's quotas, then
 * committed through the durable scheduler before it is acknowledged; reads, long-polls, pages and
 * cancels go to the job database, so that any replica answers for any job.
 */
@Service
public class JobService {
  private static final int MAX_WASI_ITEMS = 1_000;
  private static final Duration POLL = Duration.ofMillis(25);

  private final DurableScheduler scheduler;
  private final JobRepository jobs;
  private final ModuleRepository modules;
  private final TenantRepository tenants;
  private final ModuleService moduleService;
  private final ModuleCache cache;
  private final JsonMapper json;

  JobService(
      DurableScheduler scheduler,
      JobRepository jobs,
      ModuleRepository modules,
      TenantRepository tenants,
      ModuleService moduleService,
      ModuleCache cache,
      JsonMapper json) {
    this.scheduler = scheduler;
    this.jobs = jobs;
    this.modules = modules;
    this.tenants = tenants;
    this.moduleService = moduleService;
    this.cache = cache;
    this.json = json;
  }

  /** Submits a job, or returns the one submitted before with the same idempotency key. */
  public Accepted submit(Caller caller, JobRequest request, String idempotencyKey) {
    if (request == null || request.moduleId() == null) {
      throw ApiException.badRequest("moduleId is required");
    }
    if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > 255)) {
      throw ApiException.badRequest("Idempotency-Key must be 1 to 255 characters");
    }
    ModuleView module = moduleService.get(caller, request.moduleId());
    long tenantId = caller.tenantId();
    Tenant tenant =
        tenants.find(tenantId).orElseThrow(() -> ApiException.notFound("no tenant " + tenantId));
    String function = request.function();
    long[] args = arguments(module, function, request);
    JobRequest.Wasi wasi =
        request.wasi() == null ? new JobRequest.Wasi(null, null, null, null) : request.wasi();
    List<String> wasiArgs = wasi.args() == null ? List.of() : wasi.args();
    Map<String, String> env = new TreeMap<>(wasi.env() == null ? Map.of() : wasi.env());
    checkWasi(wasiArgs, env);
    byte[] stdin = stdin(wasi);
    long maxFuel = scheduler.quotas(tenant.quotas()).maxFuelPerJob();
    // The durable scheduler refuses a limit that is not positive or over the quota.
    long fuelLimit = request.fuelLimit() == null ? maxFuel : request.fuelLimit();
    int priority = request.priority() == null ? 0 : request.priority();
    if (priority < -1000 || priority > 1000) {
      throw ApiException.badRequest("priority must be between -1000 and 1000");
    }
    String argsJson = json.writeValueAsString(args);
    String wasiArgsJson = json.writeValueAsString(wasiArgs);
    String envJson = json.writeValueAsString(env);
    byte[] requestHash =
        sha256(
            String.join(
                "\n",
                module.id(),
                String.valueOf(function),
                argsJson,
                wasiArgsJson,
                envJson,
                Base64.getEncoder().encodeToString(stdin),
                Long.toString(fuelLimit),
                Integer.toString(priority)));
    JobRepository.Submitted submitted =
        scheduler.submit(
            new NewJob(
                tenantId,
                HexFormat.of().parseHex(module.id()),
                function,
                argsJson,
                wasiArgsJson,
                envJson,
                stdin.length == 0 ? null : stdin,
                fuelLimit,
                Engine.fuelScheduleVersion(),
                priority,
                idempotencyKey,
                requestHash));
    return new Accepted(submitted.job().id().toString(), submitted.job().status());
  }

  private static long[] arguments(ModuleView module, String function, JobRequest request) {
    String entry = function == null ? "_start" : function;
    ExternView export =
        module
            .export(entry)
            .filter(e -> e.kind().equals("func"))
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        function == null
                            ? "the module is not a WASI command: it exports no _start function;"
                                + " name the function to call"
                            : "the module exports no function '" + function + "'"));
    if (function == null) {
      if (!export.params().isEmpty() || !export.results().isEmpty()) {
        throw ApiException.badRequest("_start must take and return nothing");
      }
      if (request.args() != null && !request.args().isEmpty()) {
        throw ApiException.badRequest(
            "a WASI command takes no args: give its arguments in wasi.args");
      }
      return new long[0];
    }
    return JobArguments.toBits(export.params(), request.args());
  }

  private static void checkWasi(List<String> args, Map<String, String> env) {
    if (args.size() > MAX_WASI_ITEMS || env.size() > MAX_WASI_ITEMS) {
      throw ApiException.badRequest("wasi.args and wasi.env take at most 1000 entries each");
    }
    for (String a : args) {
      if (a == null || a.indexOf('\0') >= 0) {
        throw ApiException.badRequest("wasi.args must be strings without NUL characters");
      }
    }
    env.forEach(
        (k, v) -> {
          if (k.isEmpty() || k.indexOf('=') >= 0 || k.indexOf('\0') >= 0) {
            throw ApiException.badRequest("wasi.env names must be non-empty, without '=' or NUL");
          }
          if (v == null || v.indexOf('\0') >= 0) {
            throw ApiException.badRequest("wasi.env values must be strings without NUL characters");
          }
        });
  }

  private static byte[] stdin(JobRequest.Wasi wasi) {
    if (wasi.stdin() != null && wasi.stdinBase64() != null) {
      throw ApiException.badRequest("give wasi.stdin or wasi.stdinBase64, not both");
    }
    if (wasi.stdinBase64() != null) {
      try {
        return Base64.getDecoder().decode(wasi.stdinBase64());
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("wasi.stdinBase64 is not base64: " + e.getMessage());
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
    while (!JobStatus.valueOf(job.status()).isFinal() && System.nanoTime() < deadline) {
      Thread.sleep(POLL);
      job = record(caller, id);
    }
    return view(job);
  }

  /** A page of the caller's jobs, newest first. */
  public JobPage list(Caller caller, String status, String cursor, int limit) {
    long tenantId = caller.requireTenant();
    String filter = null;
    if (status != null && !status.isBlank()) {
      filter = status.strip().toUpperCase(Locale.ROOT);
      try {
        JobStatus.valueOf(filter);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(
            "status must be one of " + java.util.Arrays.toString(JobStatus.values()));
      }
    }
    if (limit < 1 || limit > 100) {
      throw ApiException.badRequest("limit must be between 1 and 100");
    }
    UUID after = null;
    if (cursor != null && !cursor.isBlank()) {
      after = uuid(cursor).orElseThrow(() -> ApiException.badRequest("cursor is not valid"));
    }
    JobRepository.Page page = jobs.list(tenantId, filter, after, limit);
    return new JobPage(
        page.jobs().stream().map(this::view).toList(),
        page.nextCursor() == null ? null : page.nextCursor().toString());
  }

  /** Cancels the caller's job: at once when queued, within a quantum when running. */
  public Accepted cancel(Caller caller, String id) {
    long tenantId = caller.requireTenant();
    UUID uuid = uuid(id).orElseThrow(() -> ApiException.notFound("no job " + id));
    String status =
        scheduler.cancel(tenantId, uuid).orElseThrow(() -> ApiException.notFound("no job " + id));
    return new Accepted(id, status);
  }

  /** The id of the caller's job {@code id} (404 when it is not the caller's), for its events. */
  public UUID jobId(Caller caller, String id) {
    return record(caller, id).id();
  }

  /** Whether {@code status} is final. */
  static boolean isFinal(String status) {
    return JobStatus.valueOf(status).isFinal();
  }

  private JobRecord record(Caller caller, String id) {
    long tenantId = caller.requireTenant();
    return uuid(id)
        .flatMap(u -> jobs.find(tenantId, u))
        .orElseThrow(() -> ApiException.notFound("no job " + id));
  }

  private static Optional<UUID> uuid(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private JobView view(JobRecord r) {
    List<Object> results = null;
    if (r.resultsJson() != null && r.entryFunction() != null && "SUCCEEDED".equals(r.status())) {
      long[] bits = json.readValue(r.resultsJson(), long[].class);
      results = JobArguments.fromBits(resultTypes(r), bits);
    }
    JobView.Trap trap =
        r.trapCode() == null && r.trapMessage() == null
            ? null
            : new JobView.Trap(r.trapCode(), r.trapMessage());
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
        trap,
        r.fuelLimit(),
        r.fuelConsumed(),
        Engine.fuelScheduleVersion(),
        r.slices(),
        r.attempts(),
        r.priority(),
        r.submittedAt(),
        r.startedAt(),
        r.finishedAt());
  }

  /** The function's result types, from the module (compiled or cached) whoever owns it now. */
  private List<String> resultTypes(JobRecord r) {
    ModuleHash hash = ModuleHash.parse(HexFormat.of().formatHex(r.moduleHash()));
    return cache
        .module(hash, () -> modules.bytes(r.moduleHash()).orElseThrow())
        .export(r.entryFunction())
        .map(ExportType::type)
        .filter(FuncType.class::isInstance)
        .map(t -> ((FuncType) t).results().stream().map(ValType::toString).toList())
        .orElse(List.of());
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
