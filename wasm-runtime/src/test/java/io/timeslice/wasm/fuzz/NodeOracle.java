package io.timeslice.wasm.fuzz;

import io.timeslice.wasm.TrapCode;
import io.timeslice.wasm.ValType;
import io.timeslice.wasm.fuzz.Call.Status;
import io.timeslice.wasm.fuzz.Call.Value;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * V8, through one long-lived {@code node} process running {@code node/fuzz-run.mjs}. V8's trap
 * messages are its own and coarser than the specification's: {@link #TRAPS} says which of our trap
 * codes each one stands for.
 */
final class NodeOracle implements Oracle {
  /** V8's trap messages and the trap codes each covers. */
  static final Map<String, Set<TrapCode>> TRAPS =
      Map.ofEntries(
          Map.entry("unreachable", Set.of(TrapCode.UNREACHABLE)),
          Map.entry("memory access out of bounds", Set.of(TrapCode.MEMORY_OUT_OF_BOUNDS)),
          Map.entry("data segment out of bounds", Set.of(TrapCode.MEMORY_OUT_OF_BOUNDS)),
          Map.entry("divide by zero", Set.of(TrapCode.INTEGER_DIVIDE_BY_ZERO)),
          Map.entry("remainder by zero", Set.of(TrapCode.INTEGER_DIVIDE_BY_ZERO)),
          Map.entry("divide result unrepresentable", Set.of(TrapCode.INTEGER_OVERFLOW)),
          // V8 does not tell NaN (invalid conversion) from out of range (integer overflow).
          Map.entry(
              "float unrepresentable in integer range",
              Set.of(TrapCode.INTEGER_OVERFLOW, TrapCode.INVALID_CONVERSION_TO_INTEGER)),
          // Nor an index past a table from one past a table for call_indirect.
          Map.entry(
              "table index is out of bounds",
              Set.of(TrapCode.TABLE_OUT_OF_BOUNDS, TrapCode.UNDEFINED_ELEMENT)),
          Map.entry("element segment out of bounds", Set.of(TrapCode.TABLE_OUT_OF_BOUNDS)),
          // Nor a null entry from a signature mismatch.
          Map.entry(
              "null function or function signature mismatch",
              Set.of(TrapCode.UNINITIALIZED_ELEMENT, TrapCode.INDIRECT_CALL_TYPE_MISMATCH)),
          Map.entry("dereferencing a null pointer", Set.of(TrapCode.NULL_REFERENCE)));

  private final Process process;
  private final Writer requests;
  private final BufferedReader answers;

  private NodeOracle(Process process) {
    this.process = process;
    this.requests = process.outputWriter(StandardCharsets.US_ASCII);
    this.answers = process.inputReader(StandardCharsets.UTF_8);
  }

  /** A runner, or null when {@code node} cannot be started. */
  static NodeOracle start(Path dir) {
    try {
      Path script = dir.resolve("fuzz-run.mjs");
      try (InputStream in = NodeOracle.class.getResourceAsStream("/node/fuzz-run.mjs")) {
        Files.write(script, in.readAllBytes());
      }
      Process p =
          new ProcessBuilder("node", "--no-warnings", "--stack-size=4000", script.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      return new NodeOracle(p);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public String name() {
    return "V8 (node)";
  }

  @Override
  public List<Call> run(byte[] wasm, List<Invocation> plan) {
    StringBuilder request = new StringBuilder(Base64.getEncoder().encodeToString(wasm));
    for (Invocation invocation : plan) {
      request.append(';').append(URLEncoder.encode(invocation.export(), StandardCharsets.UTF_8));
      StringJoiner args = new StringJoiner(",");
      for (int i = 0; i < invocation.args().length; i++) {
        args.add(invocation.type().param(i) + ":" + Long.toHexString(invocation.args()[i]));
      }
      StringJoiner results = new StringJoiner(",");
      invocation.type().results().forEach(t -> results.add(t.toString()));
      request.append('|').append(args).append('|').append(results);
    }
    try {
      requests.write(request.append('\n').toString());
      requests.flush();
      return read();
    } catch (IOException e) {
      throw new UncheckedIOException("the node runner died", e);
    }
  }

  private List<Call> read() throws IOException {
    List<Call> calls = new ArrayList<>();
    String export = null;
    List<Value> log = new ArrayList<>();
    Status status = null;
    String detail = "";
    List<Value> results = new ArrayList<>();
    for (String line = answers.readLine(); ; line = answers.readLine()) {
      if (line == null) {
        throw new IOException("node ended");
      }
      if (line.equals("end")) {
        return calls;
      }
      int space = line.indexOf(' ');
      String word = space < 0 ? line : line.substring(0, space);
      String rest = space < 0 ? "" : line.substring(space + 1);
      switch (word) {
        case "call" -> {
          export = rest;
          log = new ArrayList<>();
          results = new ArrayList<>();
          detail = "";
        }
        case "log" -> log.add(value(rest.replace(' ', ':')));
        case "ok" -> {
          status = Status.RETURNED;
          for (String v : rest.isEmpty() ? new String[0] : rest.split(" ")) {
            results.add(value(v));
          }
        }
        case "trap" -> {
          status = Status.TRAPPED;
          detail = "v8:" + rest;
        }
        case "stack" -> status = Status.EXHAUSTED;
        case "rejected" -> {
          status = Status.REJECTED;
          detail = rest;
        }
        case "error" -> {
          status = Status.CRASHED;
          detail = rest;
        }
        case "mem" -> {
          if (export.equals("<instantiate>") && status == Status.TRAPPED) {
            status = Status.NOT_INSTANTIATED;
          }
          calls.add(
              new Call(
                  export,
                  List.copyOf(log),
                  status,
                  detail,
                  List.copyOf(results),
                  (int) Long.parseLong(rest),
                  -1));
          status = null;
        }
        default -> throw new IOException("unexpected answer from node: " + line);
      }
    }
  }

  private static Value value(String typed) {
    int colon = typed.indexOf(':');
    ValType t = ValType.valueOf(typed.substring(0, colon).toUpperCase(Locale.ROOT));
    return new Value(t, Long.parseUnsignedLong(typed.substring(colon + 1), 16));
  }

  @Override
  public void close() {
    process.destroy();
  }
}
