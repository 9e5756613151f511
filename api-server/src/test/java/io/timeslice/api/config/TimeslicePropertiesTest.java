package io.timeslice.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.core.Timeslice;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code timeslice.*} binds to the core's settings; its documented defaults are the core's. */
class TimeslicePropertiesTest {
  private static TimesliceProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("timeslice", TimesliceProperties.class);
  }

  @Test
  void theDefaultsAreTheCoresDefaults() {
    Timeslice.Settings bound = CoreConfiguration.settings(bind(Map.of()));
    Timeslice.Settings core = Timeslice.Settings.defaults(bound.instanceId());
    assertThat(bound).isEqualTo(core);
  }

  @Test
  void everyLimitAndSizeBindsFromItsProperty() {
    TimesliceProperties props =
        bind(
            Map.of(
                "timeslice.limits.memory-bytes", "128MB",
                "timeslice.limits.wall-clock", "2m",
                "timeslice.limits.running-jobs", "3",
                "timeslice.cache.module-bytes", "1GB",
                "timeslice.retention", "30d",
                "timeslice.push", "false",
                "timeslice.workers", "3",
                "timeslice.instance-id", "a"));
    Timeslice.Settings s = CoreConfiguration.settings(props);
    assertThat(s.limits().memoryBytes()).isEqualTo(128L << 20);
    assertThat(s.limits().wallClock()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.limits().runningJobs()).isEqualTo(3);
    assertThat(s.moduleCacheBytes()).isEqualTo(1L << 30);
    assertThat(s.retention()).isEqualTo(Duration.ofDays(30));
    assertThat(s.push()).isFalse();
    assertThat(s.workers()).isEqualTo(3);
    assertThat(s.instanceId()).isEqualTo("a");
  }
}
