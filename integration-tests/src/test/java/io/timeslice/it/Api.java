package io.timeslice.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client of the REST API as a user's program would call it: HTTP and JSON, nothing else.
 */
public final class Api {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final String base;
  private final String adminToken;

  /** A client of the service at {@code base}, with the admin token {@code adminToken}. */
  public Api(String base, String adminToken) {
    this.base = base;
    this.adminToken = adminToken;
  }

  /** An answer: status, headers and body, with the body as JSON when it is JSON. */
  record Answer(HttpResponse<String> response) {
    int status() {
      return response.statusCode();
    }

    String body() {
      return response.body();
    }

    JsonNode json() {
      return JSON.readTree(response.body());
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }
  }

  Answer send(String method, String path, String key, String type, byte[] body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(90))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    if (type != null) {
      request.header("Content-Type", type);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return new Answer(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
  }

  Answer get(String path, String key) throws IOException, InterruptedException {
    return send("GET", path, key, null, null);
  }

  Answer post(String path, String key, Object json, String... headers)
      throws IOException, InterruptedException {
    return send("POST", path, key, "application/json", JSON.writeValueAsBytes(json), headers);
  }

  /** Creates a tenant with a unique name starting with {@code prefix}; returns it with its key. */
  public Tenant tenant(String prefix, Map<String, Object> settings)
      throws IOException, InterruptedException {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    java.util.Map<String, Object> body = new java.util.HashMap<>(settings);
    body.put("name", name);
    Answer a = post("/tenants", adminToken, body);
    if (a.status() != 201) {
      throw new IllegalStateException("tenant not created: " + a.status() + " " + a.body());
    }
    return new Tenant(a.json().get("id").asLong(), name, a.json().get("apiKey").asString());
  }

  /** A tenant and its API key. */
  public record Tenant(long id, String name, String key) {}

  /** Uploads {@code programs/wasm/<file>}; returns the module id. */
  public String upload(String key, String file) throws IOException, InterruptedException {
    Answer a = send("POST", "/modules", key, "application/wasm", Files.readAllBytes(program(file)));
    if (a.status() != 201 && a.status() != 200) {
      throw new IllegalStateException("upload failed: " + a.status() + " " + a.body());
    }
    return a.json().get("id").asString();
  }

  /** Submits a job; returns its id. */
  public String submit(String key, Map<String, Object> job)
      throws IOException, InterruptedException {
    Answer a = post("/jobs", key, job);
    if (a.status() != 202) {
      throw new IllegalStateException("job refused: " + a.status() + " " + a.body());
    }
    return a.json().get("id").asString();
  }

  /** Long-polls a job until it has ended. */
  public JsonNode await(String key, String job) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    JsonNode j;
    do {
      j = get("/jobs/" + job + "?wait=30s", key).json();
    } while (!isFinal(j.get("status").asString()) && System.nanoTime() < deadline);
    return j;
  }

  /** Polls a job until it is RUNNING (for tests that act on a running job). */
  void awaitRunning(String key, String job) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!get("/jobs/" + job, key).json().get("status").asString().equals("RUNNING")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("job " + job + " did not start within 60 s");
      }
      Thread.sleep(20);
    }
  }

  static boolean isFinal(String status) {
    return !status.equals("QUEUED") && !status.equals("RUNNING");
  }

  static Path program(String file) {
    return Path.of(System.getProperty("timeslice.root", ".."), "programs", "wasm", file);
  }

  String adminToken() {
    return adminToken;
  }
}
