package io.timeslice.it;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A steady submission load on one thread: a job every {@code pace}, to whichever service the test
 * points it at now (a restarted service listens on another port). It keeps every id the service
 * acknowledged with 202, and every other answer: what a client saw during the chaos.
 */
final class ChaosLoad implements AutoCloseable {
  /** An answer other than 202: its status (0: no answer at all), content type and when. */
  record Refusal(int status, String contentType, String body, long atNanos) {}

  private final AtomicReference<Api> target;
  private final String key;
  private final Map<String, Object> job;
  private final Duration pace;
  private final Set<String> accepted = ConcurrentHashMap.newKeySet();
  private final List<Long> acceptedAt = new CopyOnWriteArrayList<>();
  private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean stopping;

  ChaosLoad(Api target, String key, Map<String, Object> job, Duration pace) {
    this.target = new AtomicReference<>(target);
    this.key = key;
    this.job = job;
    this.pace = pace;
    this.thread = Thread.ofPlatform().daemon().name("chaos-load").start(this::loop);
  }

  /** Sends the next submissions to {@code api}. */
  void retarget(Api api) {
    target.set(api);
  }

  private void loop() {
    while (!stopping) {
      try {
        Api.Answer a = target.get().post("/jobs", key, job);
        if (a.status() == 202) {
          accepted.add(a.json().get("id").asString());
          acceptedAt.add(System.nanoTime());
        } else {
          refusals.add(
              new Refusal(a.status(), a.header("Content-Type"), a.body(), System.nanoTime()));
        }
      } catch (IOException e) {
        refusals.add(new Refusal(0, null, e.toString(), System.nanoTime()));
      } catch (InterruptedException e) {
        return;
      }
      try {
        Thread.sleep(pace);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The first acknowledgement after {@code nanos} (a {@link System#nanoTime()}), or -1. */
  long firstAcceptedAfter(long nanos) {
    return acceptedAt.stream().filter(t -> t > nanos).min(Long::compare).orElse(-1L);
  }

  /** Waits (at most {@code timeout}) until a job is acknowledged after {@code nanos}. */
  long awaitAcceptedAfter(long nanos, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long first;
    while ((first = firstAcceptedAfter(nanos)) < 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no job acknowledged within " + timeout);
      }
      Thread.sleep(50);
    }
    return first;
  }

  /** How many acknowledgements arrived between {@code from} and {@code to} (nano times). */
  int acceptedBetween(long from, long to) {
    return (int) acceptedAt.stream().filter(t -> t > from && t < to).count();
  }

  List<String> accepted() {
    return new ArrayList<>(accepted);
  }

  List<Refusal> refusals() {
    return List.copyOf(refusals);
  }

  @Override
  public void close() throws InterruptedException {
    stopping = true;
    thread.join(Duration.ofSeconds(30));
  }
}
