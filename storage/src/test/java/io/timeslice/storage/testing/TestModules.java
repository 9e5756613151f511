package io.timeslice.storage.testing;

import io.timeslice.storage.ModuleRepository;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.sql.DataSource;

/** The smallest module (an empty one), stored for tests whose jobs need a module to refer to. */
public final class TestModules {
  /** The bytes of an empty module. */
  public static final byte[] EMPTY = {0, 'a', 's', 'm', 1, 0, 0, 0};

  private TestModules() {}

  /** Stores the empty module for each of {@code tenants}; returns its hash. */
  public static byte[] storeEmpty(DataSource dataSource, long... tenants) {
    byte[] hash;
    try {
      hash = MessageDigest.getInstance("SHA-256").digest(EMPTY);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    ModuleRepository modules = new ModuleRepository(dataSource);
    for (long tenant : tenants) {
      modules.store(tenant, hash, EMPTY, "[]", "[]");
    }
    return hash;
  }
}
