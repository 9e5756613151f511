package io.timeslice.storage.testing;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that can be switched off, for outage tests: while it is down every connection
 * request fails at once as a refused connection (SQLSTATE 08001), as when PostgreSQL is stopped;
 * switched on again, it hands out its delegate's connections. It counts the connections asked for.
 */
public final class SwitchableDataSource implements DataSource {
  private final DataSource delegate;
  private final AtomicLong requests = new AtomicLong();
  private volatile boolean down;

  /** A switchable source in front of {@code delegate}, up. */
  public SwitchableDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  /** Takes the database down or brings it back. */
  public void setDown(boolean down) {
    this.down = down;
  }

  /** How many connections were asked for so far. */
  public long requests() {
    return requests.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    requests.incrementAndGet();
    if (down) {
      throw new SQLException("Connection refused (test outage)", "08001");
    }
    return delegate.getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return delegate.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return delegate.isWrapperFor(type);
  }
}
