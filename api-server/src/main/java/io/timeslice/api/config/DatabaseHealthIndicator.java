package io.timeslice.api.config;

import io.timeslice.core.Timeslice;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The job database as a health contributor ({@code database}); readiness includes it, so a replica
 * that cannot reach PostgreSQL is taken out of the load balancer, while liveness does not, so it is
 * not restarted for an outage it cannot fix.
 */
@Component("databaseHealthIndicator")
class DatabaseHealthIndicator implements HealthIndicator {
  private final Timeslice timeslice;

  DatabaseHealthIndicator(Timeslice timeslice) {
    this.timeslice = timeslice;
  }

  @Override
  public Health health() {
    Timeslice.DatabaseHealth db = timeslice.databaseHealth();
    Health.Builder health = db.up() ? Health.up() : Health.down();
    health.withDetail("embedded", db.embedded());
    if (db.error() != null) {
      health.withDetail("error", db.error());
    }
    return health.build();
  }
}
