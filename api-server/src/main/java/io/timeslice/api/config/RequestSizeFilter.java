package io.timeslice.api.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses JSON request bodies larger than {@code timeslice.max-request-bytes} with 413 before they
 * are read (module uploads are limited by the tenant's module quota as they are read instead).
 */
@Component
class RequestSizeFilter extends OncePerRequestFilter {
  private final long maxBytes;

  RequestSizeFilter(TimesliceProperties props) {
    this.maxBytes = props.maxRequestBytes();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean upload = request.getRequestURI().startsWith("/modules");
    if (!upload && request.getContentLengthLong() > maxBytes) {
      response.setStatus(413);
      response.setContentType("application/problem+json");
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      response
          .getWriter()
          .write(
              "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
                  + "\"detail\":\"the request body is larger than "
                  + maxBytes
                  + " bytes\"}");
      return;
    }
    chain.doFilter(request, response);
  }
}
