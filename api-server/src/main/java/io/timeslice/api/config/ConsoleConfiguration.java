package io.timeslice.api.config;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web console at {@code /console}: static files (public; the data they show needs an API key,
 * sent by the page as the Authorization header) served with headers that let the page load and call
 * nothing but this origin.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration implements WebMvcConfigurer {
  /** Scripts, styles, images and calls from this origin only; never framed, no inline code. */
  static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/console", "/console/");
    registry.addViewController("/console/").setViewName("forward:/console/index.html");
  }

  @Bean
  FilterRegistrationBean<Filter> consoleHeaders() {
    Filter filter =
        (request, response, chain) -> {
          HttpServletResponse http = (HttpServletResponse) response;
          http.setHeader("Content-Security-Policy", POLICY);
          http.setHeader("X-Content-Type-Options", "nosniff");
          http.setHeader("X-Frame-Options", "DENY");
          http.setHeader("Referrer-Policy", "no-referrer");
          // The files change with the server: always revalidated, so an upgrade shows at once.
          http.setHeader("Cache-Control", "no-cache");
          chain.doFilter(request, response);
        };
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
    registration.addUrlPatterns("/console", "/console/*");
    registration.setName("consoleHeaders");
    return registration;
  }
}
