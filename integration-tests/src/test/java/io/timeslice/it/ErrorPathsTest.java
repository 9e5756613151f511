package io.timeslice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every refusal is RFC 9457 problem+json with the right status and no stack trace. */
class ErrorPathsTest {
  private static Api api;
  private static Api.Tenant tenant;
  private static String bench;

  @BeforeAll
  static void tenant() throws Exception {
    api = SharedServer.api();
    tenant = api.tenant("errors", Map.of("maxModuleBytes", 100_000));
    bench = api.upload(tenant.key(), "bench.wasm");
  }

  private static void assertProblem(Api.Answer a, int status) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.header("Content-Type")).startsWith("application/problem+json");
    assertThat(a.json().get("status").asInt()).isEqualTo(status);
    assertThat(a.body()).doesNotContain("Exception", "\tat ", "java.");
  }

  @Test
  void malformedModuleIs400WithTheByteOffset() throws Exception {
    byte[] truncated = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5};
    Api.Answer a = api.send("POST", "/modules", tenant.key(), "application/wasm", truncated);
    assertProblem(a, 400);
    assertThat(a.json().get("offset").asLong()).isEqualTo(10);
    assertThat(a.json().get("detail").asString()).contains("byte offset 10");

    byte[] notWasm = "hello".getBytes(StandardCharsets.UTF_8);
    assertProblem(api.send("POST", "/modules", tenant.key(), "application/wasm", notWasm), 400);
  }

  @Test
  void invalidModuleIs400WithTheByteOffset() throws Exception {
    // (func (result i32)) with an empty body: a type mismatch at the body's end.
    byte[] invalid = {
      0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7f, 3, 2, 1, 0, 10, 4, 1, 2, 0, 0x0b
    };
    Api.Answer a = api.send("POST", "/modules", tenant.key(), "application/wasm", invalid);
    assertProblem(a, 400);
    assertThat(a.json().get("title").asString()).isEqualTo("Invalid module");
    assertThat(a.json().get("offset").asLong()).isPositive();
  }

  @Test
  void moduleOverTheTenantsQuotaIs413() throws Exception {
    assertProblem(
        api.send("POST", "/modules", tenant.key(), "application/wasm", new byte[100_001]), 413);
  }

  @Test
  void wrongContentTypeIs415() throws Exception {
    assertProblem(
        api.send("POST", "/modules", tenant.key(), "application/json", new byte[] {1}), 415);
  }

  @Test
  void argumentsNotMatchingTheSignatureAre400() throws Exception {
    assertProblem(
        api.post("/jobs", tenant.key(), Map.of("moduleId", bench, "function", "fib_rec")), 400);
    assertProblem(
        api.post(
            "/jobs",
            tenant.key(),
            Map.of("moduleId", bench, "function", "fib_rec", "args", List.of("x"))),
        400);
    assertProblem(
        api.post(
            "/jobs",
            tenant.key(),
            Map.of("moduleId", bench, "function", "fib_rec", "args", List.of(1L << 40))),
        400);
    assertProblem(
        api.post("/jobs", tenant.key(), Map.of("moduleId", bench, "function", "nope")), 400);
    assertProblem(api.post("/jobs", tenant.key(), Map.of("moduleId", bench)), 400);
    assertProblem(
        api.post(
            "/jobs",
            tenant.key(),
            Map.of("moduleId", bench, "function", "fib_rec", "args", List.of(1), "fuelLimit", 0)),
        400);
  }

  @Test
  void unknownModuleIs404AndMalformedJsonIs400() throws Exception {
    assertProblem(
        api.post("/jobs", tenant.key(), Map.of("moduleId", "00".repeat(32), "function", "f")), 404);
    assertProblem(
        api.send(
            "POST",
            "/jobs",
            tenant.key(),
            "application/json",
            "{\"moduleId\":".getBytes(StandardCharsets.UTF_8)),
        400);
    assertProblem(api.get("/jobs/not-a-uuid", tenant.key()), 404);
    assertProblem(api.get("/no/such/path", tenant.key()), 404);
  }

  @Test
  void idempotencyKeyReplaysTheJobAndRefusesADifferentBody() throws Exception {
    Map<String, Object> job = Map.of("moduleId", bench, "function", "fib_rec", "args", List.of(7));
    Api.Answer first = api.post("/jobs", tenant.key(), job, "Idempotency-Key", "order-42");
    Api.Answer again = api.post("/jobs", tenant.key(), job, "Idempotency-Key", "order-42");
    assertThat(first.status()).isEqualTo(202);
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
    Map<String, Object> other =
        Map.of("moduleId", bench, "function", "fib_rec", "args", List.of(8));
    assertProblem(api.post("/jobs", tenant.key(), other, "Idempotency-Key", "order-42"), 422);
  }

  @Test
  void fullQueueIs429WithRetryAfterAndFuelOverTheQuotaIs400() throws Exception {
    // The running spin must outlast the requests below: compiled, it burns 10^9 fuel in about a
    // second, which once ended it EXHAUSTED before its cancel came; 10^12 takes many minutes.
    Api.Tenant small =
        api.tenant(
            "quota",
            Map.of("maxQueuedJobs", 1, "maxRunningJobs", 1, "maxFuelPerJob", 1_000_000_000_000L));
    String jobs = api.upload(small.key(), "jobs.wasm");
    Map<String, Object> spin = Map.of("moduleId", jobs, "function", "spin");
    String running = api.submit(small.key(), spin);
    api.awaitRunning(small.key(), running);
    String queued = api.submit(small.key(), spin);
    Api.Answer full = api.post("/jobs", small.key(), spin);
    assertProblem(full, 429);
    assertThat(Integer.parseInt(full.header("Retry-After"))).isPositive();
    Map<String, Object> greedy =
        Map.of("moduleId", jobs, "function", "spin", "fuelLimit", 2_000_000_000_000L);
    assertProblem(api.post("/jobs", small.key(), greedy), 400);
    api.post("/jobs/" + queued + "/cancel", small.key(), Map.of());
    api.post("/jobs/" + running + "/cancel", small.key(), Map.of());
    assertThat(api.await(small.key(), running).get("status").asString()).isEqualTo("CANCELLED");
    assertThat(api.await(small.key(), queued).get("status").asString()).isEqualTo("CANCELLED");
  }

  @Test
  void oversizedJsonBodyIs413() throws Exception {
    byte[] huge = new byte[1_500_000];
    java.util.Arrays.fill(huge, (byte) ' ');
    assertProblem(api.send("POST", "/jobs", tenant.key(), "application/json", huge), 413);
  }
}
