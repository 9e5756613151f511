package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example of docs/embedding.md, run: the guide's code is the code between the markers below,
 * and {@link #theGuideShowsThisCode} fails when the two drift apart.
 */
class EmbeddingGuideTest {
  @Test
  void theExampleRuns() {
    List<String> out = example();
    assertThat(out)
        .containsExactly(
            "log: 10",
            "out of fuel after 20",
            "log: 20",
            "log: 30",
            "result: 60",
            "fuel consumed: 60",
            "from the artifact: 60");
  }

  @Test
  void theGuideShowsThisCode() throws IOException {
    String source =
        Files.readString(
            Path.of("src", "test", "java", "io", "timeslice", "wasm", "EmbeddingGuideTest.java"));
    String guide = Files.readString(Path.of("..", "docs", "embedding.md"));
    assertThat(guide).contains(between(source, "// guide:start\n", "// guide:end").stripIndent());
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start) + start.length();
    return text.substring(from, text.indexOf(end, from));
  }

  private static List<String> example() {
    List<String> out = new ArrayList<>();
    // guide:start
    // 1. An engine that meters fuel; its modules run in the interpreter and, once hot, compiled.
    Engine engine = new Engine(Config.builder().consumeFuel(true).tier(Tier.TIERED).build());

    // 2. A module: the bytes of a .wasm file, here converted from text.
    String text =
        """
        (module
          (import "env" "log" (func $log (param i32)))
          (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
            (loop $next
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (local.set $s (i32.add (local.get $s) (i32.mul (local.get $i) (i32.const 10))))
              (call $log (i32.mul (local.get $i) (i32.const 10)))
              (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
            (local.get $s)))
        """;
    byte[] wasm = Wat.toBinary(text);
    Module module = Module.compile(engine, wasm);

    // 3. A host function, linked by name; it sees the store's data (here, the output list).
    FuncType logType = new FuncType(List.of(ValType.I32), List.of());
    Linker<List<String>> linker =
        new Linker<List<String>>(engine)
            .func(
                "env",
                "log",
                logType,
                (caller, args) -> {
                  caller.data().add("log: " + args[0]);
                  return new long[0];
                });

    // 4. A store per job: its memories, globals, fuel and limits.
    Store<List<String>> store = new Store<>(engine, out);
    Instance instance = linker.instantiate(store, module);

    // 5. Run with a budget of fuel; out of fuel, the call suspends and resumes later (on any
    //    thread) with more.
    store.setFuel(25);
    ResumableCall call = instance.func("sum").callResumable(store, 3);
    while (call instanceof ResumableCall.OutOfFuel suspended) {
      out.add("out of fuel after " + store.fuelConsumed());
      store.setFuel(100);
      call = suspended.resume(store);
    }
    long[] results = ((ResumableCall.Finished) call).results();
    out.add("result: " + results[0]);
    out.add("fuel consumed: " + store.fuelConsumed());

    // 6. Keep the translated IR: a later process skips validation and translation.
    byte[] artifact = module.serialize();
    Module restored = Module.deserialize(engine, wasm, artifact);
    Store<List<String>> again = new Store<>(engine, new ArrayList<>());
    again.setFuel(10_000);
    long sum = linker.instantiate(again, restored).func("sum").call(again, 3)[0];
    out.add("from the artifact: " + sum);
    // guide:end
    return out;
  }
}
