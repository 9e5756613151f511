package io.timeslice.cli;

import static io.timeslice.client.StubServer.json;
import static io.timeslice.client.StubServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.client.StubServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against a scripted server: parsing, config, output, errors, exit codes. */
class MainTest {
  private static final String JOB = "0193a1b2-0000-7000-8000-000000000001";
  private static final String MODULE = "ab".repeat(32);

  @TempDir Path home;
  private final StubServer server = StubServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  /** A client with the stub's URL and a key in its environment. */
  private Cli cli() {
    return new Cli(home)
        .env("TIMESLICE_URL", server.base().toString())
        .env("TIMESLICE_KEY", "ts_k");
  }

  private static String job(String status, String extra) {
    return "{\"id\":\""
        + JOB
        + "\",\"status\":\""
        + status
        + "\",\"moduleId\":\""
        + MODULE
        + "\",\"fuelLimit\":1000000,\"fuelConsumed\":"
        + (status.equals("QUEUED") ? 0 : 250000)
        + ",\"fuelScheduleVersion\":1,\"slices\":"
        + (status.equals("QUEUED") ? 0 : 3)
        + ",\"attempts\":1,\"priority\":0,\"submittedAt\":\"2026-12-03T14:00:00Z\""
        + extra
        + "}";
  }

  private static final String ACCEPTED = "{\"id\":\"" + JOB + "\",\"status\":\"QUEUED\"}";

  @Test
  void everyCommandHasHelp() {
    List<String> commands =
        List.of(
            "",
            "login",
            "tenants",
            "tenants create",
            "tenants list",
            "tenants update",
            "keys",
            "keys create",
            "keys rotate",
            "keys revoke",
            "modules",
            "modules upload",
            "modules list",
            "modules get",
            "modules rm",
            "jobs",
            "jobs submit",
            "jobs get",
            "jobs list",
            "jobs cancel",
            "jobs logs");
    for (String command : commands) {
      String[] args = (command.isEmpty() ? "--help" : command + " --help").split(" ");
      Cli.Result r = new Cli(home).run(args);
      assertThat(r.exit()).as(command).isZero();
      assertThat(r.out())
          .as(command)
          .startsWith("Usage: timeslice" + (command.isEmpty() ? "" : " " + command));
      assertThat(r.err()).as(command).isEmpty();
    }
    assertThat(new Cli(home).run("--help").out()).contains("Exit codes:", "login", "jobs");
  }

  @Test
  void withoutAUrlTheClientSaysHowToGiveOne() {
    Cli.Result r = new Cli(home).run("jobs", "list");

    assertThat(r.exit()).isEqualTo(Main.USAGE);
    assertThat(r.err())
        .isEqualTo(
            "timeslice jobs list: no service URL: run 'timeslice login --url URL ...', or pass"
                + " --url, or set TIMESLICE_URL\n");
  }

  @Test
  void loginChecksTheKeyAndStoresItReadableByTheOwnerOnly() throws IOException {
    server.then(json(200, "{\"modules\":[]}"));

    Cli.Result r =
        new Cli(home).run("login", "--url", server.base().toString(), "--key", "ts_secret_key");

    assertThat(r.exit()).as(r.err()).isZero();
    Path config = home.resolve("timeslice/config");
    assertThat(r.out())
        .contains("API key ts_secr…")
        .contains(config.toString())
        .doesNotContain("ts_secret_key");
    assertThat(Files.readString(config)).contains("key=ts_secret_key", "url=" + server.base());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.getParent())))
        .isEqualTo("rwx------");
    assertThat(server.received().getFirst().header("Authorization"))
        .isEqualTo("Bearer ts_secret_key");

    // Later commands use what was stored; a second login adds to it.
    server.then(json(200, "{\"jobs\":[],\"nextCursor\":null}"));
    assertThat(new Cli(home).run("jobs", "list").exit()).isZero();
    assertThat(server.received().get(1).header("Authorization")).isEqualTo("Bearer ts_secret_key");
    assertThat(new Cli(home).run("login", "--tenant", "7", "--no-check").exit()).isZero();
    assertThat(Files.readString(config)).contains("key=ts_secret_key", "tenant=7");
  }

  @Test
  void aLoginTheServiceRefusesStoresNothing() {
    server.then(
        problem(
            401,
            "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"the API key is not valid\"}"));

    Cli.Result r = new Cli(home).run("login", "--url", server.base().toString(), "--key", "bad");

    assertThat(r.exit()).isEqualTo(Main.REFUSED);
    assertThat(r.err()).isEqualTo("timeslice login: Unauthorized: the API key is not valid\n");
    assertThat(home.resolve("timeslice/config")).doesNotExist();
  }

  @Test
  void flagsOverrideTheEnvironmentWhichOverridesTheConfigFile() throws IOException {
    Files.createDirectories(home.resolve("timeslice"));
    Files.writeString(home.resolve("timeslice/config"), "url=http://127.0.0.1:1\nkey=ts_file\n");
    for (int i = 0; i < 3; i++) {
      server.then(json(200, "{\"modules\":[]}"));
    }
    String url = server.base().toString();

    new Cli(home).env("TIMESLICE_URL", url).run("modules", "list");
    new Cli(home).env("TIMESLICE_URL", url).env("TIMESLICE_KEY", "ts_env").run("modules", "list");
    new Cli(home)
        .env("TIMESLICE_KEY", "ts_env")
        .run("modules", "list", "--url", url, "--key", "ts_flag");

    assertThat(server.received())
        .extracting(r -> r.header("Authorization"))
        .containsExactly("Bearer ts_file", "Bearer ts_env", "Bearer ts_flag");
  }

  @Test
  void submitParsesAFunctionCallWithOptionsAnywhere() {
    server.then(json(202, ACCEPTED));

    Cli.Result r =
        cli()
            .run(
                ("jobs submit "
                        + MODULE
                        + " --invoke add 20 --fuel 1_000 -5 18446744073709551615"
                        + " --priority 3")
                    .split(" "));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(JOB + "\n");
    StubServer.Received sent = server.received().getFirst();
    assertThat(sent.text())
        .isEqualTo(
            "{\"moduleId\":\""
                + MODULE
                + "\",\"function\":\"add\","
                + "\"args\":[\"20\",\"-5\",\"18446744073709551615\"],\"fuelLimit\":1000,\"priority\":3}");
    assertThat(sent.header("Idempotency-Key")).isNotBlank();
  }

  @Test
  void submitParsesAWasiCommandWithArgvEnvAndStdin() throws IOException {
    Path input = Files.writeString(home.resolve("in.txt"), "line\n");
    server.then(json(202, ACCEPTED));

    Cli.Result r =
        cli()
            .run(
                ("jobs submit "
                        + MODULE
                        + " --env A=1 --stdin "
                        + input
                        + " --env B=x=y -- -v --out x")
                    .split(" "));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(server.received().getFirst().text())
        .isEqualTo(
            "{\"moduleId\":\""
                + MODULE
                + "\",\"wasi\":{\"args\":[\"-v\",\"--out\",\"x\"],"
                + "\"env\":{\"A\":\"1\",\"B\":\"x=y\"},\"stdin\":\"line\\n\"}}");
  }

  @Test
  void submitOfAFileUploadsItFirst() throws IOException {
    Path wat = Files.writeString(home.resolve("hello.wat"), "(module)");
    server.then(
        json(201, "{\"id\":\"" + MODULE + "\",\"sizeBytes\":8,\"imports\":[],\"exports\":[]}"));
    server.then(json(202, ACCEPTED));

    Cli.Result r = cli().run("jobs", "submit", wat.toString(), "-q");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(server.received())
        .extracting(x -> x.method() + " " + x.uri() + " " + x.header("Content-Type"))
        .containsExactly("POST /modules text/plain; charset=utf-8", "POST /jobs application/json");
    assertThat(server.received().get(1).text()).contains("\"moduleId\":\"" + MODULE + "\"");
  }

  @Test
  void usageErrorsAreOneLineWithExitCode2() {
    Cli.Result both = cli().run("jobs", "submit", MODULE, "--invoke", "f", "--env", "A=1");
    Cli.Result badFuel = cli().run("jobs", "submit", MODULE, "--fuel", "1x");
    Cli.Result timeoutAlone = cli().run("jobs", "submit", MODULE, "--timeout", "5s");
    Cli.Result unknown = cli().run("jobs", "frobnicate");
    Cli.Result noFile = cli().run("modules", "upload", home.resolve("missing.wasm").toString());

    assertThat(List.of(both, badFuel, timeoutAlone, unknown, noFile))
        .allSatisfy(
            r -> {
              assertThat(r.exit()).isEqualTo(Main.USAGE);
              assertThat(r.err().lines()).hasSize(1);
              assertThat(r.err()).doesNotContain("Exception", "\tat ");
            });
    assertThat(both.err()).contains("--stdin and --env are for WASI commands, not --invoke");
    assertThat(badFuel.err()).contains("'1x' is not a positive number");
    assertThat(noFile.err()).endsWith("missing.wasm: no such file\n");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void waitShowsProgressThenTheJobsOutputAsItsOwnAndExitsWithItsCode() {
    server.then(json(202, ACCEPTED)).then(json(200, job("QUEUED", "")));
    server.then(json(200, job("RUNNING", "")));
    server.then(
        json(
            200,
            job(
                "FAILED",
                ",\"exitCode\":3,\"stdout\":\"out\\n\",\"stderr\":\"warn\\n\","
                    + "\"failure\":{\"kind\":\"EXIT\",\"message\":\"exit code 3\"}")));

    Cli.Result r = cli().run("jobs", "submit", MODULE, "--wait");

    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.out()).isEqualTo("out\n");
    assertThat(r.err())
        .isEqualTo(
            "job "
                + JOB
                + " QUEUED  fuel 0 of 1,000,000  slices 0\n"
                + "job "
                + JOB
                + " RUNNING  fuel 250,000 of 1,000,000  slices 3\n"
                + "job "
                + JOB
                + " FAILED  fuel 250,000 of 1,000,000  slices 3\n"
                + "warn\n");
    assertThat(server.received().get(2).uri()).isEqualTo("/jobs/" + JOB + "?wait=1s");
  }

  @Test
  void waitPrintsAFunctionsResultsAndOnATerminalRedrawsOneLine() {
    server.then(json(202, ACCEPTED)).then(json(200, job("RUNNING", "")));
    server.then(json(200, job("SUCCEEDED", ",\"function\":\"fib\",\"results\":[6765,-1]")));

    Cli.Result r = cli().tty().run("jobs", "submit", MODULE, "--invoke", "fib", "20", "--wait");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("6765\n-1\n");
    assertThat(r.err())
        .isEqualTo(
            "\r\033[Kjob "
                + JOB
                + " RUNNING  fuel 250,000 of 1,000,000  slices 3"
                + "\r\033[Kjob "
                + JOB
                + " SUCCEEDED  fuel 250,000 of 1,000,000  slices 3"
                + "\r\033[K");
  }

  @Test
  void waitGivesUpAtItsTimeoutWithExitCode5() {
    server.then(json(202, ACCEPTED)).then(json(200, job("RUNNING", "")));
    for (int i = 0; i < 20; i++) {
      server.then(
          StubServer.after(java.time.Duration.ofMillis(200), json(200, job("RUNNING", ""))));
    }

    Cli.Result r = cli().run("jobs", "submit", MODULE, "--wait", "--timeout", "1s", "-q");

    assertThat(r.exit()).isEqualTo(Main.WAIT_TIMEOUT);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            "job " + JOB + " is still RUNNING; 'timeslice jobs get " + JOB + "' shows it later\n");
  }

  @Test
  void aJobThatFailsWithoutAnExitCodeSaysWhyAndExits4() {
    server.then(json(202, ACCEPTED));
    server.then(
        json(
            200,
            job(
                "FAILED",
                ",\"failure\":{\"kind\":\"TRAP\",\"message\":\"unreachable\\nexecuted\"},"
                    + "\"trap\":{\"code\":\"UNREACHABLE\",\"message\":\"unreachable\"}")));

    Cli.Result r = cli().run("jobs", "submit", MODULE, "--invoke", "boom", "--wait", "-q");

    assertThat(r.exit()).isEqualTo(Main.JOB_FAILED);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("job " + JOB + " FAILED: TRAP: unreachable executed\n");
  }

  @Test
  void aProblemIsOneLineWithTitleDetailAndWhere() {
    server.then(
        problem(
            400,
            "{\"title\":\"Invalid module\",\"status\":400,\"detail\":\"type mismatch\","
                + "\"offset\":42}"));
    server.then(
        problem(
            400,
            "{\"title\":\"Malformed module text\",\"status\":400,\"detail\":\"unknown operator i33.const\","
                + "\"line\":3,\"column\":5}"));

    Cli.Result binary = cli().stdin("\0asm").run("modules", "upload", "-");
    Cli.Result text = cli().stdin("(module)").run("modules", "upload", "-");

    assertThat(binary.exit()).isEqualTo(Main.REFUSED);
    assertThat(binary.err())
        .isEqualTo("timeslice modules upload: Invalid module: type mismatch (offset 42)\n");
    assertThat(text.err())
        .isEqualTo(
            "timeslice modules upload: Malformed module text: unknown operator i33.const (line 3,"
                + " column 5)\n");
  }

  @Test
  void aLocationTheDetailNamesAlreadyIsNotRepeated() {
    server.then(
        problem(
            400,
            "{\"title\":\"Malformed module\",\"status\":400,"
                + "\"detail\":\"magic header not detected (at byte offset 0)\",\"offset\":0}"));

    Cli.Result r = cli().stdin("# not a module").run("modules", "upload", "-");

    assertThat(r.err())
        .isEqualTo(
            "timeslice modules upload: Malformed module: magic header not detected (at byte"
                + " offset 0)\n");
  }

  @Test
  void cancelSaysWhetherTheJobHasEndedYet() {
    server.then(json(202, "{\"id\":\"" + JOB + "\",\"status\":\"RUNNING\"}"));
    server.then(json(202, "{\"id\":\"" + JOB + "\",\"status\":\"CANCELLED\"}"));

    assertThat(cli().run("jobs", "cancel", JOB).out())
        .isEqualTo("job " + JOB + " RUNNING: cancelled within a slice\n");
    assertThat(cli().run("jobs", "cancel", JOB).out()).isEqualTo("job " + JOB + " CANCELLED\n");
    assertThat(server.received().getFirst().uri()).isEqualTo("/jobs/" + JOB + "/cancel");
  }

  @Test
  void anUnreachableServiceExits3() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Cli.Result r =
        new Cli(home)
            .run("tenants", "list", "--url", "http://127.0.0.1:" + port, "--admin-token", "t");

    assertThat(r.exit()).isEqualTo(Main.UNREACHABLE);
    assertThat(r.err())
        .startsWith("timeslice tenants list: Cannot reach the service: http://127.0.0.1:" + port);
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void tenantsCreateWithLoginStoresTheNewKeyAndTenant() throws IOException {
    server.then(
        json(
            201, "{\"id\":4,\"name\":\"acme\",\"weight\":2,\"apiKeyId\":9,\"apiKey\":\"ts_new\"}"));

    Cli.Result r =
        new Cli(home)
            .env("TIMESLICE_ADMIN_TOKEN", "adm")
            .run(
                "tenants",
                "create",
                "acme",
                "--weight",
                "2",
                "--login",
                "--url",
                server.base().toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("tenant 4 acme (weight 2)\nAPI key 9 (shown this once): ts_new\n");
    assertThat(server.received().getFirst().header("Authorization")).isEqualTo("Bearer adm");
    assertThat(server.received().getFirst().text()).isEqualTo("{\"name\":\"acme\",\"weight\":2}");
    assertThat(Files.readString(home.resolve("timeslice/config")))
        .contains("key=ts_new", "tenant=4");
  }

  @Test
  void rotatingTheStoredKeyStoresTheNewOne() throws IOException {
    Files.createDirectories(home.resolve("timeslice"));
    Files.writeString(
        home.resolve("timeslice/config"), "url=" + server.base() + "\nkey=ts_old\ntenant=4\n");
    server.then(json(200, "{\"id\":10,\"tenantId\":4,\"apiKey\":\"ts_rotated\"}"));

    Cli.Result r = new Cli(home).run("keys", "rotate");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(server.received().getFirst().uri()).isEqualTo("/tenants/4/api-keys/rotate");
    assertThat(Files.readString(home.resolve("timeslice/config")))
        .contains("key=ts_rotated")
        .doesNotContain("ts_old");
  }

  @Test
  void keysNeedATenant() {
    Cli.Result r = cli().run("keys", "revoke", "3");

    assertThat(r.exit()).isEqualTo(Main.USAGE);
    assertThat(r.err()).startsWith("timeslice keys revoke: which tenant? pass --tenant ID");
  }

  @Test
  void logsFollowShowsTheStatesThenTheOutput() {
    String events =
        "id:1\nevent:status\ndata:{\"id\":\""
            + JOB
            + "\",\"status\":\"RUNNING\",\"at\":\"2026-12-03T14:00:01Z\"}\n\n"
            + "id:2\nevent:status\ndata:{\"id\":\""
            + JOB
            + "\",\"status\":\"SUCCEEDED\",\"at\":\"2026-12-03T14:00:02Z\"}\n\n";
    server.then(StubServer.status(200, "text/event-stream", events));
    server.then(json(200, job("SUCCEEDED", ",\"exitCode\":0,\"stdout\":\"hello, world\\n\"")));

    Cli.Result r = cli().run("jobs", "logs", JOB, "--follow");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("hello, world\n");
    assertThat(r.err())
        .isEqualTo(
            "2026-12-03T14:00:01Z job "
                + JOB
                + " RUNNING\n"
                + "2026-12-03T14:00:02Z job "
                + JOB
                + " SUCCEEDED\n");
  }

  @Test
  void listsAreAlignedTables() {
    server.then(
        json(
            200,
            "{\"jobs\":["
                + job("SUCCEEDED", ",\"function\":\"fib\"")
                + ","
                + job("QUEUED", "")
                + "],\"nextCursor\":\"c1\"}"));

    Cli.Result r = cli().run("jobs", "list", "--status", "succeeded", "--limit", "2");

    assertThat(r.out())
        .isEqualTo(
            "ID                                    STATUS     FUEL     SLICES  SUBMITTED             FUNCTION\n"
                + JOB
                + "  SUCCEEDED  250,000  3       2026-12-03T14:00:00Z  fib\n"
                + JOB
                + "  QUEUED     0        0       2026-12-03T14:00:00Z  (WASI)\n");
    assertThat(r.err()).isEqualTo("more: timeslice jobs list --cursor c1\n");
    assertThat(server.received().getFirst().uri()).isEqualTo("/jobs?status=SUCCEEDED&limit=2");
  }

  @Test
  void jobsGetJsonPrintsTheServicesAnswerAsItCame() {
    String body = job("SUCCEEDED", ",\"results\":[6765],\"traceId\":\"" + "0".repeat(31) + "1\"");
    server.then(json(200, body));

    Cli.Result r = cli().run("jobs", "get", JOB, "--json");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(body + "\n");
    assertThat(server.received().getFirst().uri()).isEqualTo("/jobs/" + JOB);
  }

  @Test
  void tenantsUpdatePatchesOnlyTheSettingsGiven() {
    server.then(
        json(
            200,
            "{\"id\":4,\"name\":\"acme\",\"weight\":3,"
                + "\"quotas\":{\"maxQueuedJobs\":50,\"maxRunningJobs\":null},\"retentionDays\":9}"));

    Cli.Result r =
        new Cli(home)
            .env("TIMESLICE_ADMIN_TOKEN", "adm")
            .env("TIMESLICE_URL", server.base().toString())
            .run(
                "tenants",
                "update",
                "4",
                "--weight",
                "3",
                "--max-queued-jobs",
                "50",
                "--retention-days",
                "9",
                "--checkpoint-seconds",
                "30");

    assertThat(r.exit()).as(r.err()).isZero();
    StubServer.Received patch = server.received().getFirst();
    assertThat(patch.method()).isEqualTo("PATCH");
    assertThat(patch.uri()).isEqualTo("/tenants/4");
    assertThat(patch.header("Authorization")).isEqualTo("Bearer adm");
    assertThat(patch.text())
        .isEqualTo(
            "{\"weight\":3,\"maxQueuedJobs\":50,\"retentionDays\":9,"
                + "\"checkpointIntervalSeconds\":30}");
    assertThat(r.out())
        .isEqualTo(
            "tenant 4 acme (weight 3)\n  maxQueuedJobs 50\n  maxRunningJobs default\n"
                + "  retentionDays 9\n");
  }

  @Test
  void tenantsUpdateWithoutASettingIsAUsageError() {
    Cli.Result r = new Cli(home).env("TIMESLICE_ADMIN_TOKEN", "adm").run("tenants", "update", "4");

    assertThat(r.exit()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("nothing to change");
    assertThat(server.received()).isEmpty();
  }
}
