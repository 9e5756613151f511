package io.timeslice.api.config;

import io.timeslice.wasm.Tier;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service's own settings ({@code timeslice.*}, or {@code TIMESLICE_*} in the environment).
 *
 * @param dataDir where the embedded PostgreSQL keeps its data when no external database is set
 * @param adminToken the token of the admin API; generated and printed once when empty
 * @param workers worker threads running slices; 0 means one per available processor
 * @param quantum the fuel of one slice
 * @param instanceId this instance's name in job leases; empty means host name plus a random suffix
 * @param lease how long a claimed job stays this instance's without renewal
 * @param claimBatch the most jobs this instance holds at once
 * @param shutdownGrace how long shutdown waits for running slices before releasing their leases
 * @param maxRequestBytes the largest JSON request body
 * @param maxWait the longest {@code ?wait=} of a job long-poll
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
    @DefaultValue("TIERED") Tier tier) {}
