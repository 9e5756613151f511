package io.timeslice.scheduler.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.cache.ModuleCache;
import io.timeslice.storage.FailureKind;
import io.timeslice.storage.JobRecord;
import io.timeslice.storage.NewJob;
import io.timeslice.storage.Tenant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A claimed job becomes what the scheduler runs, or the failure to record, by its kind. */
class JobPreparerTest extends DurableFixture {
  // (module (import "env" "missing" (func)) (func (export "f"))).
  private static final byte[] MISSING_IMPORT = {
    0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 2, 15, 1, 3, 'e', 'n', 'v', 7, 'm', 'i', 's',
    's', 'i', 'n', 'g', 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 'f', 0, 1, 10, 4, 1, 2, 0, 0x0b
  };

  private JobPreparer preparer() {
    return new JobPreparer(ENGINE, new ModuleCache(ENGINE, 64 << 20, 100, registry), modules);
  }

  private JobRecord submitted(NewJob job) {
    return jobs.submit(job).job();
  }

  private final EffectiveQuotas quotas =
      Limits.defaults().effective(new Tenant.Quotas(null, null, null, 2L << 20, 4096, null));

  @Test
  void aCommandGetsItsArgumentsEnvironmentAndTheTenantsLimits() throws Exception {
    byte[] echo = upload("wasi-echo.wasm");
    JobRecord job =
        submitted(
            NewJob.command(
                tenant, echo, List.of("a", "b c"), Map.of("K", "v"), new byte[] {7}, 1000, 1));
    JobPreparer.Preparation p = preparer().prepare(job, "acme", quotas);
    assertThat(p).isInstanceOf(JobPreparer.Preparation.Ready.class);
    var spec = ((JobPreparer.Preparation.Ready) p).spec();
    assertThat(spec.tenant()).isEqualTo("acme");
    assertThat(spec.entry()).isNull();
    assertThat(spec.wasi().args()).containsExactly(HexFormat.of().formatHex(echo), "a", "b c");
    assertThat(spec.wasi().env()).containsEntry("K", "v");
    assertThat(spec.limits().memoryBytes()).isEqualTo(2L << 20);
    assertThat(spec.fuelLimit()).isEqualTo(1000);
  }

  @Test
  void aCallGetsItsRawArguments() throws Exception {
    byte[] bench = upload("bench.wasm");
    var p = preparer().prepare(submitted(call(bench, "fib_rec", 1000, 20)), "acme", quotas);
    assertThat(((JobPreparer.Preparation.Ready) p).spec().args()).containsExactly(20);
  }

  @Test
  void failuresAreRecordedByKind() throws Exception {
    byte[] unlinked = upload(MISSING_IMPORT);
    byte[] garbage = upload(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5});
    JobRecord link = submitted(NewJob.call(tenant, unlinked, "f", null, null, 1000, 1));
    JobRecord broken = submitted(NewJob.call(tenant, garbage, "f", null, null, 1000, 1));
    assertThat(failure(preparer().prepare(link, "acme", quotas)).kind())
        .isEqualTo(FailureKind.LINK);
    assertThat(failure(preparer().prepare(broken, "acme", quotas)).kind())
        .isEqualTo(FailureKind.INSTANTIATION);
    var gone = failure(preparer().prepare(link, null, quotas));
    assertThat(gone.kind()).isEqualTo(FailureKind.INTERNAL);
    assertThat(gone.message()).contains("tenant").contains("gone");
  }

  private static io.timeslice.storage.Failure failure(JobPreparer.Preparation p) {
    assertThat(p).isInstanceOf(JobPreparer.Preparation.Failed.class);
    return ((JobPreparer.Preparation.Failed) p).failure();
  }
}
