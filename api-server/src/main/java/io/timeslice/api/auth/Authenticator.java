package io.timeslice.api.auth;

import io.timeslice.api.error.ApiException;
import io.timeslice.core.Caller;
import io.timeslice.core.tenants.TenantsService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Turns an {@code Authorization: Bearer …} header into a {@link Caller}: the admin token (compared
 * in constant time) or a tenant's API key (looked up by its hash).
 */
@Component
public class Authenticator {
  private static final String BEARER = "Bearer ";

  private final TenantsService tenants;
  private final byte[] adminToken;

  Authenticator(TenantsService tenants, AdminToken adminToken) {
    this.tenants = tenants;
    this.adminToken = adminToken.value().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The caller presenting {@code authorization}.
   *
   * @throws ApiException 401 when the header is missing or the credentials are not valid
   */
  public Caller authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, 7)) {
      throw new ApiException(
          HttpStatus.UNAUTHORIZED, "send an API key as 'Authorization: Bearer <key>'");
    }
    String token = authorization.substring(BEARER.length()).strip();
    if (MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), adminToken)) {
      return Caller.ADMIN;
    }
    return tenants
        .identify(token)
        .orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED, "the API key is not valid"));
  }
}
