package io.timeslice.cli;

import io.timeslice.client.TimesliceClient;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * Where the service is and what to call it with: each setting from its option, else its environment
 * variable, else the config file that {@code timeslice login} wrote.
 */
final class Connection {
  static final String URL_ENV = "TIMESLICE_URL";
  static final String KEY_ENV = "TIMESLICE_KEY";
  static final String ADMIN_TOKEN_ENV = "TIMESLICE_ADMIN_TOKEN";
  static final String TENANT_ENV = "TIMESLICE_TENANT";

  private final String url;
  private final String key;
  private final String adminToken;
  private final Map<String, String> env;
  private final ConfigFile file;
  private Map<String, String> stored;

  Connection(String url, String key, String adminToken, Map<String, String> env, ConfigFile file) {
    this.url = url;
    this.key = key;
    this.adminToken = adminToken;
    this.env = env;
    this.file = file;
  }

  ConfigFile file() {
    return file;
  }

  /** The config file's settings (read once). */
  Map<String, String> stored() {
    if (stored == null) {
      try {
        stored = file.read();
      } catch (IOException | IllegalArgumentException e) {
        throw new CliFailure(Main.USAGE, "cannot read " + file.path() + ": " + Readable.reason(e));
      }
    }
    return stored;
  }

  private String pick(String option, String envName, String fileName) {
    if (option != null) {
      return option;
    }
    String fromEnv = env.get(envName);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    return stored().get(fileName);
  }

  String url() {
    String u = pick(url, URL_ENV, ConfigFile.URL);
    if (u == null) {
      throw new CliFailure(
          Main.USAGE,
          "no service URL: run 'timeslice login --url URL ...', or pass --url, or set " + URL_ENV);
    }
    return u;
  }

  /** The tenant key, or null. */
  String key() {
    return pick(key, KEY_ENV, ConfigFile.KEY);
  }

  /** Whether the tenant key in use is the one the config file holds. */
  boolean keyIsStored() {
    String k = key();
    return k != null && k.equals(stored().get(ConfigFile.KEY));
  }

  /** The admin token, or null. */
  String adminToken() {
    return pick(adminToken, ADMIN_TOKEN_ENV, ConfigFile.ADMIN_TOKEN);
  }

  /**
   * The tenant the key belongs to, as {@code --tenant}, the environment or the config file give.
   */
  long tenant(Long option) {
    String t = option != null ? option.toString() : pick(null, TENANT_ENV, ConfigFile.TENANT);
    if (t == null) {
      throw new CliFailure(
          Main.USAGE,
          "which tenant? pass --tenant ID (it is stored by 'timeslice login --tenant ID' and"
              + " 'timeslice tenants create --login')");
    }
    try {
      return Long.parseLong(t.strip());
    } catch (NumberFormatException e) {
      throw new CliFailure(Main.USAGE, "the tenant id '" + t + "' is not a number");
    }
  }

  /** A client calling with the tenant's API key. */
  TimesliceClient tenantClient() {
    String base = url();
    String k = key();
    if (k == null) {
      throw new CliFailure(
          Main.USAGE,
          "no API key: run 'timeslice login --key KEY', or pass --key, or set " + KEY_ENV);
    }
    return client(base, k);
  }

  /** A client calling with the admin token. */
  TimesliceClient adminClient() {
    String base = url();
    String t = adminToken();
    if (t == null) {
      throw new CliFailure(
          Main.USAGE,
          "no admin token: run 'timeslice login --admin-token TOKEN', or pass --admin-token, or"
              + " set "
              + ADMIN_TOKEN_ENV);
    }
    return client(base, t);
  }

  /** A client calling with the admin token if there is one, else with the tenant's key. */
  TimesliceClient anyClient() {
    return adminToken() != null && key() == null ? adminClient() : tenantClient();
  }

  private static TimesliceClient client(String base, String token) {
    return TimesliceClient.builder(uri(base)).token(token).build();
  }

  /** {@code text} as the service's base URI; one that is not an http(s) URL is a usage error. */
  static URI uri(String text) {
    try {
      URI u = new URI(text.strip());
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
        throw new URISyntaxException(text, "not an http:// or https:// URL");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new CliFailure(Main.USAGE, "'" + text + "' is not a service URL: " + e.getReason());
    }
  }
}
