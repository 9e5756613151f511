package io.timeslice.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} as the HTML standard defines it: {@code field: value} lines, an
 * event ended by a blank line, {@code data} lines joined by newlines, comments (heartbeats)
 * skipped.
 */
final class ServerSentEvents implements AutoCloseable {
  /**
   * One event.
   *
   * @param id its {@code id} field, or null
   * @param name its {@code event} field ("message" when absent)
   * @param data its data lines, joined by newlines
   */
  record Event(String id, String name, String data) {}

  private final BufferedReader reader;

  ServerSentEvents(InputStream stream) {
    this.reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
  }

  /** The next event, or null when the stream has ended. */
  Event next() throws IOException {
    String id = null;
    String name = null;
    StringBuilder data = null;
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          return new Event(id, name == null ? "message" : name, data.toString());
        }
        id = null;
        name = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "id" -> id = value;
        case "event" -> name = value;
        case "data" -> {
          if (data == null) {
            data = new StringBuilder(value);
          } else {
            data.append('\n').append(value);
          }
        }
        default -> {
          // "retry" and unknown fields are ignored, as the standard says.
        }
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
