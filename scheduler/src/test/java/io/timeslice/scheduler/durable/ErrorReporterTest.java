package io.timeslice.scheduler.durable;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.timeslice.storage.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every failure counted, one log line per burst (and a reminder a minute), one on recovery. */
class ErrorReporterTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
  private final ErrorReporter errors = new ErrorReporter(registry, clock);
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(ErrorReporter.class);

  @BeforeEach
  void listen() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(log);
  }

  private double count(ErrorReporter.Kind kind) {
    var counter =
        registry
            .find("timeslice.scheduler.errors")
            .tag("kind", kind.name().toLowerCase())
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aBurstIsCountedWhollyButLoggedOnceAndItsEndOnce() {
    RuntimeException down = new IllegalStateException("connection refused");
    for (int i = 0; i < 100; i++) {
      errors.failed(ErrorReporter.Kind.CLAIM, down);
      clock.advance(Duration.ofMillis(100));
    }
    assertThat(count(ErrorReporter.Kind.CLAIM)).isEqualTo(100);
    assertThat(errors.failing(ErrorReporter.Kind.CLAIM)).isTrue();
    // Ten seconds of failures: the first line only.
    assertThat(log.list).hasSize(1);
    assertThat(log.list.get(0).getFormattedMessage())
        .isEqualTo("scheduler: claim failed: java.lang.IllegalStateException: connection refused");

    clock.advance(ErrorReporter.REMINDER);
    errors.failed(ErrorReporter.Kind.CLAIM, down);
    assertThat(log.list).hasSize(2);
    assertThat(log.list.get(1).getFormattedMessage()).contains("still failing (101 failures");

    errors.succeeded(ErrorReporter.Kind.CLAIM);
    errors.succeeded(ErrorReporter.Kind.CLAIM);
    assertThat(log.list).hasSize(3);
    assertThat(log.list.get(2).getFormattedMessage())
        .isEqualTo("scheduler: claim works again after 101 failures");
    assertThat(errors.failing(ErrorReporter.Kind.CLAIM)).isFalse();

    // The next burst is logged again; other kinds are counted apart.
    errors.failed(ErrorReporter.Kind.CLAIM, down);
    errors.failed(ErrorReporter.Kind.HEARTBEAT, down);
    assertThat(log.list).hasSize(5);
    assertThat(count(ErrorReporter.Kind.CLAIM)).isEqualTo(102);
    assertThat(count(ErrorReporter.Kind.HEARTBEAT)).isEqualTo(1);
  }

  @Test
  void aGuardedTaskReportsWhatItThrowsInsteadOfEndingItsLoop() {
    Runnable failing =
        errors.guarded(
            ErrorReporter.Kind.RECLAIM,
            () -> {
              throw new IllegalStateException("boom");
            });
    failing.run();
    failing.run();
    assertThat(count(ErrorReporter.Kind.RECLAIM)).isEqualTo(2);
    errors.guarded(ErrorReporter.Kind.RECLAIM, () -> {}).run();
    assertThat(errors.failing(ErrorReporter.Kind.RECLAIM)).isFalse();
  }
}
