package io.timeslice.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One HTTP exchange with the service: the bearer token, the retries of {@link RetryPolicy}, and
 * every answer outside 2xx turned into a {@link TimesliceException} from its problem+json.
 */
final class Transport {
  private final HttpClient http;
  private final URI base;
  private final String token;
  private final RetryPolicy retry;

  Transport(HttpClient http, URI base, String token, RetryPolicy retry) {
    this.http = http;
    this.base = base;
    this.token = token;
    this.retry = retry;
  }

  /**
   * A request: {@code repeatable} when sending it twice has the effect of sending it once, so that
   * it may be retried after a failure that left its fate unknown (a lost answer, a 503).
   */
  record Call(
      String method,
      String path,
      String contentType,
      byte[] body,
      Map<String, String> headers,
      boolean repeatable,
      Duration timeout) {}

  /** Sends {@code call}, retrying transient failures; the 2xx answer's body as a stream. */
  HttpResponse<InputStream> stream(Call call) {
    return send(call, HttpResponse.BodyHandlers.ofInputStream());
  }

  /**
   * Sends {@code call}; the 2xx answer's body as bytes. An answer cut off while it is read is a
   * failure like any other, retried when the call is repeatable.
   */
  byte[] bytes(Call call) {
    return send(call, HttpResponse.BodyHandlers.ofByteArray()).body();
  }

  private <T> HttpResponse<T> send(Call call, HttpResponse.BodyHandler<T> handler) {
    HttpRequest request = request(call);
    for (int attempt = 1; ; attempt++) {
      HttpResponse<T> response;
      try {
        response = http.send(request, handler);
      } catch (IOException | UnresolvedAddressException e) {
        // A connection that was never made cannot have delivered the request: always safe again.
        boolean neverSent =
            e instanceof ConnectException
                || e instanceof HttpConnectTimeoutException
                || e instanceof UnresolvedAddressException;
        if ((neverSent || call.repeatable()) && attempt < retry.maxAttempts()) {
          pause(retry.pause(attempt, null));
          continue;
        }
        throw unreachable(e, neverSent);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TimesliceException(
            TimesliceException.UNREACHABLE, "Interrupted", "the call was interrupted", Map.of(), e);
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return response;
      }
      byte[] body =
          response.body() instanceof InputStream in ? readAll(in) : (byte[]) response.body();
      if (status == 503 && call.repeatable() && attempt < retry.maxAttempts()) {
        pause(retry.pause(attempt, retryAfter(response)));
        continue;
      }
      throw problem(status, body);
    }
  }

  private HttpRequest request(Call call) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(call.path()))
            .method(
                call.method(),
                call.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(call.body()))
            .header("Accept", "application/json, application/problem+json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (call.contentType() != null) {
      b.header("Content-Type", call.contentType());
    }
    call.headers().forEach(b::setHeader);
    if (call.timeout() != null) {
      b.timeout(call.timeout());
    }
    return b.build();
  }

  private static Duration retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .filter(v -> v.strip().matches("\\d{1,6}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v.strip())))
        .orElse(null);
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimesliceException(
          TimesliceException.UNREACHABLE, "Interrupted", "the call was interrupted", Map.of(), e);
    }
  }

  private TimesliceException unreachable(Exception e, boolean neverSent) {
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof ConnectException && e.getMessage() == null) {
      why = "connection refused";
    }
    return neverSent
        ? new TimesliceException(
            TimesliceException.UNREACHABLE,
            "Cannot reach the service",
            base + ": " + why,
            Map.of(),
            e)
        : new TimesliceException(
            TimesliceException.UNREACHABLE,
            "Connection lost",
            "no complete answer from "
                + base
                + " ("
                + why
                + "); the call may or may not have taken effect",
            Map.of(),
            e);
  }

  /**
   * The RFC 9457 problem of an answer with {@code status}; a body that is not a problem (a proxy's
   * HTML page, say) gives the status's reason as the title and the body's first line as the detail.
   */
  static TimesliceException problem(int status, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    JsonNode json = null;
    if (text.startsWith("{")) {
      try {
        json = Json.MAPPER.readTree(text);
      } catch (JacksonException notJson) {
        // Not a problem document after all: the fallback below describes it.
      }
    }
    if (json != null && json.isObject()) {
      Map<String, Object> rest = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : json.properties()) {
        if (!e.getKey().equals("title") && !e.getKey().equals("detail")) {
          rest.put(e.getKey(), Json.MAPPER.treeToValue(e.getValue(), Object.class));
        }
      }
      String title = json.path("title").isString() ? json.get("title").stringValue() : null;
      String detail = json.path("detail").isString() ? json.get("detail").stringValue() : null;
      return new TimesliceException(
          status, title == null ? reason(status) : title, detail, nonNull(rest), null);
    }
    String firstLine = text.lines().findFirst().orElse("");
    if (firstLine.length() > 200) {
      firstLine = firstLine.substring(0, 200) + "…";
    }
    return new TimesliceException(
        status, reason(status), firstLine.isEmpty() ? null : firstLine, Map.of(), null);
  }

  private static Map<String, Object> nonNull(Map<String, Object> members) {
    members.values().removeIf(java.util.Objects::isNull);
    return members;
  }

  /** The standard reason phrase of {@code status}, for answers without a problem title. */
  static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "HTTP " + status;
    };
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new TimesliceException(
          TimesliceException.UNREACHABLE,
          "Connection lost",
          "the answer was cut off: " + e.getMessage(),
          Map.of(),
          e);
    }
  }
}
