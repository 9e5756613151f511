package io.timeslice.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {
  private static ServerSentEvents of(String text) {
    return new ServerSentEvents(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void fieldsCommentsAndMultiLineData() throws IOException {
    try (ServerSentEvents events =
        of(
            ":heartbeat\r\n\r\nid: 7\r\nevent:status\r\ndata: a\r\ndata:b\r\nretry: 10\r\n\r\ndata\n\n")) {
      assertThat(events.next()).isEqualTo(new ServerSentEvents.Event("7", "status", "a\nb"));
      assertThat(events.next()).isEqualTo(new ServerSentEvents.Event(null, "message", ""));
      assertThat(events.next()).isNull();
    }
  }

  @Test
  void anEventCutOffBeforeItsBlankLineIsNotDelivered() throws IOException {
    try (ServerSentEvents events = of("id:1\nevent:status\ndata:{\"x\"")) {
      assertThat(events.next()).isNull();
    }
  }
}
