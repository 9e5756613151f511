package io.timeslice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The job API over real HTTP against the packaged service: calls, commands, waits, events. */
class JobsEndToEndTest {
  private static Api api;
  private static Api.Tenant tenant;
  private static String bench;

  @BeforeAll
  static void tenantWithModule() throws Exception {
    api = SharedServer.api();
    tenant = api.tenant("jobs", Map.of());
    bench = api.upload(tenant.key(), "bench.wasm");
  }

  @Test
  void exportCallReturnsResultsFuelAndTimes() throws Exception {
    Api.Answer submitted =
        api.post(
            "/jobs",
            tenant.key(),
            Map.of("moduleId", bench, "function", "fib_rec", "args", List.of(20)));
    assertThat(submitted.status()).isEqualTo(202);
    String id = submitted.json().get("id").asString();
    assertThat(submitted.header("Location")).isEqualTo("/jobs/" + id);
    assertThat(submitted.json().get("status").asString()).isEqualTo("QUEUED");

    JsonNode job = api.await(tenant.key(), id);
    assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(job.get("results").get(0).asLong()).isEqualTo(6765);
    assertThat(job.get("fuelConsumed").asLong()).isPositive();
    assertThat(job.get("slices").asInt()).isPositive();
    assertThat(job.get("moduleId").asString()).isEqualTo(bench);
    assertThat(job.get("submittedAt").asString()).isNotEmpty();
    assertThat(job.get("finishedAt").asString()).isNotEmpty();
  }

  @Test
  void typedI64ResultAndTypedArguments() throws Exception {
    String id =
        api.submit(
            tenant.key(),
            Map.of(
                "moduleId",
                bench,
                "function",
                "fib_iter",
                "args",
                List.of(Map.of("type", "i32", "value", "1"))));
    JsonNode job = api.await(tenant.key(), id);
    assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
    // One round is fib(90), which needs 62 bits: it must come back exact, not through a double.
    assertThat(job.get("results").get(0).asString()).isEqualTo("2880067194370816120");
  }

  @Test
  void wasiCommandGetsArgumentsEnvironmentAndStdin() throws Exception {
    String echo = api.upload(tenant.key(), "wasi-echo.wasm");
    JsonNode job =
        api.await(
            tenant.key(),
            api.submit(
                tenant.key(),
                Map.of(
                    "moduleId",
                    echo,
                    "wasi",
                    Map.of("args", List.of("a", "b c"), "env", Map.of("JOB", "7")))));
    assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(job.get("exitCode").asInt()).isZero();
    assertThat(job.get("stdout").asString())
        .isEqualTo("arg 0: " + echo + "\narg 1: a\narg 2: b c\nenv: JOB=7\n");

    String cat = api.upload(tenant.key(), "wasi-cat.wasm");
    JsonNode catted =
        api.await(
            tenant.key(),
            api.submit(
                tenant.key(),
                Map.of("moduleId", cat, "wasi", Map.of("stdin", "some input\nüber"))));
    assertThat(catted.get("stdout").asString()).isEqualTo("some input\nüber");
  }

  @Test
  void nonZeroExitIsFailedWithItsCode() throws Exception {
    String exit = api.upload(tenant.key(), "wasi-exit.wasm");
    JsonNode job =
        api.await(
            tenant.key(),
            api.submit(
                tenant.key(), Map.of("moduleId", exit, "wasi", Map.of("args", List.of("5")))));
    assertThat(job.get("status").asString()).isEqualTo("FAILED");
    assertThat(job.get("exitCode").asInt()).isEqualTo(5);
  }

  @Test
  void trapIsReportedWithItsCode() throws Exception {
    String jobs = api.upload(tenant.key(), "jobs.wasm");
    JsonNode job =
        api.await(
            tenant.key(),
            api.submit(
                tenant.key(), Map.of("moduleId", jobs, "function", "deep", "args", List.of(0))));
    assertThat(job.get("status").asString()).isEqualTo("FAILED");
    assertThat(job.get("trap").get("code").asString()).isEqualTo("CALL_STACK_EXHAUSTED");
    assertThat(job.get("trap").get("message").asString()).startsWith("call stack exhausted");
    assertThat(job.get("failure").get("kind").asString()).isEqualTo("TRAP");
  }

  @Test
  void linkFailureIsReportedAsSuchNotAsATrap() throws Exception {
    // (module (import "env" "missing" (func)) (func (export "f"))): valid, but nothing defines
    // the import.
    byte[] unlinked = {
      0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 2, 15, 1, 3, 'e', 'n', 'v', 7, 'm', 'i',
      's', 's', 'i', 'n', 'g', 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 'f', 0, 1, 10, 4, 1, 2, 0, 0x0b
    };
    Api.Answer uploaded = api.send("POST", "/modules", tenant.key(), "application/wasm", unlinked);
    assertThat(uploaded.status()).isEqualTo(201);
    String module = uploaded.json().get("id").asString();
    JsonNode job =
        api.await(
            tenant.key(), api.submit(tenant.key(), Map.of("moduleId", module, "function", "f")));
    assertThat(job.get("status").asString()).isEqualTo("FAILED");
    assertThat(job.get("failure").get("kind").asString()).isEqualTo("LINK");
    assertThat(job.get("failure").get("message").asString()).contains("env").contains("missing");
    assertThat(job.has("trap")).isFalse();
  }

  @Test
  void endlessLoopEndsExhaustedAtItsFuelLimit() throws Exception {
    String jobs = api.upload(tenant.key(), "jobs.wasm");
    JsonNode job =
        api.await(
            tenant.key(),
            api.submit(
                tenant.key(),
                Map.of("moduleId", jobs, "function", "spin", "fuelLimit", 3_000_000)));
    assertThat(job.get("status").asString()).isEqualTo("EXHAUSTED");
    assertThat(job.get("failure").get("kind").asString()).isEqualTo("EXHAUSTED");
    assertThat(job.get("fuelConsumed").asLong()).isBetween(1L, 3_000_000L);
  }

  @Test
  void cancelStopsARunningEndlessLoop() throws Exception {
    String jobs = api.upload(tenant.key(), "jobs.wasm");
    String id = api.submit(tenant.key(), Map.of("moduleId", jobs, "function", "spin"));
    api.awaitRunning(tenant.key(), id);
    Api.Answer cancel = api.post("/jobs/" + id + "/cancel", tenant.key(), Map.of());
    assertThat(cancel.status()).isEqualTo(202);
    JsonNode job = api.await(tenant.key(), id);
    assertThat(job.get("status").asString()).isEqualTo("CANCELLED");
  }

  @Test
  void longPollReturnsEarlyWhenTheJobEnds() throws Exception {
    String id =
        api.submit(
            tenant.key(), Map.of("moduleId", bench, "function", "fib_rec", "args", List.of(5)));
    long start = System.nanoTime();
    JsonNode job = api.get("/jobs/" + id + "?wait=60s", tenant.key()).json();
    assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(50));
    assertThat(api.get("/jobs/" + id + "?wait=soon", tenant.key()).status()).isEqualTo(400);
  }

  @Test
  void eventsStreamEveryTransitionAndEnd() throws Exception {
    String id =
        api.submit(
            tenant.key(), Map.of("moduleId", bench, "function", "fib_rec", "args", List.of(15)));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(SharedServer.get().base() + "/jobs/" + id + "/events"))
            .header("Authorization", "Bearer " + tenant.key())
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(120))
            .build();
    List<String> statuses = new ArrayList<>();
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<java.io.InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/event-stream");
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith("data:")) {
            statuses.add(Api.JSON.readTree(line.substring(5)).get("status").asString());
          }
        }
      }
    }
    assertThat(statuses).containsExactly("QUEUED", "RUNNING", "SUCCEEDED");
  }

  @Test
  void listPagesWithACursorAndFiltersByStatus() throws Exception {
    Api.Tenant own = api.tenant("pages", Map.of());
    String module = api.upload(own.key(), "bench.wasm");
    Set<String> submitted = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      submitted.add(
          api.submit(
              own.key(), Map.of("moduleId", module, "function", "fib_rec", "args", List.of(i))));
    }
    for (String id : submitted) {
      api.await(own.key(), id);
    }
    Set<String> seen = new HashSet<>();
    String cursor = "";
    int pages = 0;
    do {
      JsonNode page = api.get("/jobs?status=succeeded&limit=2&cursor=" + cursor, own.key()).json();
      page.get("jobs").forEach(j -> seen.add(j.get("id").asString()));
      cursor =
          page.get("nextCursor") == null || page.get("nextCursor").isNull()
              ? null
              : page.get("nextCursor").asString();
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(seen).isEqualTo(submitted);
    assertThat(pages).isEqualTo(3);
    assertThat(api.get("/jobs?status=queued", own.key()).json().get("jobs")).isEmpty();
    assertThat(api.get("/jobs?status=sleepy", own.key()).status()).isEqualTo(400);
  }
}
