package io.timeslice.scheduler.durable;

import io.timeslice.cache.ModuleCache;
import io.timeslice.cache.ModuleHash;
import io.timeslice.scheduler.JobSpec;
import io.timeslice.storage.Failure;
import io.timeslice.storage.FailureKind;
import io.timeslice.storage.JobRecord;
import io.timeslice.storage.ModuleRepository;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.InstancePre;
import io.timeslice.wasm.LinkException;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.StoreLimits;
import io.timeslice.wasm.WasmException;
import io.timeslice.wasm.wasi.Wasi;
import io.timeslice.wasm.wasi.WasiConfig;
import io.timeslice.wasm.wasi.WasiContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a claimed job into what the scheduler runs: its module from the cache (memory, stored
 * artifact, or compiled from the stored bytes), pre-linked with WASI, the WASI view (argv[0] the
 * module id, the job's arguments, environment, stdin, the tenant's output caps) and the tenant's
 * store limits. A job that cannot be prepared gets the failure to record instead, by kind: a link
 * failure, a module that cannot be compiled, or the service's own trouble.
 */
final class JobPreparer {
  /** What preparing a job came to. */
  sealed interface Preparation {
    /** Ready to run. */
    record Ready(JobSpec spec) implements Preparation {}

    /** Cannot run: record this failure. */
    record Failed(Failure failure) implements Preparation {}
  }

  private final Engine engine;
  private final ModuleCache cache;
  private final ModuleRepository modules;

  JobPreparer(Engine engine, ModuleCache cache, ModuleRepository modules) {
    this.engine = engine;
    this.cache = cache;
    this.modules = modules;
  }

  /** Prepares {@code job} of tenant {@code tenantName} (null when it is gone) with its limits. */
  Preparation prepare(JobRecord job, String tenantName, EffectiveQuotas quotas) {
    if (tenantName == null) {
      return failed(FailureKind.INTERNAL, "tenant " + job.tenantId() + " is gone");
    }
    try {
      return new Preparation.Ready(spec(job, tenantName, quotas));
    } catch (LinkException e) {
      return failed(FailureKind.LINK, e.getMessage());
    } catch (WasmException e) {
      return failed(FailureKind.INSTANTIATION, e.getMessage());
    } catch (IllegalStateException e) {
      // Its module is gone: the service's state, not the program.
      return failed(FailureKind.INTERNAL, e.getMessage());
    } catch (RuntimeException e) {
      // Whatever else preparing one job throws fails that job, not the claimer.
      return failed(FailureKind.INTERNAL, "internal error: " + e);
    }
  }

  private static Preparation failed(FailureKind kind, String message) {
    return new Preparation.Failed(Failure.of(kind, message));
  }

  private JobSpec spec(JobRecord r, String tenantName, EffectiveQuotas q) {
    ModuleHash hash = ModuleHash.ofDigest(r.moduleHash());
    Module module =
        cache.module(
            hash,
            () ->
                modules
                    .bytes(r.moduleHash())
                    .orElseThrow(() -> new IllegalStateException("module " + hash + " is gone")));
    InstancePre<WasiContext> pre =
        cache.instancePre(
            hash,
            module,
            "wasi",
            () -> {
              Linker<WasiContext> linker = new Linker<>(engine);
              Wasi.define(linker, c -> c);
              return linker;
            });
    // argv[0] is the module's id, as a shell would put the program's name there.
    List<String> argv = new ArrayList<>();
    argv.add(hash.hex());
    argv.addAll(r.wasiArgs());
    // A program at its output cap stops (exit 120) rather than flooding on unheard.
    WasiConfig wasi =
        WasiConfig.builder()
            .args(argv)
            .env(r.wasiEnv())
            .stdin(r.stdin() == null ? new byte[0] : r.stdin())
            .stdoutCap(q.maxOutputBytes())
            .stderrCap(q.maxOutputBytes())
            .stopAtOutputCap(true)
            .build();
    return new JobSpec(
        tenantName,
        pre,
        r.entryFunction(),
        r.arguments().bits(),
        wasi,
        r.fuelLimit(),
        r.priority(),
        q.storeLimits(StoreLimits.DEFAULT));
  }
}
