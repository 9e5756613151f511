package io.timeslice.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The chaos suite (issue 23): real service processes from the packaged jar on a PostgreSQL of the
 * test's own, all on loopback, each scenario bounded in time. A process is killed with SIGKILL,
 * replicas are restarted one after the other, the database is stopped under load; afterwards every
 * job the service acknowledged exists and ends, exactly once, with the result and fuel of a run
 * that nothing disturbed. Each scenario adds a row to the chaos table ({@link ChaosTable}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosTest {
  static final String ADMIN = "chaos-admin";

  /**
   * Short, so that a dead replica's jobs come back quickly; the bound of scenario 2 is twice it.
   */
  static final Duration LEASE = Duration.ofSeconds(4);

  /** The most fuel a job runs past its last checkpoint (the chaos tenants' setting). */
  static final long CHECKPOINT_FUEL = 200_000_000L;

  /** A long CPU-bound job: this many rounds of Fibonacci (bench.wasm), about 2 * 10^9 fuel. */
  static final int LONG_ROUNDS = 5_000_000;

  /**
   * A Lua script that runs for a while, printing as it goes (so that a checkpoint holds output
   * written before it), and ends with a checksum of its whole run.
   */
  static final String LUA_SCRIPT =
      "local s, t = 0, {} for i = 1, 3000000 do s = (s * 31 + i) % 1000003"
          + " if i % 250000 == 0 then t[#t + 1] = s print(i, s) end end"
          + " print('done', s, table.concat(t, ','))";

  /**
   * The long jobs of the rolling restart, all running at once: time-sliced on one worker, each
   * moves at a fiftieth of the pace, so every one is still running when a replica stops.
   */
  static final int ROLLING_JOBS = 50;

  /**
   * Their rounds: three long jobs' worth each (about 6 * 10^9 fuel), so that on a quiet machine too
   * they are still running at the second stop.
   */
  static final int ROLLING_ROUNDS = 3 * LONG_ROUNDS;

  static final ChaosTable TABLE = new ChaosTable();

  /** The uninterrupted runs' result and fuel, by rounds, each made once. */
  private static final Map<Integer, long[]> uninterrupted = new HashMap<>();

  @TempDir static Path dir;
  static ChaosDatabase db;

  @BeforeAll
  static void startDatabase() throws Exception {
    db = ChaosDatabase.start(dir.resolve("pg"));
  }

  @AfterAll
  static void writeTable() throws Exception {
    TABLE.write();
    if (db != null) {
      db.close();
    }
  }

  /** A replica on the test's database, ready to serve. */
  static ServerProcess replica(String instance, Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>(db.env());
    env.put("TIMESLICE_ADMIN_TOKEN", ADMIN);
    env.put("TIMESLICE_INSTANCE_ID", instance);
    env.put("TIMESLICE_LEASE", LEASE.toSeconds() + "s");
    env.put("TIMESLICE_WORKERS", "1");
    // C1 only and the serial collector: a replica starts faster on 2 cores (jobs run slower, with
    // the same fuel: fuel is defined on the program).
    env.put("JDK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    env.putAll(extra);
    Path data = Files.createDirectories(dir.resolve("unused-" + instance));
    return ServerProcess.start(data, env);
  }

  static Api ready(ServerProcess server) throws Exception {
    server.awaitReady(Duration.ofSeconds(120));
    return new Api(server.base(), ADMIN);
  }

  /**
   * A tenant whose running jobs are checkpointed every {@link #CHECKPOINT_FUEL} fuel or two seconds
   * of run time, set through the API.
   */
  static Api.Tenant tenant(Api api, String prefix) throws Exception {
    Api.Tenant t =
        api.tenant(
            prefix,
            Map.of("checkpointIntervalFuel", CHECKPOINT_FUEL, "checkpointIntervalSeconds", 2));
    JsonNode shown = api.get("/tenants/" + t.id(), ADMIN).json();
    assertThat(shown.get("checkpointIntervalFuel").asLong()).isEqualTo(CHECKPOINT_FUEL);
    assertThat(shown.get("checkpointIntervalSeconds").asInt()).isEqualTo(2);
    return t;
  }

  static Map<String, Object> longJob(String module) {
    return longJob(module, LONG_ROUNDS);
  }

  static Map<String, Object> longJob(String module, int rounds) {
    return Map.of("moduleId", module, "function", "fib_iter", "args", List.of(rounds));
  }

  static Map<String, Object> luaJob(String module) {
    return Map.of("moduleId", module, "wasi", Map.of("args", List.of("-e", LUA_SCRIPT)));
  }

  static Map<String, Object> shortJob(String module) {
    return Map.of("moduleId", module, "function", "fib_rec", "args", List.of(24));
  }

  /** What the jobs came to: the ended ones by id, and the ids missing or not ended in time. */
  record Ends(Map<String, JsonNode> ended, List<String> lost) {}

  /** Waits for every job in {@code ids} to end, all of them within {@code bound}. */
  static Ends awaitAll(Api api, String key, Collection<String> ids, Duration bound)
      throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    Map<String, JsonNode> ended = new HashMap<>();
    List<String> lost = new ArrayList<>();
    for (String id : ids) {
      while (true) {
        Api.Answer a = api.get("/jobs/" + id + "?wait=5s", key);
        if (a.status() == 404) {
          lost.add(id);
          break;
        }
        JsonNode job = a.json();
        if (Api.isFinal(job.get("status").asString())) {
          ended.put(id, job);
          break;
        }
        if (System.nanoTime() > deadline) {
          lost.add(id);
          break;
        }
      }
    }
    return new Ends(ended, lost);
  }

  /**
   * Waits (within {@code bound}) for {@code ids} to end, adds the scenario's row to the table and
   * checks that none was lost and none ended twice.
   */
  static Ends settle(
      Api api,
      String key,
      List<String> ids,
      Duration bound,
      String scenario,
      int accepted,
      Duration recovery,
      String measured)
      throws Exception {
    Ends ends = awaitAll(api, key, ids, bound);
    int twice = endedTwice(ids);
    TABLE.add(
        new ChaosTable.Row(scenario, accepted, ends.lost().size(), twice, recovery, measured));
    assertThat(ends.lost()).as("acknowledged jobs lost").isEmpty();
    assertThat(twice).as("jobs ended twice").isZero();
    return ends;
  }

  /** How many of {@code ids} ended more than once (more than one final event). */
  static int endedTwice(Collection<String> ids) throws Exception {
    return count(
        "SELECT count(*) FROM (SELECT job_id FROM job_events WHERE job_id = ANY(?)"
            + " AND status NOT IN ('QUEUED', 'RUNNING') GROUP BY job_id HAVING count(*) > 1) twice",
        ids);
  }

  /** The jobs {@code owner} holds a lease on now. */
  static List<String> heldBy(String owner) throws Exception {
    return query(
        "SELECT id FROM jobs WHERE lease_owner = ? AND status = 'RUNNING'",
        owner,
        rs -> {
          List<String> out = new ArrayList<>();
          while (rs.next()) {
            out.add(rs.getString(1));
          }
          return out;
        });
  }

  /** What a query's rows come to. */
  interface Rows<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /**
   * Runs {@code sql} with the one parameter {@code parameter} (job ids, a collection of strings, as
   * a uuid array) on the test's own connection.
   */
  static <T> T query(String sql, Object parameter, Rows<T> rows) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(
          1,
          parameter instanceof Collection<?> ids
              ? c.createArrayOf(
                  "uuid", ids.stream().map(id -> UUID.fromString((String) id)).toArray())
              : parameter);
      try (ResultSet rs = ps.executeQuery()) {
        return rows.read(rs);
      }
    }
  }

  /**
   * The fuel job {@code id} ran twice, from its events: after each stop (a release or a reclaim,
   * with the fuel it had then) the next run goes on from its checkpoint's fuel, or from 0 when it
   * started over.
   */
  static long fuelRunTwice(String id) throws Exception {
    return query(
        "SELECT status, detail->>'fuelConsumed', detail->>'resumedFromCheckpoint' IS NOT NULL,"
            + " detail->>'released' IS NOT NULL OR detail->>'reclaimed' IS NOT NULL"
            + " FROM job_events WHERE job_id = ? ORDER BY id",
        UUID.fromString(id),
        rs -> {
          long twice = 0;
          Long stoppedAt = null;
          while (rs.next()) {
            String status = rs.getString(1);
            boolean stop = status.equals("QUEUED") && rs.getBoolean(4);
            boolean resume = status.equals("RUNNING") && rs.getBoolean(3);
            boolean end = !status.equals("QUEUED") && !status.equals("RUNNING");
            if ((stop || end) && stoppedAt != null) {
              twice += stoppedAt; // the run after the previous stop started over
              stoppedAt = null;
            }
            if (stop) {
              stoppedAt = Long.parseLong(rs.getString(2));
            } else if (resume && stoppedAt != null) {
              twice += stoppedAt - Long.parseLong(rs.getString(2));
              stoppedAt = null;
            }
          }
          return twice;
        });
  }

  /** The results and fuel of a long job run in one go by an engine of the test's own. */
  static long[] uninterrupted() throws Exception {
    return uninterrupted(LONG_ROUNDS);
  }

  /**
   * The result and fuel of {@code fib_iter(rounds)} run in one go by an engine of the test's own
   * (tiered, as the service runs; fuel does not depend on the tier).
   */
  static synchronized long[] uninterrupted(int rounds) throws Exception {
    long[] known = uninterrupted.get(rounds);
    if (known == null) {
      Engine engine = new Engine(Config.builder().consumeFuel(true).tier(Tier.TIERED).build());
      Module module = Module.compile(engine, Files.readAllBytes(Api.program("bench.wasm")));
      Store<Void> store = new Store<>(engine, null);
      store.setFuel(Long.MAX_VALUE / 4);
      long result =
          new Linker<Void>(engine)
              .instantiate(store, module)
              .func("fib_iter")
              .call(store, rounds)[0];
      known = new long[] {result, store.fuelConsumed()};
      uninterrupted.put(rounds, known);
    }
    return known;
  }

  /**
   * (1) SIGKILL of the only server under a steady submission load: after a restart on the same
   * database every acknowledged job exists and ends once; the ones it held come back after their
   * lease. Then (4, 5) PostgreSQL stopped under the load and started again: while it is down every
   * write answers 503 problem+json, and once it is back the service takes jobs again by itself;
   * every job acknowledged before, during or after ends once.
   */
  @Test
  @Order(1)
  @Timeout(300)
  void killedUnderLoadThenDatabaseRestarted() throws Exception {
    try (ServerProcess first = replica("kill-1", Map.of())) {
      Api api = ready(first);
      Api.Tenant t = tenant(api, "kill");
      String bench = api.upload(t.key(), "bench.wasm");
      try (ChaosLoad load = new ChaosLoad(api, t.key(), shortJob(bench), Duration.ofMillis(50))) {
        load.awaitAcceptedAfter(System.nanoTime(), Duration.ofSeconds(30));
        Thread.sleep(2000);
        long killedAt = System.nanoTime();
        first.kill();
        try (ServerProcess second = replica("kill-2", Map.of())) {
          Api again = ready(second);
          load.retarget(again);
          long recoveredAt = load.awaitAcceptedAfter(killedAt, Duration.ofSeconds(60));
          Thread.sleep(1000);
          List<String> beforeOutage = load.accepted();
          Ends ends =
              settle(
                  again,
                  t.key(),
                  beforeOutage,
                  Duration.ofSeconds(90),
                  "1. kill -9 of the only server under load, restarted",
                  beforeOutage.size(),
                  Duration.ofNanos(recoveredAt - killedAt),
                  "kill to the next 202 (the restart included)");
          assertThat(ends.ended().values())
              .allSatisfy(j -> assertThat(j.get("status").asString()).isEqualTo("SUCCEEDED"))
              .allSatisfy(j -> assertThat(j.get("results").get(0).asLong()).isEqualTo(46368));
          assertThat(load.refusals())
              .as("answers other than 202 came only while no server was listening")
              .allSatisfy(r -> assertThat(r.status()).isZero());
          databaseOutage(again, t, bench, load);
        }
      }
    }
  }

  /** Scenarios 4 and 5 on a running service under {@code load}. */
  private static void databaseOutage(Api api, Api.Tenant t, String bench, ChaosLoad load)
      throws Exception {
    String queued = api.submit(t.key(), shortJob(bench));
    int refusedBefore = load.refusals().size();
    int acceptedBefore = load.accepted().size();
    long downAt = System.nanoTime();
    db.stopServer();
    // Every kind of write at once, each failing after the pool's connection timeout.
    List<java.util.concurrent.Callable<Api.Answer>> writes =
        List.of(
            () -> api.post("/jobs", t.key(), shortJob(bench)),
            () ->
                api.send(
                    "POST",
                    "/modules",
                    t.key(),
                    "application/wasm",
                    Files.readAllBytes(Api.program("jobs.wasm"))),
            () -> api.post("/tenants", ADMIN, Map.of("name", "during-outage")),
            () ->
                api.send(
                    "PATCH",
                    "/tenants/" + t.id(),
                    ADMIN,
                    "application/json",
                    "{\"weight\": 2}".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            () -> api.post("/jobs/" + queued + "/cancel", t.key(), Map.of()),
            () -> api.post("/tenants/" + t.id() + "/api-keys", ADMIN, Map.of()));
    List<Api.Answer> answers = new ArrayList<>();
    long writesFrom = System.nanoTime();
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (var f : pool.invokeAll(writes)) {
        answers.add(f.get());
      }
    }
    // Within the pool's connection timeout (5 s), not Hikari's default 30 s, which is longer than
    // most clients wait for an answer.
    assertThat(Duration.ofNanos(System.nanoTime() - writesFrom))
        .as("the 503s came within the connection timeout")
        .isLessThan(Duration.ofSeconds(20));
    Thread.sleep(1000);
    Recovery up = endOutage(load, db::startServer);
    List<String> accepted = load.accepted();
    settle(
        api,
        t.key(),
        accepted,
        Duration.ofSeconds(90),
        "4. PostgreSQL stopped "
            + Duration.ofNanos(up.endedAt() - downAt).toSeconds()
            + " s under load,"
            + " started again",
        accepted.size() - acceptedBefore,
        Duration.ofNanos(up.acceptedAt() - up.endedAt()),
        "database up to the next 202, no operator");
    List<ChaosLoad.Refusal> refused =
        load.refusals().subList(refusedBefore, load.refusals().size());
    int acceptedWhileDown = load.acceptedBetween(downAt, up.endedAt());
    TABLE.add(
        new ChaosTable.Row(
            "5. PostgreSQL down: POST /jobs ("
                + (refused.size() + 1)
                + " tries), /modules, /tenants, /api-keys, PATCH /tenants, cancel",
            acceptedWhileDown,
            0,
            0,
            Duration.ZERO,
            "none: every write answered 503 problem+json (a 202 here was committed before the"
                + " stop)"));
    assertThat(refused).as("the load saw the outage").isNotEmpty();
    for (ChaosLoad.Refusal r : refused) {
      assertThat(r.status()).as(r.body()).isEqualTo(503);
      assertThat(r.contentType()).startsWith("application/problem+json");
    }
    for (Api.Answer w : answers) {
      assertThat(w.status()).as(w.body()).isEqualTo(503);
      assertThat(w.header("Content-Type")).startsWith("application/problem+json");
      assertThat(w.header("Retry-After")).isNotNull();
      assertThat(w.json().get("status").asInt()).isEqualTo(503);
    }
    assertThat(api.get("/jobs/" + queued, t.key()).json().get("status").asString())
        .as("the cancel that answered 503 cancelled nothing")
        .isEqualTo("SUCCEEDED");
  }

  /**
   * A replica told to shed its load ({@code POST /admin/shed}) checkpoints its running jobs where
   * they stop and gives them back, claiming none while the cap holds: the other replica goes on
   * from their checkpoints, not a unit of fuel run twice. Then (2) SIGKILL of that other replica,
   * now running the long jobs and a Lua script: the first takes them over within twice the lease
   * and completes them from their checkpoints, with the result and fuel of an uninterrupted run;
   * the Lua script, checkpointed mid-script on the killed replica, ends with the stdout of a run
   * nothing interrupted.
   */
  @Test
  @Order(2)
  @Timeout(300)
  void shedThenKilledReplicaIsTakenOver() throws Exception {
    long[] expected = uninterrupted();
    ServerProcess a = replica("pair-a", Map.of());
    ServerProcess b = replica("pair-b", Map.of());
    try {
      Api apiA = ready(a);
      Api apiB = ready(b);
      Api.Tenant t = tenant(apiA, "pair");
      String bench = apiA.upload(t.key(), "bench.wasm");
      String lua = apiA.upload(t.key(), "lua.wasm");
      List<String> ids = new ArrayList<>();
      String luaId = apiA.submit(t.key(), luaJob(lua));
      ids.add(luaId);
      for (int i = 0; i < 3; i++) {
        ids.add(apiA.submit(t.key(), longJob(bench)));
      }
      awaitUntil(
          Duration.ofSeconds(60),
          "every job running",
          () -> running("pair-a", "pair-b") == ids.size());
      // The replica running the Lua script sheds its load; the other, running everything then,
      // is killed.
      boolean luaOnA = heldBy("pair-a").contains(luaId);
      String first = luaOnA ? "pair-a" : "pair-b";
      String second = luaOnA ? "pair-b" : "pair-a";
      Api apiFirst = luaOnA ? apiA : apiB;
      ServerProcess victim = luaOnA ? b : a;

      assertThat(apiFirst.post("/admin/shed", t.key(), Map.of("keep", 0)).status()).isEqualTo(403);
      assertThat(apiFirst.post("/admin/shed", ADMIN, Map.of("keep", -1)).status()).isEqualTo(400);
      List<String> shed = heldBy(first);
      Api.Answer answer = apiFirst.post("/admin/shed", ADMIN, Map.of("keep", 0));
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
      assertThat(answer.json().get("released").asInt()).isEqualTo(shed.size());
      awaitUntil(
          Duration.ofSeconds(30),
          "the shed jobs resumed on " + second,
          () -> {
            for (String id : shed) {
              if (!resumedAfterRelease(id)) {
                return false;
              }
            }
            return true;
          });
      assertThat(heldBy(first)).as("the cap holds").isEmpty();
      // Each went on from where it stopped: from the checkpoint written as it stopped, or from the
      // start when it was stopped before its first slice.
      for (String id : shed) {
        assertThat(fuelRunTwice(id)).as("fuel %s ran twice after the shed", id).isZero();
      }
      assertThat(resumedCount(List.of(luaId))).as("the Lua script resumed mid-script").isOne();
      Api.Answer lifted =
          apiFirst.post("/admin/shed", ADMIN, java.util.Collections.singletonMap("keep", null));
      assertThat(lifted.status()).as(lifted.body()).isEqualTo(200);

      // Kill -9 of the other, which runs everything now: the first takes it over.
      List<String> moved = heldBy(second);
      assertThat(moved).contains(luaId);
      awaitUntil(
          Duration.ofSeconds(30),
          "a checkpoint on " + second + " of every job it runs",
          () -> {
            for (String id : moved) {
              if (!checkpointedSinceRelease(id)) {
                return false;
              }
            }
            return true;
          });
      long killedAt = System.nanoTime();
      victim.kill();
      awaitTakenOver(LEASE.multipliedBy(2).plusSeconds(1), first, apiFirst, t.key(), moved);
      Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
      // The same script where nothing interrupts it.
      String luaReference = apiFirst.submit(t.key(), luaJob(lua));
      Ends ends =
          settle(
              apiFirst,
              t.key(),
              ids,
              Duration.ofSeconds(150),
              "2. two replicas, kill -9 of the one running "
                  + moved.size()
                  + " long job(s), a Lua script among them",
              ids.size(),
              takeover,
              "kill to the survivor holding every job of the killed one (bound: 2 × lease = "
                  + LEASE.multipliedBy(2).toSeconds()
                  + " s)");
      TABLE.add(
          new ChaosTable.Row(
              "shed load: POST /admin/shed {\"keep\": 0} on a replica running "
                  + shed.size()
                  + " job(s)",
              shed.size(),
              0,
              0,
              Duration.ZERO,
              "none: the jobs went on on the other replica from where they stopped"));
      assertThat(takeover).isLessThanOrEqualTo(LEASE.multipliedBy(2));
      for (String id : moved) {
        assertThat(resumedAfter(id, "reclaimed"))
            .as(id + " went on from its checkpoint after the kill, not from the start")
            .isTrue();
      }
      Map<String, JsonNode> longJobs = new HashMap<>(ends.ended());
      JsonNode luaMoved = longJobs.remove(luaId);
      assertSameAsUninterrupted(new Ends(longJobs, List.of()), expected);
      JsonNode reference = apiFirst.await(t.key(), luaReference);
      assertThat(reference.get("resumedFromCheckpoint").asInt()).isZero();
      assertThat(luaMoved.get("status").asString()).isEqualTo("SUCCEEDED");
      assertThat(luaMoved.get("stdout").asString())
          .startsWith("250000\t")
          .contains("done\t")
          .isEqualTo(reference.get("stdout").asString());
      // Not the fuel: the service's WASI clock is the real one, and Lua seeds its string hashes
      // with it, so its fuel differs from run to run, moved or not (docs/checkpoint.md, Tests).
      assertThat(luaMoved.get("fuelConsumed").asLong()).isGreaterThan(2 * CHECKPOINT_FUEL);
    } catch (AssertionError e) {
      System.out.println(jobsNow() + "\n--- pair-a:\n" + a.log() + "\n--- pair-b:\n" + b.log());
      throw e;
    } finally {
      a.close();
      b.close();
    }
  }

  /** Every job's row and events now, for a failure's report. */
  static String jobsNow() throws Exception {
    StringBuilder out = new StringBuilder();
    try (Connection c = db.connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT j.id, j.status, j.lease_owner, j.resumed_from_checkpoint,"
                        + " string_agg(e.status || coalesce(e.detail::text, ''), ' > ' ORDER BY e.id)"
                        + " FROM jobs j JOIN job_events e ON e.job_id = j.id"
                        + " GROUP BY j.id")) {
      while (rs.next()) {
        for (int i = 1; i <= 5; i++) {
          out.append(rs.getString(i)).append(i < 5 ? " | " : "\n");
        }
      }
    }
    return out.toString();
  }

  /**
   * (3) A rolling restart of two replicas while {@link #ROLLING_JOBS} long CPU-bound jobs run: the
   * first replica holds them all, the second is started beside it (the deploy's surge), then each
   * old replica is stopped (SIGTERM) and a successor started and made ready in its place. Every job
   * ends with the result and the total fuel of an uninterrupted run; every job was running on a
   * replica as it stopped and went on from the checkpoint written then; no fuel ran twice beyond
   * one checkpoint interval.
   */
  @Test
  @Order(3)
  @Timeout(420)
  void rollingRestart() throws Exception {
    long[] expected = uninterrupted(ROLLING_ROUNDS);
    Map<String, ServerProcess> up = new java.util.LinkedHashMap<>();
    List<ServerProcess> started = new ArrayList<>();
    try {
      Map<String, Api> apis = new HashMap<>();
      startReplica("roll-a", up, started, apis);
      Api.Tenant t = tenant(apis.get("roll-a"), "roll");
      String bench = apis.get("roll-a").upload(t.key(), "bench.wasm");
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < ROLLING_JOBS; i++) {
        ids.add(apis.get("roll-a").submit(t.key(), longJob(bench, ROLLING_ROUNDS)));
      }
      awaitUntil(
          Duration.ofSeconds(60),
          "roll-a running all " + ROLLING_JOBS + " jobs",
          () -> heldBy("roll-a").size() == ROLLING_JOBS);
      startReplica("roll-b", up, started, apis);
      java.util.Set<String> movedAll = new java.util.LinkedHashSet<>();
      List<Integer> movedPerStop = new ArrayList<>();
      Duration longest = Duration.ZERO;
      for (String[] step :
          new String[][] {{"roll-a", "roll-b", "roll-a2"}, {"roll-b", "roll-a2", "roll-b2"}}) {
        String stopping = step[0];
        String other = step[1];
        List<String> moved = heldBy(stopping);
        movedAll.addAll(moved);
        movedPerStop.add(moved.size());
        long stoppedAt = System.nanoTime();
        assertThat(up.remove(stopping).stop(Duration.ofSeconds(60))).isEqualTo(143);
        awaitTakenOver(Duration.ofSeconds(30), other, apis.get(other), t.key(), moved);
        Duration back = Duration.ofNanos(System.nanoTime() - stoppedAt);
        longest = back.compareTo(longest) > 0 ? back : longest;
        startReplica(step[2], up, started, apis);
      }
      Ends ends =
          settle(
              apis.get("roll-b2"),
              t.key(),
              ids,
              Duration.ofSeconds(300),
              "3. rolling restart of two replicas under "
                  + ids.size()
                  + " long jobs, "
                  + movedPerStop.get(0)
                  + " running on the first replica as it stopped, "
                  + movedPerStop.get(1)
                  + " on the second",
              ids.size(),
              longest,
              "SIGTERM to the stopped replica's jobs running on the other (the longer stop)");
      assertSameAsUninterrupted(ends, expected);
      long mostRunTwice = 0;
      for (String id : ids) {
        long runTwice = fuelRunTwice(id);
        mostRunTwice = Math.max(mostRunTwice, runTwice);
        assertThat(runTwice).as(id + " ran fuel twice").isBetween(0L, CHECKPOINT_FUEL);
      }
      System.out.printf(
          "rolling restart: %d jobs, moved %s, %d resumed from checkpoints, at most %d fuel run"
              + " twice%n",
          ids.size(), movedPerStop, resumedCount(ids), mostRunTwice);
      assertThat(movedAll)
          .as("every job was running on a replica as it stopped")
          .containsExactlyInAnyOrderElementsOf(ids);
      assertThat(resumedCount(ids))
          .as("every job moved went on from a checkpoint")
          .isEqualTo(ids.size());
    } finally {
      for (ServerProcess p : started) {
        p.close();
      }
    }
  }

  /**
   * (6) Disk full under load: the job tables are moved to a tablespace on a size-limited tmpfs,
   * which is then filled, so PostgreSQL's writes to them fail as on a full disk ("could not extend
   * file": SQLSTATE 53100). Every submission answers 202 or 503 problem+json, a 503 leaves no job
   * behind, and once space is freed the service takes jobs again by itself; every acknowledged job
   * ends exactly once.
   */
  @Test
  @Order(4)
  @Timeout(300)
  void diskFullUnderLoad() throws Exception {
    Path fs = Files.createDirectories(dir.resolve("full-disk"));
    SmallDisk disk = SmallDisk.mount(fs, 8);
    Assumptions.assumeTrue(disk != null, SmallDisk.WHY_NOT);
    try (ServerProcess server = replica("full-1", Map.of())) {
      Api api = ready(server);
      Api.Tenant t = tenant(api, "full");
      String bench = api.upload(t.key(), "bench.wasm");
      disk.moveTables(db, "jobs", "job_events");
      try (ChaosLoad load = new ChaosLoad(api, t.key(), shortJob(bench), Duration.ofMillis(50))) {
        load.awaitAcceptedAfter(System.nanoTime(), Duration.ofSeconds(30));
        int refusedBefore = load.refusals().size();
        long fullAt = System.nanoTime();
        disk.fill();
        assertThat(disk.sqlStateOfAWrite(db))
            .as("PostgreSQL's answer: disk full")
            .isEqualTo("53100");
        awaitUntil(
            Duration.ofSeconds(60),
            "the load refused while the disk is full",
            () -> load.refusals().size() - refusedBefore >= 5);
        Thread.sleep(2000);
        Recovery freed = endOutage(load, disk::free);
        List<String> accepted = load.accepted();
        settle(
            api,
            t.key(),
            accepted,
            Duration.ofSeconds(120),
            "6. disk full: the job tables' tablespace (an 8 MiB tmpfs) filled "
                + Duration.ofNanos(freed.endedAt() - fullAt).toSeconds()
                + " s under load, then freed",
            accepted.size(),
            Duration.ofNanos(freed.acceptedAt() - freed.endedAt()),
            "space freed to the next 202, no operator");
        List<ChaosLoad.Refusal> refused =
            load.refusals().subList(refusedBefore, load.refusals().size());
        for (ChaosLoad.Refusal r : refused) {
          assertThat(r.status()).as(r.body()).isEqualTo(503);
          assertThat(r.contentType()).startsWith("application/problem+json");
        }
        int stored =
            query(
                "SELECT count(*) FROM jobs WHERE tenant_id = ?",
                t.id(),
                rs -> {
                  rs.next();
                  return rs.getInt(1);
                });
        assertThat(stored)
            .as("jobs stored: the acknowledged ones, none of those refused")
            .isEqualTo(accepted.size());
        System.out.printf(
            "disk full: %d accepted, %d refused with 503 while full%n",
            accepted.size(), refused.size());
      }
    } finally {
      disk.close(db);
    }
  }

  /** Starts replica {@code name} and waits until it is ready. */
  private static void startReplica(
      String name,
      Map<String, ServerProcess> up,
      List<ServerProcess> started,
      Map<String, Api> apis)
      throws Exception {
    ServerProcess p = replica(name, Map.of());
    started.add(p);
    up.put(name, p);
    apis.put(name, ready(p));
  }

  /** Waits until {@code owner} holds each of {@code moved} (or it has ended). */
  private static void awaitTakenOver(
      Duration timeout, String owner, Api api, String key, List<String> moved) throws Exception {
    awaitUntil(
        timeout,
        owner + " holding every job of the stopped replica, or having ended it",
        () -> {
          List<String> held = heldBy(owner);
          for (String id : moved) {
            if (!held.contains(id) && !ended(api, key, id)) {
              return false;
            }
          }
          return true;
        });
  }

  private static boolean ended(Api api, String key, String id) throws Exception {
    return Api.isFinal(api.get("/jobs/" + id, key).json().get("status").asString());
  }

  private static void assertSameAsUninterrupted(Ends ends, long[] expected) {
    assertThat(ends.ended().values())
        .allSatisfy(
            j -> {
              assertThat(j.get("status").asString()).isEqualTo("SUCCEEDED");
              assertThat(j.get("results").get(0).asLong()).isEqualTo(expected[0]);
              assertThat(j.get("fuelConsumed").asLong()).isEqualTo(expected[1]);
            });
  }

  /** The fuel job {@code j.id} had at its last release (null: never released), as SQL. */
  private static final String RELEASED_AT =
      "(SELECT (e.detail->>'fuelConsumed')::bigint FROM job_events e WHERE e.job_id = j.id"
          + " AND e.detail->>'released' IS NOT NULL ORDER BY e.id DESC LIMIT 1)";

  /**
   * Whether job {@code id}, given back by a release, runs again: resumed from its checkpoint, or
   * started over when it was released before its first slice (at fuel 0), or ended.
   */
  static boolean resumedAfterRelease(String id) throws Exception {
    return aboutJob(
        "j.status, j.resumed_from_checkpoint, " + RELEASED_AT,
        id,
        rs -> {
          rs.next();
          String status = rs.getString(1);
          return Api.isFinal(status)
              || rs.getInt(2) > 0
              || (status.equals("RUNNING") && rs.getLong(3) == 0);
        });
  }

  /** Whether job {@code id} has a checkpoint of more fuel than it had when it was released. */
  static boolean checkpointedSinceRelease(String id) throws Exception {
    return aboutJob(
        "(SELECT fuel_consumed FROM job_checkpoints WHERE job_id = j.id) > coalesce("
            + RELEASED_AT
            + ", -1) OR j.status NOT IN ('QUEUED', 'RUNNING')",
        id,
        rs -> rs.next() && rs.getBoolean(1));
  }

  /**
   * Whether job {@code id} went on from a checkpoint after its last stop of kind {@code why}
   * ({@code reclaimed}, {@code released}); true when it was never stopped so (it ended first).
   */
  static boolean resumedAfter(String id, String why) throws Exception {
    String stop =
        "(SELECT max(q.id) FROM job_events q WHERE q.job_id = j.id AND q.detail->>'"
            + why
            + "' IS NOT NULL)";
    return aboutJob(
        stop
            + " IS NULL OR EXISTS (SELECT 1 FROM job_events r WHERE r.job_id = j.id"
            + " AND r.status = 'RUNNING' AND r.detail->>'resumedFromCheckpoint' IS NOT NULL"
            + " AND r.id > "
            + stop
            + ")",
        id,
        rs -> rs.next() && rs.getBoolean(1));
  }

  /** {@code columns} of the row of job {@code id} (as {@code j}). */
  static <T> T aboutJob(String columns, String id, Rows<T> rows) throws Exception {
    return query("SELECT " + columns + " FROM jobs j WHERE j.id = ?", UUID.fromString(id), rows);
  }

  /** How many jobs {@code owners} hold leases on now. */
  static int running(String... owners) throws Exception {
    int n = 0;
    for (String owner : owners) {
      n += heldBy(owner).size();
    }
    return n;
  }

  /** How many of {@code ids} have not ended. */
  static int unfinished(Collection<String> ids) throws Exception {
    return count(
        "SELECT count(*) FROM jobs WHERE id = ANY(?) AND status IN ('QUEUED', 'RUNNING')", ids);
  }

  /** How many of {@code ids} went on from a checkpoint at least once. */
  static int resumedCount(Collection<String> ids) throws Exception {
    return count(
        "SELECT count(*) FROM jobs WHERE id = ANY(?) AND resumed_from_checkpoint > 0", ids);
  }

  private static int count(String sql, Collection<String> ids) throws Exception {
    return query(
        sql,
        ids,
        rs -> {
          rs.next();
          return rs.getInt(1);
        });
  }

  /** When an outage ended, and when the load's next submission was acknowledged after it. */
  record Recovery(long endedAt, long acceptedAt) {}

  /** A step of the test that may fail. */
  interface Step {
    void run() throws Exception;
  }

  /**
   * Ends an outage with {@code end}, waits (at most a minute) for the load's next acknowledgement,
   * lets it run a second more and stops it.
   */
  static Recovery endOutage(ChaosLoad load, Step end) throws Exception {
    long endedAt = System.nanoTime();
    end.run();
    long acceptedAt = load.awaitAcceptedAfter(endedAt, Duration.ofSeconds(60));
    Thread.sleep(1000);
    load.close();
    return new Recovery(endedAt, acceptedAt);
  }

  /** A condition the test waits for. */
  interface Condition {
    boolean holds() throws Exception;
  }

  static void awaitUntil(Duration timeout, String what, Condition condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      Thread.sleep(100);
    }
  }
}
