package io.timeslice.it.deploy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus series names (with their labels) the service exports by its documentation: the
 * meters in {@code docs/metrics.md} and Micrometer's JVM and process binders, rendered by
 * Micrometer's own Prometheus registry, so that suffixes such as {@code _total} or {@code
 * _seconds_bucket} are Micrometer's and not guessed.
 */
final class ExportedMetrics {
  /** One documented meter: its Micrometer name, type and tag names. */
  record Meter(String name, String type, List<String> tags) {}

  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*`([a-z0-9.]+)`\\s*\\|\\s*(counter|timer|gauge)\\s*\\|([^|]*)\\|");
  private static final Pattern TAG = Pattern.compile("`([a-z_]+)`");
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

  private ExportedMetrics() {}

  /** The meters in the tables of {@code metricsMarkdown}. */
  static List<Meter> documented(Path metricsMarkdown) {
    List<String> lines;
    try {
      lines = Files.readAllLines(metricsMarkdown);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + metricsMarkdown, e);
    }
    List<Meter> meters = new ArrayList<>();
    for (String line : lines) {
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        List<String> tags = new ArrayList<>();
        Matcher tag = TAG.matcher(row.group(3));
        while (tag.find()) {
          tags.add(tag.group(1));
        }
        meters.add(new Meter(row.group(1), row.group(2), List.copyOf(tags)));
      }
    }
    return meters;
  }

  /** Every exported series name with the label names it carries, from the documented meters. */
  static Map<String, Set<String>> series(Path metricsMarkdown) {
    return parse(scrape(documented(metricsMarkdown)));
  }

  /** The Prometheus text Micrometer renders for {@code meters} and the JVM binders. */
  static String scrape(List<Meter> meters) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try {
      for (Meter meter : meters) {
        Tags tags = Tags.empty();
        for (String tag : meter.tags()) {
          tags = tags.and(tag, "x");
        }
        switch (meter.type()) {
          case "counter" -> Counter.builder(meter.name()).tags(tags).register(registry).increment();
          case "gauge" -> Gauge.builder(meter.name(), () -> 1).tags(tags).register(registry);
          case "timer" ->
              Timer.builder(meter.name())
                  .tags(tags)
                  .publishPercentileHistogram()
                  .register(registry)
                  .record(Duration.ofMillis(3));
          default -> throw new IllegalArgumentException("unknown meter type " + meter.type());
        }
      }
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ClassLoaderMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      try (JvmGcMetrics gc = new JvmGcMetrics()) {
        gc.bindTo(registry);
        return registry.scrape();
      }
    } finally {
      registry.close();
    }
  }

  /** Series names and their label names in Prometheus text format. */
  static Map<String, Set<String>> parse(String prometheusText) {
    Map<String, Set<String>> series = new TreeMap<>();
    for (String line : prometheusText.split("\n", -1)) {
      Matcher sample = SAMPLE.matcher(line);
      if (line.startsWith("#") || !sample.find()) {
        continue;
      }
      Set<String> labels = series.computeIfAbsent(sample.group(1), name -> new TreeSet<>());
      if (sample.group(2) != null) {
        Matcher label = LABEL.matcher(sample.group(2));
        while (label.find()) {
          labels.add(label.group(1));
        }
      }
    }
    return series;
  }
}
