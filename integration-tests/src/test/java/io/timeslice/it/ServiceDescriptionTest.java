package io.timeslice.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Readiness includes the database; the OpenAPI description and Swagger UI are served. */
class ServiceDescriptionTest {

  @Test
  void readinessIncludesTheDatabase() throws Exception {
    Api api = SharedServer.api();
    JsonNode readiness = api.get("/actuator/health/readiness", null).json();
    assertThat(readiness.get("status").asString()).isEqualTo("UP");
    assertThat(readiness.get("components").get("db").get("status").asString()).isEqualTo("UP");
    assertThat(api.get("/actuator/health/liveness", null).json().path("components").has("db"))
        .isFalse();
  }

  @Test
  void openApiDescribesTheApiWithBearerAuthentication() throws Exception {
    Api api = SharedServer.api();
    JsonNode docs = api.get("/v3/api-docs", null).json();
    assertThat(docs.get("paths").has("/jobs")).isTrue();
    assertThat(docs.get("paths").has("/jobs/{id}/events")).isTrue();
    assertThat(docs.get("paths").has("/modules")).isTrue();
    assertThat(docs.get("paths").has("/tenants")).isTrue();
    assertThat(docs.get("components").get("securitySchemes").has("bearer")).isTrue();
    assertThat(docs.toString()).doesNotContain("\"caller\"");
    assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
  }
}
