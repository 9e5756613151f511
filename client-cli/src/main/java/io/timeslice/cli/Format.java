package io.timeslice.cli;

import io.timeslice.client.Extern;
import io.timeslice.client.Job;
import io.timeslice.client.ModuleInfo;
import io.timeslice.client.TimesliceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** How the client shows problems, jobs, modules and tables: plain lines a person reads. */
final class Format {
  private Format() {}

  /**
   * A problem in one line: its title and detail, then where in the input it is (a module's byte
   * offset, a text's line and column) and when to retry, when the problem says.
   */
  static String problem(TimesliceException e) {
    StringBuilder line = new StringBuilder(e.title());
    if (e.detail() != null && !e.detail().isBlank()) {
      line.append(": ").append(oneLine(e.detail()));
    }
    Map<String, Object> p = e.properties();
    String detail = e.detail() == null ? "" : e.detail();
    List<String> where = new ArrayList<>();
    // Added only when the detail does not say it already (the decoder's messages name the offset).
    if (p.get("offset") != null && !detail.contains("offset")) {
      where.add("offset " + p.get("offset"));
    }
    if (p.get("line") != null && !detail.contains("line " + p.get("line"))) {
      where.add(
          "line " + p.get("line") + (p.get("column") == null ? "" : ", column " + p.get("column")));
    }
    if (p.get("retryAfterSeconds") != null) {
      where.add("retry after " + p.get("retryAfterSeconds") + " s");
    }
    if (!where.isEmpty()) {
      line.append(" (").append(String.join("; ", where)).append(')');
    }
    return line.toString();
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** A count with thousands separated: 12,345,678. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** The progress of a job in one line: its state, fuel and slices. */
  static String progress(Job job) {
    return "job "
        + job.id()
        + " "
        + job.status()
        + "  fuel "
        + count(job.fuelConsumed())
        + " of "
        + count(job.fuelLimit())
        + "  slices "
        + job.slices();
  }

  /** Why a job did not succeed, in one line. */
  static String failure(Job job) {
    StringBuilder line =
        new StringBuilder("job ").append(job.id()).append(' ').append(job.status());
    if (job.failure() != null) {
      line.append(": ").append(job.failure().kind());
      if (job.failure().message() != null) {
        line.append(": ").append(oneLine(job.failure().message()));
      }
    }
    return line.toString();
  }

  /** A job, one "name value" line per member it has. */
  static String job(Job j) {
    List<String[]> rows = new ArrayList<>();
    rows.add(row("id", j.id()));
    rows.add(row("status", j.status().name()));
    rows.add(row("module", j.moduleId()));
    rows.add(row("function", j.function() == null ? "(WASI command)" : j.function()));
    if (j.results() != null) {
      rows.add(
          row(
              "results",
              j.results().stream().map(String::valueOf).collect(Collectors.joining(" "))));
    }
    if (j.exitCode() != null) {
      rows.add(row("exit code", j.exitCode().toString()));
    }
    if (j.failure() != null) {
      rows.add(
          row(
              "failure",
              j.failure().kind() + ": " + oneLine(String.valueOf(j.failure().message()))));
    }
    if (j.trap() != null) {
      rows.add(row("trap", j.trap().code()));
    }
    rows.add(
        row(
            "fuel",
            count(j.fuelConsumed())
                + " of "
                + count(j.fuelLimit())
                + " (schedule "
                + j.fuelScheduleVersion()
                + ")"));
    rows.add(row("slices", Integer.toString(j.slices())));
    rows.add(row("attempts", Integer.toString(j.attempts())));
    rows.add(row("priority", Integer.toString(j.priority())));
    rows.add(row("stdout", j.stdoutBytes().length + " bytes"));
    rows.add(row("stderr", j.stderrBytes().length + " bytes"));
    rows.add(row("submitted", String.valueOf(j.submittedAt())));
    if (j.startedAt() != null) {
      rows.add(row("started", j.startedAt().toString()));
    }
    if (j.finishedAt() != null) {
      rows.add(row("finished", j.finishedAt().toString()));
    }
    return table(null, rows);
  }

  /** A module: its id and size, then each import and export with its signature. */
  static String module(ModuleInfo m) {
    List<String[]> rows = new ArrayList<>();
    rows.add(row("id", m.id()));
    rows.add(row("size", count(m.sizeBytes()) + " bytes"));
    for (Extern e : m.imports()) {
      rows.add(row("import", e.module() + "." + e.name() + " " + signature(e)));
    }
    for (Extern e : m.exports()) {
      rows.add(row("export", e.name() + " " + signature(e)));
    }
    return table(null, rows);
  }

  /** An import's or export's kind and type: {@code func (i32 i32) -> (i32)}, {@code memory}. */
  static String signature(Extern e) {
    if (e.params() == null && e.results() == null) {
      return e.kind() + (e.type() == null ? "" : " " + e.type());
    }
    String params = e.params() == null ? "" : String.join(" ", e.params());
    String results = e.results() == null ? "" : String.join(" ", e.results());
    return e.kind() + " (" + params + ") -> (" + results + ")";
  }

  /** The names of a module's exported functions, comma-separated. */
  static String functions(ModuleInfo m) {
    String names =
        m.exports().stream()
            .filter(e -> "func".equals(e.kind()))
            .map(Extern::name)
            .collect(Collectors.joining(", "));
    return names.isEmpty() ? "-" : names;
  }

  static String[] row(String... cells) {
    return cells;
  }

  /**
   * Rows as columns aligned by the widest cell, two spaces apart, under {@code header} (null:
   * none); the last column is not padded.
   */
  static String table(String[] header, List<String[]> rows) {
    List<String[]> all = new ArrayList<>();
    if (header != null) {
      all.add(header);
    }
    all.addAll(rows);
    int columns = all.stream().mapToInt(r -> r.length).max().orElse(0);
    int[] width = new int[columns];
    for (String[] r : all) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] r : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(r[i]);
        if (i < r.length - 1) {
          line.append(" ".repeat(width[i] - r[i].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
