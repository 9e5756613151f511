package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The engine is a module that exports its API and nothing else (module-info.java) but its text
 * parser to the spec harness (module io.timeslice.wasm.spec, wasm-spec). The tests run on the class
 * path, so this one loads the compiled classes as a module: its descriptor, and a program run by a
 * JVM of its own with the engine on the module path, which uses the API (compiled tier and fuel
 * included) and fails to reach {@code internal}, by lookup and by reflection.
 */
class ModuleBoundaryTest {
  private static final Path CLASSES =
      Path.of(Engine.class.getProtectionDomain().getCodeSource().getLocation().getPath());

  @Test
  void theDescriptorExportsTheApiOnly() {
    ModuleDescriptor descriptor =
        ModuleFinder.of(CLASSES).find("io.timeslice.wasm").orElseThrow().descriptor();
    assertThat(
            descriptor.exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source))
        .containsExactlyInAnyOrder("io.timeslice.wasm", "io.timeslice.wasm.wasi");
    assertThat(
            descriptor.exports().stream()
                .filter(ModuleDescriptor.Exports::isQualified)
                .map(e -> e.source() + " to " + e.targets()))
        .as("the text parser, to the spec harness alone")
        .containsExactly("io.timeslice.wasm.internal.text to [io.timeslice.wasm.spec]");
    assertThat(descriptor.opens()).isEmpty();
    assertThat(
            descriptor.requires().stream()
                .filter(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
                .map(ModuleDescriptor.Requires::name))
        .as("no runtime dependency but the JDK's base module")
        .containsExactly("java.base");
  }

  @Test
  void aModularProgramRunsTheApiAndCannotReachTheInternals() throws Exception {
    Path probe = Files.createTempFile("probe", ".java");
    try {
      try (var in = getClass().getResourceAsStream("/module-boundary/Probe.java")) {
        Files.write(probe, in.readAllBytes());
      }
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process process =
          new ProcessBuilder(
                  List.of(
                      java.toString(),
                      "--module-path",
                      CLASSES.toString(),
                      "--add-modules",
                      "io.timeslice.wasm",
                      probe.toString()))
              .redirectErrorStream(true)
              .start();
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output.lines().collect(Collectors.toList()))
          .as(output)
          .contains("module io.timeslice.wasm", "sum 5050, compiled functions 1")
          .anyMatch(l -> l.startsWith("internal blocked: "))
          .contains("reflection blocked: InaccessibleObjectException");
    } finally {
      Files.deleteIfExists(probe);
    }
  }
}
