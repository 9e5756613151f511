package io.timeslice.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * An external PostgreSQL, given by Spring's usual {@code SPRING_DATASOURCE_URL}, {@code _USERNAME}
 * and {@code _PASSWORD}; without a URL the service runs an embedded PostgreSQL.
 *
 * @param url the JDBC URL, or empty
 * @param username the database user
 * @param password the user's password
 */
@ConfigurationProperties("spring.datasource")
public record DataSourceProperties(
    @DefaultValue("") String url,
    @DefaultValue("") String username,
    @DefaultValue("") String password) {}
