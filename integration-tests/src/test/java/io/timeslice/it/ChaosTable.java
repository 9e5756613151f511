package io.timeslice.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The chaos suite's results, one row a scenario, written as Markdown to {@code
 * target/chaos/chaos-table.md} (and printed) once the suite has run.
 */
final class ChaosTable {
  /**
   * One scenario's row.
   *
   * @param scenario what was done
   * @param accepted jobs the service acknowledged (202)
   * @param lost acknowledged jobs missing afterwards or not ending
   * @param duplicated jobs that ended more than once
   * @param recovery the recovery time (what it measures is in {@code measured})
   * @param measured what the recovery time measures
   */
  record Row(
      String scenario,
      int accepted,
      int lost,
      int duplicated,
      Duration recovery,
      String measured) {}

  private final List<Row> rows = new ArrayList<>();

  synchronized void add(Row row) {
    rows.add(row);
  }

  synchronized String markdown() {
    StringBuilder out =
        new StringBuilder(
            "| scenario | jobs accepted | lost | duplicated | recovery time | recovery measured as"
                + " |\n|---|---:|---:|---:|---:|---|\n");
    for (Row r : rows) {
      out.append(
          String.format(
              "| %s | %d | %d | %d | %.1f s | %s |%n",
              r.scenario(),
              r.accepted(),
              r.lost(),
              r.duplicated(),
              r.recovery().toMillis() / 1000.0,
              r.measured()));
    }
    return out.toString();
  }

  /** Writes the table to {@code target/chaos/chaos-table.md} and prints it. */
  void write() throws IOException {
    Path dir = Path.of("target", "chaos");
    Files.createDirectories(dir);
    String table = markdown();
    Files.writeString(dir.resolve("chaos-table.md"), table);
    System.out.println("chaos table:\n" + table);
  }
}
