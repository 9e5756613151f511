package io.timeslice.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.timeslice.scheduler.Scheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One job's trace, caught by an in-memory span exporter: the HTTP request that submitted it, the
 * submit, the claim (continued from the trace context stored with the job), the run and its slice
 * batches, each the child of the one before; the job's events and view carry the trace id, and the
 * scheduler's log line about the job, written on a worker thread, names the job and the trace.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "timeslice.data-dir=target/tracing-test-data",
      "timeslice.admin-token=tracing",
      "timeslice.quantum=10000",
      "management.opentelemetry.tracing.export.schedule-delay=50ms"
    })
class JobTracingTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TestConfiguration
  static class Spans {
    @Bean
    InMemorySpanExporter spans() {
      return InMemorySpanExporter.create();
    }
  }

  @Autowired InMemorySpanExporter spans;
  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger schedulerLog = (Logger) LoggerFactory.getLogger(Scheduler.class);

  @BeforeEach
  void captureSchedulerLogs() {
    logs.start();
    schedulerLog.addAppender(logs);
    schedulerLog.setLevel(Level.DEBUG);
  }

  @AfterEach
  void release() {
    schedulerLog.detachAppender(logs);
    schedulerLog.setLevel(null);
  }

  private JsonNode call(String method, String path, String token, String type, byte[] body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (type != null) {
      request.header("Content-Type", type);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isLessThan(300);
    return JSON.readTree(response.body());
  }

  private JsonNode post(String path, String token, Object json) throws Exception {
    return call("POST", path, token, "application/json", JSON.writeValueAsBytes(json));
  }

  @Test
  void aJobsTraceLinksTheRequestTheClaimTheRunAndItsSlices() throws Exception {
    String key =
        post("/tenants", "tracing", Map.of("name", "traced-" + UUID.randomUUID(), "weight", 1))
            .get("apiKey")
            .asString();
    byte[] module = Files.readAllBytes(Path.of("..", "programs", "wasm", "jobs.wasm"));
    String moduleId =
        call("POST", "/modules", key, "application/wasm", module).get("id").asString();
    // About 2.7 million fuel in quanta of 10,000: some 270 slices, so at least three batches.
    String job =
        post(
                "/jobs",
                key,
                Map.of("moduleId", moduleId, "function", "work", "args", List.of(300_000)))
            .get("id")
            .asString();
    JsonNode done = call("GET", "/jobs/" + job + "?wait=60s", key, null, null);
    assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
    String traceId = done.get("traceId").asString();
    assertThat(traceId).matches("[0-9a-f]{32}");

    // The job's events carry its trace id.
    HttpResponse<String> events =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/jobs/" + job + "/events"))
                .header("Authorization", "Bearer " + key)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(events.body())
        .contains("\"status\":\"SUCCEEDED\"")
        .contains("\"traceId\":\"" + traceId + "\"");

    // Every span of the trace, once exported.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Map<String, List<SpanData>> byName;
    do {
      Thread.sleep(50);
      byName =
          spans.getFinishedSpanItems().stream()
              .filter(s -> s.getTraceId().equals(traceId))
              .collect(Collectors.groupingBy(SpanData::getName));
    } while (!byName.containsKey("run job") && System.nanoTime() < deadline);
    assertThat(byName)
        .containsKeys("http post /jobs", "submit job", "claim job", "run job", "slices");

    SpanData request = byName.get("http post /jobs").getFirst();
    SpanData submit = byName.get("submit job").getFirst();
    SpanData claim = byName.get("claim job").getFirst();
    SpanData run = byName.get("run job").getFirst();
    assertThat(submit.getParentSpanId()).isEqualTo(request.getSpanId());
    assertThat(claim.getParentSpanId()).isEqualTo(submit.getSpanId());
    assertThat(run.getParentSpanId()).isEqualTo(claim.getSpanId());
    assertThat(run.getAttributes().asMap().toString())
        .contains("job.id=" + job, "status=SUCCEEDED");
    List<SpanData> batches = byName.get("slices");
    assertThat(batches).hasSizeGreaterThanOrEqualTo(3);
    assertThat(batches).allSatisfy(b -> assertThat(b.getParentSpanId()).isEqualTo(run.getSpanId()));
    // The batches add up to the job's slices and fuel.
    long slices =
        batches.stream().mapToLong(b -> Long.parseLong(attribute(b, "slices.count"))).sum();
    long fuel = batches.stream().mapToLong(b -> Long.parseLong(attribute(b, "fuel"))).sum();
    assertThat(slices).isEqualTo(done.get("slices").asLong());
    assertThat(fuel).isEqualTo(done.get("fuelConsumed").asLong());

    // The worker's log line about the job names the job and its trace.
    ILoggingEvent ended =
        logs.list.stream()
            .filter(e -> e.getFormattedMessage().startsWith("job ended SUCCEEDED"))
            .filter(e -> job.equals(e.getMDCPropertyMap().get("jobId")))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no log line about job " + job + ": " + logs.list));
    assertThat(ended.getThreadName()).startsWith("timeslice-worker-");
    assertThat(ended.getMDCPropertyMap()).containsEntry("traceId", traceId);
    printTrace(List.of(request, submit, claim, run), batches);
  }

  private static String attribute(SpanData span, String key) {
    return span.getAttributes().asMap().entrySet().stream()
        .filter(e -> e.getKey().getKey().equals(key))
        .map(e -> e.getValue().toString())
        .findFirst()
        .orElseThrow(() -> new AssertionError(span.getName() + " has no " + key));
  }

  /** The trace as the report shows it: each span under its parent. */
  private static void printTrace(List<SpanData> chain, List<SpanData> batches) {
    StringBuilder out = new StringBuilder("trace " + chain.getFirst().getTraceId() + "\n");
    String indent = "";
    for (SpanData s : chain) {
      out.append(indent).append(s.getName()).append(" [").append(s.getSpanId()).append("]\n");
      indent += "  ";
    }
    for (SpanData b : batches) {
      out.append(indent)
          .append(b.getName())
          .append(" slices ")
          .append(attribute(b, "slices.first"))
          .append("+")
          .append(attribute(b, "slices.count"))
          .append(" fuel ")
          .append(attribute(b, "fuel"))
          .append('\n');
    }
    System.out.print(out);
  }
}
