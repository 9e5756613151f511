package io.timeslice.api.auth;

import io.timeslice.core.Caller;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives a controller method its authenticated {@link Caller}; a request without valid credentials
 * fails before the method runs, as a 401 problem.
 */
@Component
public class CallerArgumentResolver implements HandlerMethodArgumentResolver {
  private final Authenticator authenticator;

  CallerArgumentResolver(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == Caller.class;
  }

  @Override
  public Caller resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mav,
      NativeWebRequest request,
      WebDataBinderFactory binders) {
    return authenticator.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
  }
}
