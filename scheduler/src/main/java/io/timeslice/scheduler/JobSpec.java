package io.timeslice.scheduler;

import io.timeslice.wasm.InstancePre;
import io.timeslice.wasm.StoreLimits;
import io.timeslice.wasm.wasi.WasiConfig;
import io.timeslice.wasm.wasi.WasiContext;
import java.util.Objects;

/**
 * What to run: a pre-linked program of a tenant, and either an exported function with arguments
 * (raw bits) or, when {@code entry} is null, a WASI command ({@code _start}) with {@code wasi}.
 *
 * @param tenant the tenant's name
 * @param program the pre-linked module (its linker defines WASI)
 * @param entry the exported function, or null for a WASI command
 * @param args the function's arguments as raw bits
 * @param wasi the WASI program's view (arguments, stdin, caps); also given to functions
 * @param fuelLimit the most fuel the job may consume
 * @param priority higher runs first within the tenant
 * @param limits the job's store limits (memory, tables, call depth), or null for the scheduler's
 */
public record JobSpec(
    String tenant,
    InstancePre<WasiContext> program,
    String entry,
    long[] args,
    WasiConfig wasi,
    long fuelLimit,
    int priority,
    StoreLimits limits) {

  /** A job with the scheduler's store limits. */
  public JobSpec(
      String tenant,
      InstancePre<WasiContext> program,
      String entry,
      long[] args,
      WasiConfig wasi,
      long fuelLimit,
      int priority) {
    this(tenant, program, entry, args, wasi, fuelLimit, priority, null);
  }

  /** Checks the fields. */
  public JobSpec {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(program, "program");
    args = args == null ? new long[0] : args.clone();
    Objects.requireNonNull(wasi, "wasi");
    if (fuelLimit <= 0) {
      throw new IllegalArgumentException("the fuel limit must be positive");
    }
  }
}
