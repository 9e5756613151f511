package io.timeslice.api.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.timeslice.core.Caller;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}): bearer
 * authentication instead of the internal {@link Caller} argument.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {
  static {
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
  }

  @Bean
  OpenAPI timesliceOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Timeslice")
                .description(
                    "Multi-tenant WebAssembly jobs, time-sliced by fuel. Tenants are managed with"
                        + " the admin token; everything else takes a tenant's API key.")
                .version("v1"))
        .components(
            new Components()
                .addSecuritySchemes(
                    "bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
        .addSecurityItem(new SecurityRequirement().addList("bearer"));
  }
}
