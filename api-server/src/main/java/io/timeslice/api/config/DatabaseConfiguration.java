package io.timeslice.api.config;

import com.zaxxer.hikari.HikariDataSource;
import io.timeslice.core.EmbeddedDatabase;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The zero-setup database: when no {@code spring.datasource.url} is set, an embedded PostgreSQL
 * with its data in {@code timeslice.data-dir}, and Boot's pool ({@code spring.datasource.hikari.*})
 * on it. With a URL, this steps aside and Boot's DataSource auto-configuration builds the pool;
 * either way Boot's Flyway migrates the schema before the core starts.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank()")
class DatabaseConfiguration {
  @Bean(destroyMethod = "close")
  EmbeddedDatabase embeddedDatabase(TimesliceProperties props) {
    return EmbeddedDatabase.start(props.dataDir());
  }

  @Bean
  @ConfigurationProperties("spring.datasource.hikari")
  HikariDataSource dataSource(EmbeddedDatabase embedded) {
    return DataSourceBuilder.create()
        .type(HikariDataSource.class)
        .url(embedded.jdbcUrl())
        .username(embedded.username())
        .build();
  }
}
