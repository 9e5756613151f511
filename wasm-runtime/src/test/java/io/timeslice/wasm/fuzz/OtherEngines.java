package io.timeslice.wasm.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The engines Timeslice is compared with: Chicory always, V8 when {@code node} is installed. */
final class OtherEngines implements AutoCloseable {
  private final NodeOracle node;
  private final List<Oracle> all = new ArrayList<>();

  private OtherEngines(NodeOracle node) {
    this.node = node;
    all.add(new ChicoryOracle());
    if (node != null) {
      all.add(node);
    }
  }

  /** Starts them; without node, says so loudly on stderr ({@code who} runs without V8). */
  static OtherEngines start(Path dir, String who) {
    NodeOracle node = version("node") == null ? null : NodeOracle.start(dir);
    if (node == null) {
      System.err.println("NODE NOT FOUND: " + who + " runs WITHOUT V8");
    }
    return new OtherEngines(node);
  }

  List<Oracle> list() {
    return all;
  }

  @Override
  public void close() {
    if (node != null) {
      node.close();
    }
  }

  /** What {@code command --version} prints, or null when the command is not there. */
  static String version(String command) {
    try {
      Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 ? v : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
