package io.timeslice.cli;

import io.timeslice.client.Job;
import io.timeslice.client.JobStatus;
import java.io.PrintStream;

/**
 * The progress line of {@code jobs submit --wait} on stderr: on a terminal one line redrawn after
 * every poll (state, fuel, slices) and erased at the end; elsewhere (a log, a pipe) a line per
 * change of state, so that a transcript shows the states without a line per second.
 */
final class Progress {
  private static final String ERASE = "\r\033[K";

  private final PrintStream err;
  private final boolean tty;
  private JobStatus shown;

  Progress(PrintStream err, boolean tty) {
    this.err = err;
    this.tty = tty;
  }

  void update(Job job) {
    if (tty) {
      err.print(ERASE + Format.progress(job));
      err.flush();
    } else if (job.status() != shown) {
      err.println(Format.progress(job));
      shown = job.status();
    }
  }

  /** Ends the progress display before the job's own output is written. */
  void done() {
    if (tty) {
      err.print(ERASE);
      err.flush();
    }
  }
}
