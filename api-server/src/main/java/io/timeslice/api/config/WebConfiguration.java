package io.timeslice.api.config;

import io.timeslice.api.auth.CallerArgumentResolver;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** MVC wiring: the authenticated caller as a controller argument. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {
  private final CallerArgumentResolver callers;

  WebConfiguration(CallerArgumentResolver callers) {
    this.callers = callers;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(callers);
  }
}
