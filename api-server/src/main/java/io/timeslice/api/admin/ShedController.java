package io.timeslice.api.admin;

import io.timeslice.core.Caller;
import io.timeslice.core.Timeslice;
import io.timeslice.core.admin.LoadShedding;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/shed} (admin token): this replica keeps at most {@code keep} jobs and hands
 * the others to the other replicas by their checkpoints (docs/checkpoint.md, "Shedding load").
 */
@RestController
class ShedController {
  private final LoadShedding shedding;

  ShedController(Timeslice timeslice) {
    this.shedding = timeslice.shedding();
  }

  @PostMapping("/admin/shed")
  LoadShedding.Result shed(Caller caller, @RequestBody LoadShedding.Request request) {
    return shedding.shed(caller, request);
  }
}
