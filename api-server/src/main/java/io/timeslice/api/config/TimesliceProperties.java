package io.timeslice.api.config;

import io.timeslice.core.ExecutionTier;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The service's own settings ({@code timeslice.*}, or {@code TIMESLICE_*} in the environment); the
 * database is Spring Boot's {@code spring.datasource.*} (pool: {@code spring.datasource.hikari.*})
 * and {@code spring.flyway.*}.
 *
 * @param dataDir where the embedded PostgreSQL keeps its data when no {@code spring.datasource.url}
 *     is set
 * @param adminToken the token of the admin API; generated and printed once when empty
 * @param workers worker threads running slices; 0 means one per available processor
 * @param quantum the fuel of one slice
 * @param instanceId this instance's name in job leases; empty means host name plus a random suffix
 * @param lease how long a claimed job stays this instance's without renewal
 * @param claimBatch the most jobs this instance holds at once
 * @param shutdownGrace how long shutdown waits for running slices before releasing their leases
 * @param maxRequestBytes the largest JSON request body
 * @param maxWait the longest {@code ?wait=} of a job long-poll
 * @param push whether PostgreSQL pushes job changes (LISTEN/NOTIFY) to claimers, long-polls and
 *     event streams; off, they poll every 25 ms
 * @param retention how long finished jobs are kept unless their tenant sets its own
 * @param cleanupInterval how often expired jobs and stale compiled artifacts are deleted
 * @param trainingRun start, then stop cleanly and exit (the image build's AOT cache training)
 * @param cache the in-memory module cache
 * @param limits the global limits; a tenant's quota overrides the one of the same name
 * @param tier which execution tiers run jobs (docs/tiers.md): hot functions compiled to JVM
 *     bytecode by default; results and fuel are the same in every tier
 */
@ConfigurationProperties("timeslice")
public record TimesliceProperties(
    @DefaultValue("./timeslice-data") Path dataDir,
    @DefaultValue("") String adminToken,
    @DefaultValue("0") int workers,
    @DefaultValue("1000000") long quantum,
    @DefaultValue("") String instanceId,
    @DefaultValue("30s") Duration lease,
    @DefaultValue("64") int claimBatch,
    @DefaultValue("20s") Duration shutdownGrace,
    @DefaultValue("8388608") int maxRequestBytes,
    @DefaultValue("60s") Duration maxWait,
    @DefaultValue("true") boolean push,
    @DefaultValue("7d") Duration retention,
    @DefaultValue("1h") Duration cleanupInterval,
    @DefaultValue("false") boolean trainingRun,
    @DefaultValue Cache cache,
    @DefaultValue Limits limits,
    @DefaultValue("TIERED") ExecutionTier tier) {

  /**
   * Compiled modules kept in memory ({@code timeslice.cache.*}).
   *
   * @param moduleBytes the compiled modules kept, by the bytes of their translated IR
   * @param instances the pre-linked instances kept
   */
  public record Cache(
      @DefaultValue("512MB") DataSize moduleBytes, @DefaultValue("10000") int instances) {}

  /**
   * The global limits ({@code timeslice.limits.*}, service.md G11).
   *
   * @param moduleBytes the largest module upload (tenant quota maxModuleBytes)
   * @param memoryBytes the largest linear memory of one job (maxMemoryBytes)
   * @param outputBytes the most stdout or stderr bytes kept per job (maxOutputBytes)
   * @param fuelPerJob the largest fuel limit of one job (maxFuelPerJob)
   * @param wallClock the longest a job may run from its first start, sleeps included
   * @param queuedJobs a tenant's jobs waiting at most (maxQueuedJobs)
   * @param runningJobs a tenant's jobs running at once at most (maxRunningJobs)
   * @param tableElements the largest table of one job
   * @param callDepth the deepest nesting of Wasm calls of one job
   */
  public record Limits(
      @DefaultValue("50MB") DataSize moduleBytes,
      @DefaultValue("64MB") DataSize memoryBytes,
      @DefaultValue("1MB") DataSize outputBytes,
      @DefaultValue("10000000000") long fuelPerJob,
      @DefaultValue("15m") Duration wallClock,
      @DefaultValue("10000") int queuedJobs,
      @DefaultValue("100") int runningJobs,
      @DefaultValue("10000") int tableElements,
      @DefaultValue("10000") int callDepth) {}
}
