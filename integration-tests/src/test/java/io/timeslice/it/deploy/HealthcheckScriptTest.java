package io.timeslice.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/docker/healthcheck.sh, the image's HEALTHCHECK and the chart's helm test, against a real
 * HTTP server: healthy only on a 200.
 */
class HealthcheckScriptTest {
  private static HttpServer server;

  @BeforeAll
  static void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/up", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
    server.createContext("/down", exchange -> answer(exchange, 503, "{\"status\":\"DOWN\"}"));
    server.start();
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static ProcessRun probe(int port, String path) throws Exception {
    return ProcessRun.run(
        Checkout.root(),
        30,
        List.of("bash", "deploy/docker/healthcheck.sh", "127.0.0.1", Integer.toString(port), path));
  }

  @Test
  void healthyOnA200() throws Exception {
    ProcessRun run = probe(server.getAddress().getPort(), "/up");
    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  @Test
  void unhealthyOnA503WithTheStatusLine() throws Exception {
    ProcessRun run = probe(server.getAddress().getPort(), "/down");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("unhealthy: /down answered 'HTTP/1.1 503");
  }

  @Test
  void unhealthyWhenNothingListens() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    ProcessRun run = probe(closed, "/up");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("cannot connect to 127.0.0.1:" + closed);
  }
}
