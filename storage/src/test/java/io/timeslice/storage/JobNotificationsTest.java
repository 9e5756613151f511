package io.timeslice.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.timeslice.storage.testing.TestDatabases;
import io.timeslice.storage.testing.TestModules;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PostgreSQL pushes job changes: queued jobs wake claimers, a job's change wakes its waiters. */
class JobNotificationsTest {
  private Database db;
  private JobQueue jobs;
  private JobSignals signals;
  private JobNotifications notifications;
  private long tenant;
  private byte[] module;

  @BeforeEach
  void setUp() throws Exception {
    db = Database.open(TestDatabases.fresh());
    jobs = new JobQueue(db.dataSource(), Clock.systemUTC());
    tenant = new TenantRepository(db.dataSource()).create("acme", 1, Tenant.Quotas.DEFAULTS).id();
    module = TestModules.storeEmpty(db.dataSource(), tenant);
    signals = new JobSignals();
    notifications = new JobNotifications(db.dataSource(), signals);
  }

  @AfterEach
  void tearDown() {
    notifications.close();
    db.close();
  }

  private NewJob job() {
    return NewJob.call(tenant, module, "run", WasmValues.NONE, List.of(), 1000, 1);
  }

  private void awaitLive() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!notifications.live() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(notifications.live()).isTrue();
  }

  @Test
  void submitsReleasesAndReclaimsWakeClaimersOncePerTransaction() throws Exception {
    Semaphore woken = new Semaphore(0);
    notifications.onQueued(woken::release);
    notifications.start();
    awaitLive();
    woken.drainPermits();
    jobs.submit(job());
    assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    // A batch of 50 submits is one transaction: one wake-up.
    long before = notifications.received();
    jobs.submitBatch(java.util.Collections.nCopies(50, job()));
    assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(200);
    // 50 job-changed notifications (distinct payloads) and one queued notification.
    assertThat(notifications.received() - before).isEqualTo(51);
    assertThat(woken.availablePermits()).isZero();
  }

  @Test
  void aWaiterWakesWhenItsJobChangesAndNotForOthers() throws Exception {
    notifications.start();
    awaitLive();
    UUID id = jobs.submit(job()).job().id();
    UUID other = jobs.submit(job()).job().id();
    try (JobSignals.Subscription mine = signals.subscribe(id)) {
      // Signalled before the wait began: the wait returns at once, nothing is lost.
      jobs.cancel(tenant, id);
      Thread.sleep(300);
      long start = System.nanoTime();
      assertThat(mine.await(Duration.ofSeconds(5))).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
      jobs.cancel(tenant, other);
      assertThat(mine.await(Duration.ofMillis(300))).isFalse();
    }
    assertThat(signals.waiting()).isZero();
  }

  @Test
  void aCancelOfARunningJobIsHeardByEveryInstance() throws Exception {
    java.util.concurrent.BlockingQueue<UUID> cancels =
        new java.util.concurrent.LinkedBlockingQueue<>();
    notifications.onCancelRequested(cancels::add);
    notifications.start();
    awaitLive();
    UUID running = jobs.submit(job()).job().id();
    UUID queued = jobs.submit(job()).job().id();
    // The older job is claimed.
    assertThat(jobs.claim("w", 1, Duration.ofSeconds(30), 100))
        .extracting(JobRecord::id)
        .containsExactly(running);
    assertThat(jobs.cancel(tenant, running)).contains(JobStatus.RUNNING);
    assertThat(cancels.poll(5, TimeUnit.SECONDS)).isEqualTo(running);
    // A queued job is cancelled at once: nobody runs it, nobody needs telling.
    assertThat(jobs.cancel(tenant, queued)).contains(JobStatus.CANCELLED);
    assertThat(cancels.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  /**
   * Closing gives the listening connection back to the pool whole and listening to nothing: it used
   * to be aborted, which the pool logged as a broken connection, with a stack trace, at every
   * shutdown.
   */
  @Test
  void closingReturnsTheListeningConnectionToThePoolUnbroken() throws Exception {
    notifications.start();
    awaitLive();
    HikariDataSource hikari = (HikariDataSource) db.dataSource();
    HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
    // The pool fills itself up in the background after it starts (minimum idle = maximum): an
    // eviction is seen only in a full pool.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (pool.getTotalConnections() < hikari.getMaximumPoolSize()
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    int connections = pool.getTotalConnections();
    assertThat(connections).isEqualTo(hikari.getMaximumPoolSize());
    assertThat(pool.getActiveConnections()).isPositive();
    notifications.close();
    assertThat(notifications.live()).isFalse();
    assertThat(pool.getActiveConnections()).isZero();
    assertThat(pool.getTotalConnections()).as("no connection evicted").isEqualTo(connections);
    // Every connection the pool holds idle, the listening one among them, listens to nothing.
    List<Connection> held = new java.util.ArrayList<>();
    try {
      for (int i = pool.getIdleConnections(); i > 0; i--) {
        held.add(db.dataSource().getConnection());
      }
      for (Connection c : held) {
        try (Statement st = c.createStatement();
            ResultSet channels = st.executeQuery("SELECT count(*) FROM pg_listening_channels()")) {
          channels.next();
          assertThat(channels.getInt(1)).as("channels still listened to").isZero();
        }
      }
    } finally {
      for (Connection c : held) {
        c.close();
      }
    }
  }

  @Test
  void withoutNotificationsAWaitIsAPoll() throws Exception {
    UUID id = jobs.submit(job()).job().id();
    try (JobSignals.Subscription s = signals.subscribe(id)) {
      jobs.cancel(tenant, id);
      long start = System.nanoTime();
      assertThat(s.await(Duration.ofMillis(200))).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }
    assertThat(notifications.live()).isFalse();
  }
}
