package io.timeslice.api.jobs;

import io.timeslice.api.error.ApiException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code ?wait=} of a long-poll: {@code 30s}, {@code 500ms}, {@code 2m} or plain seconds. */
final class WaitParameter {
  private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m)?");

  private WaitParameter() {}

  static Duration parse(String text, Duration max) {
    Matcher m = FORM.matcher(text.strip());
    if (!m.matches()) {
      throw ApiException.badRequest("wait must look like 30s, 500ms, 2m or 30 (seconds)");
    }
    long n = Long.parseLong(m.group(1));
    Duration wait =
        switch (m.group(2) == null ? "s" : m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofSeconds(n);
        };
    if (wait.compareTo(max) > 0) {
      throw ApiException.badRequest("wait can be at most " + max.toSeconds() + "s");
    }
    return wait;
  }
}
