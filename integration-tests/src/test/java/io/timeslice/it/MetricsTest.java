package io.timeslice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** After a job, the Prometheus scrape has the fuel, job-latency and HTTP metrics dashboards use. */
class MetricsTest {

  @Test
  void scrapeHasFuelAndLatencyMetricsTaggedWithTheTenantsName() throws Exception {
    Api api = SharedServer.api();
    Api.Tenant tenant = api.tenant("metrics", Map.of());
    String bench = api.upload(tenant.key(), "bench.wasm");
    api.await(
        tenant.key(),
        api.submit(
            tenant.key(), Map.of("moduleId", bench, "function", "fib_rec", "args", List.of(20))));

    String scrape = api.get("/actuator/prometheus", null).body();
    String tag = "tenant=\"" + tenant.name() + "\"";
    assertThat(scrape)
        .containsPattern("timeslice_fuel_consumed_total\\{" + tag + "} [1-9]")
        .contains("timeslice_jobs_submitted_total{" + tag + "}")
        .containsPattern("timeslice_jobs_completed_total\\{outcome=\"succeeded\"," + tag + "}")
        .contains("timeslice_job_queue_wait_seconds_bucket{" + tag)
        .containsPattern("timeslice_job_duration_seconds_bucket\\{.*" + tag)
        .contains("timeslice_job_slices_total")
        .contains("timeslice_workers_busy")
        .contains("timeslice_queue_depth")
        .contains("http_server_requests_seconds_bucket{");
  }
}
