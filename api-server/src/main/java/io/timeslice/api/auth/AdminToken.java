package io.timeslice.api.auth;

import io.timeslice.api.config.TimesliceProperties;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The admin API's token: {@code TIMESLICE_ADMIN_TOKEN}, or, when that is unset, a random one made
 * at startup and printed once, so that a first run is usable without configuration.
 */
@Component
public class AdminToken {
  private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

  private final String value;

  AdminToken(TimesliceProperties props) {
    if (props.adminToken().isBlank()) {
      byte[] secret = new byte[24];
      new SecureRandom().nextBytes(secret);
      value = "tsadm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
      log.warn(
          "TIMESLICE_ADMIN_TOKEN is not set; this run's admin token (shown once) is: {}", value);
    } else {
      value = props.adminToken();
    }
  }

  String value() {
    return value;
  }
}
