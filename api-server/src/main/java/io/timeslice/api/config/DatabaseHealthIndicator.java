package io.timeslice.api.config;

import io.timeslice.storage.Database;
import java.sql.Connection;
import java.sql.SQLException;
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
  private final Database database;

  DatabaseHealthIndicator(Database database) {
    this.database = database;
  }

  @Override
  public Health health() {
    try (Connection c = database.dataSource().getConnection()) {
      boolean valid = c.isValid(2);
      Health.Builder health = valid ? Health.up() : Health.down();
      return health.withDetail("embedded", database.isEmbedded()).build();
    } catch (SQLException e) {
      return Health.down().withDetail("error", e.getMessage()).build();
    }
  }
}
