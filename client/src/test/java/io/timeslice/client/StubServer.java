package io.timeslice.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * An in-process HTTP server that answers each request with the next scripted answer and records
 * what it was sent, so that tests can see every attempt the client makes.
 */
public final class StubServer implements AutoCloseable {
  /** A request as the server received it. */
  public record Received(
      String method, String uri, Map<String, List<String>> headers, byte[] body) {
    /** The first value of header {@code name}, whose case does not matter, or null. */
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** One scripted answer. */
  public interface Answer {
    void send(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final Deque<Answer> answers = new ArrayDeque<>();
  private final List<Received> received = new ArrayList<>();

  public StubServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A new server, for a test's field initialiser. */
  public static StubServer start() {
    try {
      return new StubServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public synchronized StubServer then(Answer answer) {
    answers.add(answer);
    return this;
  }

  public synchronized List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    Answer answer;
    synchronized (this) {
      received.add(
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI().toString(),
              Map.copyOf(exchange.getRequestHeaders()),
              exchange.getRequestBody().readAllBytes()));
      answer = answers.poll();
    }
    if (answer == null) {
      answer = status(500, "text/plain", "no answer scripted");
    }
    try (exchange) {
      answer.send(exchange);
    }
  }

  /**
   * An answer with {@code status}, a body of {@code type}, and the header pairs {@code headers}.
   */
  public static Answer status(int status, String type, String body, String... headers) {
    return exchange -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      for (int i = 0; i < headers.length; i += 2) {
        exchange.getResponseHeaders().set(headers[i], headers[i + 1]);
      }
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    };
  }

  /** {@code answer}, after {@code delay}: a long-poll that waited for nothing to happen. */
  public static Answer after(java.time.Duration delay, Answer answer) {
    return exchange -> {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      answer.send(exchange);
    };
  }

  public static Answer json(int status, String body, String... headers) {
    return status(status, "application/json", body, headers);
  }

  public static Answer problem(int status, String body, String... headers) {
    return status(status, "application/problem+json", body, headers);
  }

  /**
   * An answer that never comes: the headers promise a body that the server cuts off, so the client
   * sees its request sent and the connection lost, not knowing whether it took effect.
   */
  public static Answer lost() {
    return exchange -> {
      exchange.sendResponseHeaders(200, 1000);
      exchange.getResponseBody().write('{');
      exchange.getResponseBody().flush();
      // Closing the exchange now ends the connection 999 bytes short.
    };
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
