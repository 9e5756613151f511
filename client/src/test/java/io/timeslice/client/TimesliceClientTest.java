package io.timeslice.client;

import static io.timeslice.client.StubServer.json;
import static io.timeslice.client.StubServer.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a scripted in-process server: requests, retries, problems, long-polls. */
class TimesliceClientTest {
  private static final String JOB = "0193a1b2-0000-7000-8000-000000000001";
  private static final RetryPolicy FAST =
      new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));

  private final StubServer server = StubServer.start();
  private final TimesliceClient client =
      TimesliceClient.builder(server.base()).token("ts_key").retry(FAST).build();

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private static String job(String status) {
    return "{\"id\":\""
        + JOB
        + "\",\"status\":\""
        + status
        + "\",\"moduleId\":\"ab\",\"function\":\"fib\",\"results\":[6765],"
        + "\"fuelLimit\":100,\"fuelConsumed\":42,\"fuelScheduleVersion\":1,\"slices\":3,"
        + "\"attempts\":1,\"priority\":0,\"submittedAt\":\"2026-12-03T14:00:00Z\","
        + "\"someFutureMember\":true}";
  }

  @Test
  void submitSendsTheJobAsJsonWithTheKeyAndAnIdempotencyKey() {
    server.then(json(202, "{\"id\":\"" + JOB + "\",\"status\":\"QUEUED\"}"));

    Accepted accepted =
        client.submit(
            JobSubmission.invoke("ab", "fib", 20, "18446744073709551615").withFuelLimit(9L));

    assertThat(accepted).isEqualTo(new Accepted(JOB, JobStatus.QUEUED));
    StubServer.Received r = server.received().getFirst();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.uri()).isEqualTo("/jobs");
    assertThat(r.header("Authorization")).isEqualTo("Bearer ts_key");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("Idempotency-Key")).isNotBlank();
    // Absent members are left out, not sent as null; big integers travel as exact strings.
    assertThat(r.text())
        .isEqualTo(
            "{\"moduleId\":\"ab\",\"function\":\"fib\",\"args\":[20,\"18446744073709551615\"],"
                + "\"fuelLimit\":9}");
  }

  @Test
  void aSubmitRetriedAfter503RepeatsItsIdempotencyKeyAndHonoursRetryAfter() {
    server
        .then(problem(503, "{\"title\":\"Service Unavailable\"}", "Retry-After", "0"))
        .then(json(202, "{\"id\":\"" + JOB + "\",\"status\":\"QUEUED\"}"));

    Accepted accepted = client.submit(JobSubmission.invoke("ab", "fib", 1));

    assertThat(accepted.id()).isEqualTo(JOB);
    List<StubServer.Received> attempts = server.received();
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(1).header("Idempotency-Key"))
        .isEqualTo(attempts.get(0).header("Idempotency-Key"));
    assertThat(attempts.get(1).text()).isEqualTo(attempts.get(0).text());
  }

  @Test
  void aSubmitWhoseAnswerWasLostIsRetriedUnderTheSameKey() {
    server
        .then(StubServer.lost())
        .then(json(202, "{\"id\":\"" + JOB + "\",\"status\":\"QUEUED\"}"));

    client.submit(JobSubmission.invoke("ab", "fib", 1), "my-key-1");

    assertThat(server.received())
        .extracting(r -> r.header("Idempotency-Key"))
        .containsExactly("my-key-1", "my-key-1");
  }

  @Test
  void twoSubmitsAreTwoKeys() {
    server.then(json(202, "{\"id\":\"a\",\"status\":\"QUEUED\"}"));
    server.then(json(202, "{\"id\":\"b\",\"status\":\"QUEUED\"}"));

    client.submit(JobSubmission.invoke("ab", "fib", 1));
    client.submit(JobSubmission.invoke("ab", "fib", 1));

    List<StubServer.Received> calls = server.received();
    assertThat(calls.get(0).header("Idempotency-Key"))
        .isNotEqualTo(calls.get(1).header("Idempotency-Key"));
  }

  @Test
  void aCallThatMayHaveTakenEffectIsNotRepeatedUnlessItIsSafeTo() {
    // Creating a tenant twice is not the same as once: a lost answer is reported, not retried.
    server.then(StubServer.lost()).then(json(201, "{\"id\":1,\"name\":\"x\",\"weight\":1}"));

    TimesliceException e =
        catchThrowableOfType(
            TimesliceException.class, () -> client.createTenant(TenantSpec.named("x", 1)));

    assertThat(e.isUnreachable()).isTrue();
    assertThat(e.title()).isEqualTo("Connection lost");
    assertThat(e.detail()).contains("may or may not have taken effect");
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void a503OnACallThatIsNotRepeatableIsReportedAtOnce() {
    server.then(problem(503, "{\"title\":\"Service Unavailable\",\"detail\":\"db down\"}"));

    TimesliceException e =
        catchThrowableOfType(TimesliceException.class, () -> client.rotateKey(7));

    assertThat(e.status()).isEqualTo(503);
    assertThat(e.detail()).isEqualTo("db down");
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void retriesStopAfterTheLastAttempt() {
    for (int i = 0; i < 5; i++) {
      server.then(problem(503, "{\"title\":\"Service Unavailable\",\"detail\":\"try " + i + "\"}"));
    }

    TimesliceException e = catchThrowableOfType(TimesliceException.class, () -> client.getJob(JOB));

    assertThat(e.status()).isEqualTo(503);
    assertThat(e.detail()).isEqualTo("try 2");
    assertThat(server.received()).hasSize(FAST.maxAttempts());
  }

  @Test
  void aServiceThatIsNotThereIsUnreachableAfterTheRetries() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (TimesliceClient nowhere =
        TimesliceClient.builder(URI.create("http://127.0.0.1:" + port)).retry(FAST).build()) {
      TimesliceException e =
          catchThrowableOfType(
              TimesliceException.class, () -> nowhere.createTenant(TenantSpec.named("x", 1)));
      assertThat(e.isUnreachable()).isTrue();
      assertThat(e.title()).isEqualTo("Cannot reach the service");
      assertThat(e.detail()).startsWith("http://127.0.0.1:" + port + "/: ");
    }
  }

  @Test
  void aProblemBecomesAnExceptionWithStatusTitleDetailAndItsOtherMembers() {
    server.then(
        problem(
            400,
            "{\"type\":\"about:blank\",\"title\":\"Invalid module\",\"status\":400,"
                + "\"detail\":\"type mismatch\",\"instance\":\"/modules\",\"offset\":42}"));

    TimesliceException e =
        catchThrowableOfType(
            TimesliceException.class, () -> client.uploadModule(new byte[] {0, 'a', 's', 'm'}));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.title()).isEqualTo("Invalid module");
    assertThat(e.detail()).isEqualTo("type mismatch");
    assertThat(e.properties()).containsEntry("offset", 42).containsEntry("instance", "/modules");
    assertThat(e.getMessage()).isEqualTo("Invalid module: type mismatch");
  }

  @Test
  void anAnswerThatIsNotAProblemStillGivesStatusAndAReadableLine() {
    server.then(StubServer.status(502, "text/html", "<html>bad gateway</html>\n<body>…</body>"));
    server.then(problem(404, "{\"status\":404,\"detail\":\"no job x\"}"));

    TimesliceException html =
        catchThrowableOfType(TimesliceException.class, () -> client.listModules());
    TimesliceException untitled =
        catchThrowableOfType(TimesliceException.class, () -> client.getJob("x"));

    assertThat(html.status()).isEqualTo(502);
    assertThat(html.title()).isEqualTo("Bad Gateway");
    assertThat(html.detail()).isEqualTo("<html>bad gateway</html>");
    assertThat(untitled.title()).isEqualTo("Not Found");
    assertThat(untitled.detail()).isEqualTo("no job x");
  }

  @Test
  void anAnswerThatIsNotTheExpectedJsonIsAnErrorNotACrash() {
    server.then(json(200, "[1,2"));

    assertThatThrownBy(() -> client.getJob(JOB))
        .isInstanceOf(TimesliceException.class)
        .hasMessageStartingWith("Unexpected answer");
  }

  @Test
  void aJobIsReadWithEveryMemberAndUnknownMembersIgnored() {
    server.then(json(200, job("SUCCEEDED")));

    Job j = client.getJob(JOB);

    assertThat(j.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(j.results()).containsExactly(6765);
    assertThat(j.fuelConsumed()).isEqualTo(42);
    assertThat(j.slices()).isEqualTo(3);
    assertThat(j.submittedAt()).hasToString("2026-12-03T14:00:00Z");
    assertThat(server.received().getFirst().uri()).isEqualTo("/jobs/" + JOB);
  }

  @Test
  void waitForLongPollsUntilTheJobHasEnded() {
    server.then(json(200, job("QUEUED"))).then(json(200, job("RUNNING")));
    server.then(json(200, job("SUCCEEDED")));

    Job done = client.waitFor(JOB);

    assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(server.received())
        .extracting(StubServer.Received::uri)
        .containsExactly(
            "/jobs/" + JOB, "/jobs/" + JOB + "?wait=30s", "/jobs/" + JOB + "?wait=30s");
  }

  @Test
  void waitForShowsProgressAfterEveryPollAndStopsAtItsTimeout() {
    server.then(json(200, job("RUNNING")));
    for (int i = 0; i < 50; i++) {
      server.then(StubServer.after(Duration.ofMillis(100), json(200, job("RUNNING"))));
    }
    List<JobStatus> seen = new ArrayList<>();

    Job last =
        client.waitFor(
            JOB, Duration.ofSeconds(1), Duration.ofMillis(250), j -> seen.add(j.status()));

    assertThat(last.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(seen).isNotEmpty().containsOnly(JobStatus.RUNNING);
    List<String> uris = server.received().stream().map(StubServer.Received::uri).toList();
    assertThat(uris.get(1)).isEqualTo("/jobs/" + JOB + "?wait=250ms");
    // The last poll asks only for what is left of the timeout.
    assertThat(uris.getLast()).matches("/jobs/" + JOB + "\\?wait=\\d+ms");
  }

  @Test
  void followEventsReadsTheStreamAndResumesItWhereItBroke() {
    String first =
        "id:1\nevent:status\ndata:{\"id\":\""
            + JOB
            + "\",\"status\":\"QUEUED\",\"at\":\"2026-12-03T14:00:00Z\"}\n\n";
    String rest =
        ":waiting\n\n"
            + "id:2\nevent:status\ndata:{\"id\":\""
            + JOB
            + "\",\"status\":\"RUNNING\",\"at\":\"2026-12-03T14:00:01Z\"}\n\n"
            + "id:3\nevent:status\ndata:{\"id\":\""
            + JOB
            + "\",\"status\":\"SUCCEEDED\",\"at\":\"2026-12-03T14:00:02Z\"}\n\n";
    // The first stream ends after one event, before the job's final state.
    server.then(StubServer.status(200, "text/event-stream", first));
    server.then(StubServer.status(200, "text/event-stream", rest));
    List<JobEvent> events = new ArrayList<>();

    JobEvent last = client.followEvents(JOB, 0, events::add);

    assertThat(last.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(events)
        .extracting(JobEvent::eventId, JobEvent::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, JobStatus.QUEUED),
            org.assertj.core.groups.Tuple.tuple(2L, JobStatus.RUNNING),
            org.assertj.core.groups.Tuple.tuple(3L, JobStatus.SUCCEEDED));
    List<StubServer.Received> requests = server.received();
    assertThat(requests.get(0).header("Accept")).isEqualTo("text/event-stream");
    assertThat(requests.get(0).header("Last-Event-ID")).isNull();
    assertThat(requests.get(1).header("Last-Event-ID")).isEqualTo("1");
  }

  @Test
  void followEventsOfAJobThatIsNotThereIsTheProblem() {
    server.then(problem(404, "{\"title\":\"Not Found\",\"detail\":\"no job " + JOB + "\"}"));

    TimesliceException e =
        catchThrowableOfType(TimesliceException.class, () -> client.followEvents(JOB, 0, x -> {}));

    assertThat(e.status()).isEqualTo(404);
  }

  @Test
  void watFilesAreUploadedAsTextAndBinariesAsWasm(@TempDir Path dir) throws IOException {
    Path wat = Files.writeString(dir.resolve("m.wat"), "(module)");
    Path wasm = Files.write(dir.resolve("m.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    String module = "{\"id\":\"ab\",\"sizeBytes\":8,\"imports\":[],\"exports\":[]}";
    server.then(json(201, module)).then(json(200, module));

    client.uploadModule(wat);
    ModuleInfo info = client.uploadModule(wasm);

    assertThat(info.id()).isEqualTo("ab");
    assertThat(server.received())
        .extracting(r -> r.header("Content-Type"))
        .containsExactly("text/plain; charset=utf-8", "application/wasm");
  }

  @Test
  void pathsAndQueriesAreEncoded() {
    server.then(json(200, "{\"jobs\":[],\"nextCursor\":null}"));
    server.then(problem(404, "{}"));

    JobPage page = client.listJobs(JobStatus.FAILED, "a b&c", 5);
    TimesliceException missing =
        catchThrowableOfType(TimesliceException.class, () -> client.getModule("../tenants"));

    assertThat(page.jobs()).isEmpty();
    assertThat(missing.status()).isEqualTo(404);
    assertThat(server.received())
        .extracting(StubServer.Received::uri)
        .containsExactly("/jobs?status=FAILED&cursor=a+b%26c&limit=5", "/modules/..%2Ftenants");
  }

  @Test
  void tenantsAndKeys() {
    server.then(
        json(201, "{\"id\":3,\"name\":\"acme\",\"weight\":2,\"apiKeyId\":5,\"apiKey\":\"ts_a\"}"));
    server.then(
        json(
            200,
            "[{\"id\":3,\"name\":\"acme\",\"weight\":2,\"quotas\":{\"maxQueuedJobs\":null}}]"));
    server.then(json(200, "{\"id\":6,\"tenantId\":3,\"apiKey\":\"ts_b\"}"));
    server.then(StubServer.status(204, "text/plain", ""));

    Tenant created = client.createTenant(TenantSpec.named("acme", 2));
    List<Tenant> all = client.listTenants();
    ApiKey rotated = client.rotateKey(3);
    client.revokeKey(3, 5);

    assertThat(created.apiKey()).isEqualTo("ts_a");
    assertThat(all).extracting(Tenant::name).containsExactly("acme");
    assertThat(rotated).isEqualTo(new ApiKey(6, 3, "ts_b"));
    assertThat(server.received())
        .extracting(r -> r.method() + " " + r.uri())
        .containsExactly(
            "POST /tenants",
            "GET /tenants",
            "POST /tenants/3/api-keys/rotate",
            "DELETE /tenants/3/api-keys/5");
    assertThat(server.received().getFirst().text()).isEqualTo("{\"name\":\"acme\",\"weight\":2}");
  }

  @Test
  void waitParameterUsesSecondsWhenWhole() {
    assertThat(TimesliceClient.waitParameter(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(TimesliceClient.waitParameter(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(TimesliceClient.waitParameter(Duration.ZERO)).isEqualTo("1ms");
  }

  @Test
  void wasiStdinIsTextWhenItIsUtf8AndBase64Otherwise() {
    JobSubmission.Wasi text =
        JobSubmission.Wasi.of(
            List.of("a"), Map.of(), "héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    JobSubmission.Wasi binary =
        JobSubmission.Wasi.of(List.of(), Map.of(), new byte[] {(byte) 0xff, 0});

    assertThat(text.stdin()).isEqualTo("héllo");
    assertThat(text.stdinBase64()).isNull();
    assertThat(binary.stdin()).isNull();
    assertThat(binary.stdinBase64()).isEqualTo("/wA=");
  }
}
