package io.timeslice.core.admin;

import io.timeslice.core.Caller;
import io.timeslice.core.Refused;
import io.timeslice.scheduler.durable.DurableScheduler;
import java.time.Duration;

/**
 * An operator's load shedding of this instance (docs/checkpoint.md, "Shedding load"): it keeps at
 * most {@code keep} jobs, and the running jobs beyond that are checkpointed where they stop and
 * given back, for another instance to go on with.
 */
public final class LoadShedding {
  /**
   * The body of {@code POST /admin/shed}.
   *
   * @param keep the most jobs this instance holds from now on; null lifts the cap
   */
  public record Request(Integer keep) {}

  /**
   * What the instance did.
   *
   * @param keep the cap it keeps to now (absent: none)
   * @param released how many of its jobs it checkpointed and gave back
   */
  public record Result(Integer keep, int released) {}

  private final DurableScheduler durable;
  private final Duration grace;

  /** Sheds {@code durable}'s jobs, waiting at most {@code grace} for them to stop. */
  public LoadShedding(DurableScheduler durable, Duration grace) {
    this.durable = durable;
    this.grace = grace;
  }

  /** Caps this instance's jobs at {@code request.keep()} and gives the others back. */
  public Result shed(Caller caller, Request request) {
    if (!caller.admin()) {
      throw new Refused(Refused.Reason.FORBIDDEN, "only the admin token may shed load");
    }
    Integer keep = request == null ? null : request.keep();
    if (keep != null && keep < 0) {
      throw Refused.invalid("keep must be 0 or more (or null to lift the cap)");
    }
    return new Result(keep, durable.shed(keep, grace));
  }
}
