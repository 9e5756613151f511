package io.timeslice.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job changes pushed by PostgreSQL ({@code LISTEN}; migration V3 notifies on every job event): one
 * connection of the pool listens on a thread of its own and hands each notification on, to the
 * runnables waiting for queued jobs (claimers), to those that stop a running job whose cancel was
 * asked for on any instance, and to the {@link JobSignals} of the jobs that changed (long-polls,
 * event streams). When the connection is lost it reconnects, with a growing pause; meanwhile {@link
 * #live()} is false and waiters fall back to polling.
 */
public final class JobNotifications implements AutoCloseable {
  static final String CHANGED = "timeslice_job_changed";
  static final String QUEUED = "timeslice_jobs_queued";
  static final String CANCEL_REQUESTED = "timeslice_cancel_requested";

  private static final Logger LOG = LoggerFactory.getLogger(JobNotifications.class);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

  private final DataSource dataSource;
  private final JobSignals signals;
  private final List<Runnable> onQueued = new CopyOnWriteArrayList<>();
  private final List<Consumer<UUID>> onCancelRequested = new CopyOnWriteArrayList<>();
  private final AtomicLong received = new AtomicLong();
  private final Thread thread;
  private volatile boolean live;
  private volatile boolean closing;

  /** Listens on a connection from {@code dataSource}, signalling changes to {@code signals}. */
  public JobNotifications(DataSource dataSource, JobSignals signals) {
    this.dataSource = dataSource;
    this.signals = signals;
    this.thread = Thread.ofPlatform().daemon().name("timeslice-notifications").unstarted(this::run);
  }

  /** Starts listening. */
  public JobNotifications start() {
    thread.start();
    return this;
  }

  /** Runs {@code wake} whenever jobs were queued (submitted, released or reclaimed). */
  public void onQueued(Runnable wake) {
    onQueued.add(wake);
  }

  /** Calls {@code cancel} with each running job whose cancel was asked for, on any instance. */
  public void onCancelRequested(Consumer<UUID> cancel) {
    onCancelRequested.add(cancel);
  }

  /** Whether notifications arrive now (the listening connection is up). */
  public boolean live() {
    return live;
  }

  /** How many notifications arrived so far. */
  public long received() {
    return received.get();
  }

  private void run() {
    Duration pause = Duration.ofMillis(100);
    while (!closing) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + CHANGED);
          st.execute("LISTEN " + QUEUED);
          st.execute("LISTEN " + CANCEL_REQUESTED);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        if (!live) {
          LOG.info("storage: listening for job notifications");
        }
        live = true;
        pause = Duration.ofMillis(100);
        // Changes made while no one listened were missed: every waiter looks again.
        signals.signalAll();
        onQueued.forEach(Runnable::run);
        while (!closing) {
          PGNotification[] batch = pg.getNotifications(1000);
          if (batch != null) {
            deliver(batch);
          }
        }
        // Back to the pool as any other connection: listening to nothing.
        try (Statement st = c.createStatement()) {
          st.execute("UNLISTEN *");
        }
      } catch (SQLException | RuntimeException e) {
        if (closing) {
          return;
        }
        if (live) {
          LOG.warn(
              "storage: job notifications lost ({}); polling until they are back", e.toString());
        }
        live = false;
        try {
          Thread.sleep(pause);
        } catch (InterruptedException stop) {
          return;
        }
        pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
      } finally {
        live = false;
      }
    }
  }

  private void deliver(PGNotification[] batch) {
    boolean queued = false;
    for (PGNotification n : batch) {
      received.incrementAndGet();
      if (QUEUED.equals(n.getName())) {
        queued = true;
      } else if (CHANGED.equals(n.getName())) {
        job(n).ifPresent(signals::signal);
      } else if (CANCEL_REQUESTED.equals(n.getName())) {
        job(n).ifPresent(id -> onCancelRequested.forEach(c -> c.accept(id)));
      }
    }
    if (queued) {
      onQueued.forEach(Runnable::run);
    }
  }

  private static Optional<UUID> job(PGNotification n) {
    try {
      return Optional.of(UUID.fromString(n.getParameter()));
    } catch (IllegalArgumentException notAJob) {
      // Someone else's payload on our channel: nothing to wake.
      return Optional.empty();
    }
  }

  /**
   * Stops listening and gives the connection back, within the second a wait for notifications
   * takes. The connection is not aborted to end that wait sooner: the pool would log the aborted
   * connection as broken, with a stack trace, at every shutdown.
   */
  @Override
  public void close() {
    closing = true;
    thread.interrupt(); // ends a pause between attempts to reconnect
    try {
      thread.join(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
