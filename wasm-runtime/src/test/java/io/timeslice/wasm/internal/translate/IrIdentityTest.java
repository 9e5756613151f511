package io.timeslice.wasm.internal.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.WasmException;
import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.module.ModuleInfo;
import io.timeslice.wasm.internal.module.ModuleParser;
import io.timeslice.wasm.internal.validate.FuncValidator;
import io.timeslice.wasm.internal.validate.ModuleValidator;
import io.timeslice.wasm.spec.Testsuite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The translator's output is exactly what it was when {@code translator/ir-digests.tsv} was
 * written: every defined function of every {@code programs/wasm} module (the corpus included) and
 * of every spec testsuite module, translated in each of the four modes (fuel metering on and off,
 * optimisations on and off), digested — name, parameter, local and result cells, frame size,
 * constant pool and code words, or the reason a function cannot be translated — and compared per
 * module (per spec folder for the suite) and mode. A refactoring of the translator must leave every
 * line as it is; a change meant to change the IR regenerates the file deliberately, and the diff of
 * the file shows which modules and modes it changed:
 *
 * <pre>
 * ./mvnw -o -q -B -pl wasm-runtime test -Dtest=IrIdentityTest -Dir.digests.write=true
 * </pre>
 *
 * <p>Spec lines are checked only when the suite is present (CI fetches it), and the file is written
 * only with it present; the programs are always checked.
 */
class IrIdentityTest {
  private static final Path GOLDEN =
      Path.of("src", "test", "resources", "translator", "ir-digests.tsv");

  private static final Path PROGRAMS = Path.of("..", "programs", "wasm");

  /** The four translation modes: fuel metering, optimisations. */
  private static final List<Mode> MODES =
      List.of(
          new Mode("fuel+opt", true, true),
          new Mode("fuel", true, false),
          new Mode("opt", false, true),
          new Mode("plain", false, false));

  private record Mode(String name, boolean fuel, boolean optimize) {}

  @Test
  void everyModuleTranslatesToTheRecordedIrInEveryMode() throws IOException {
    Map<String, String> actual = new LinkedHashMap<>();
    for (Map.Entry<String, List<Path>> group : groups().entrySet()) {
      for (Mode mode : MODES) {
        actual.put(group.getKey() + "\t" + mode.name(), digest(group.getValue(), mode));
      }
    }
    if (Boolean.getBoolean("ir.digests.write")) {
      assertThat(Testsuite.find()).as("the spec suite, whose lines the file must keep").isPresent();
      List<String> lines = new ArrayList<>();
      lines.add("# module-or-spec-folder\tmode\tmodules,functions\tsha256 (IrIdentityTest)");
      actual.forEach((key, value) -> lines.add(key + "\t" + value));
      Files.write(GOLDEN, lines);
    }
    Map<String, String> expected = new LinkedHashMap<>();
    for (String line : Files.readAllLines(GOLDEN)) {
      if (!line.startsWith("#")) {
        int split = line.indexOf('\t', line.indexOf('\t') + 1);
        expected.put(line.substring(0, split), line.substring(split + 1));
      }
    }
    boolean suite = Testsuite.find().isPresent();
    expected.keySet().removeIf(key -> key.startsWith("spec/") && !suite);
    assertThat(actual).as("IR digests against %s", GOLDEN).isEqualTo(expected);
    assertThat(actual.keySet()).as("programs covered").anyMatch(k -> k.startsWith("lua.wasm\t"));
  }

  /** The modules, per line of the file: one program each, one spec folder each. */
  private static Map<String, List<Path>> groups() throws IOException {
    Map<String, List<Path>> groups = new LinkedHashMap<>();
    for (Path dir : List.of(PROGRAMS, PROGRAMS.resolve("corpus"))) {
      for (Path file : wasmFiles(dir)) {
        groups.put(PROGRAMS.relativize(file).toString(), List.of(file));
      }
    }
    Optional<Path> suite = Testsuite.find();
    if (suite.isPresent()) {
      Path json = suite.get().resolve("json");
      try (Stream<Path> folders = Files.walk(json)) {
        for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
          List<Path> files = wasmFiles(folder);
          if (!files.isEmpty()) {
            groups.put("spec/" + json.relativize(folder), files);
          }
        }
      }
    }
    return groups;
  }

  private static List<Path> wasmFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
    }
  }

  /**
   * The digest of the modules' IR in {@code mode}, after the count of modules that validate and of
   * functions. A module that does not decode or validate (the suite's malformed and invalid ones)
   * adds nothing.
   */
  private static String digest(List<Path> files, Mode mode) throws IOException {
    MessageDigest sha = sha256();
    Config config = Config.defaults();
    int modules = 0;
    int functions = 0;
    for (Path file : files) {
      ModuleInfo module;
      try {
        module = ModuleParser.parse(config, Files.readAllBytes(file));
        ModuleValidator.validate(config, module);
      } catch (WasmException e) {
        continue;
      }
      modules++;
      update(sha, file.getFileName().toString());
      Translator translator =
          new Translator(module, new FuncValidator(config, module), mode.fuel(), mode.optimize());
      for (int i = module.importedFuncs; i < module.funcCount; i++) {
        functions++;
        try {
          add(sha, translator.translate(i));
        } catch (WasmException | UnsupportedOperationException e) {
          update(sha, "refused: " + e.getMessage());
        }
      }
    }
    return modules + "," + functions + "\t" + HexFormat.of().formatHex(sha.digest());
  }

  private static void add(MessageDigest sha, CompiledFunction f) {
    update(sha, f.name());
    long[] constants = f.constants();
    int[] code = f.code();
    ByteBuffer buffer = ByteBuffer.allocate(24 + 8 * constants.length + 4 * code.length);
    buffer.putInt(f.numParams()).putInt(f.numLocals()).putInt(f.numResults());
    buffer.putInt(f.frameSize()).putInt(constants.length).putInt(code.length);
    for (long c : constants) {
      buffer.putLong(c);
    }
    for (int word : code) {
      buffer.putInt(word);
    }
    sha.update(buffer.array());
  }

  private static void update(MessageDigest sha, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    sha.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
