package io.timeslice.wasm;

import io.timeslice.wasm.internal.checkpoint.CheckpointFormat;
import io.timeslice.wasm.internal.instance.CodeMap;
import io.timeslice.wasm.internal.instance.StoredCode;
import io.timeslice.wasm.internal.module.ModuleInfo;
import io.timeslice.wasm.internal.module.ModuleParser;
import io.timeslice.wasm.internal.validate.FuncValidator;
import io.timeslice.wasm.internal.validate.ModuleValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A decoded and validated WebAssembly module, ready to be instantiated. Immutable and thread-safe.
 * Create one with {@link #compile} (or {@link #compileUnchecked} for trusted bytes, {@link
 * #deserialize} from a stored artifact, {@link #fromText} from text); check bytes without keeping a
 * module with {@link #validate}. {@code compile}, {@code compileUnchecked} and {@code validate}
 * take the text format as well as the binary one: bytes whose first non-blank byte is {@code (} or
 * {@code ;} are UTF-8 text ({@link Wat}), converted to the binary module first, read with the
 * engine's features.
 */
public final class Module {
  private final Engine engine;
  private final ModuleInfo info;
  private final CodeMap code;

  private Module(Engine engine, ModuleInfo info, CodeMap code) {
    this.engine = engine;
    this.info = info;
    this.code = code;
  }

  /**
   * Decodes and validates {@code bytes}: a binary module, or text.
   *
   * @throws MalformedModuleException when the bytes are not a binary module
   * @throws MalformedTextException when text does not parse
   * @throws InvalidModuleException when the module is not valid or exceeds the engine's limits
   */
  public static Module compile(Engine engine, byte[] bytes) {
    Config config = engine.config();
    return guarded(
        () -> {
          ModuleInfo info = ModuleParser.parse(config, Wat.binary(bytes, config));
          ModuleValidator.validate(config, info);
          return new Module(engine, info, new CodeMap(info, config, config.compilationMode()));
        });
  }

  /**
   * Parses, decodes and validates a text-format module ({@code .wat}).
   *
   * @throws MalformedTextException when the text does not parse, with its line and column
   * @throws InvalidModuleException when the module is not valid or exceeds the engine's limits
   */
  public static Module fromText(Engine engine, String text) {
    return compile(engine, Wat.toBinary(text, engine.config()));
  }

  /**
   * Compiles bytes that are known to be valid — for example, bytes this service validated with
   * {@link #compile} or {@link #validate} when they were uploaded, read back by content hash.
   *
   * <p>Checked as in {@link #compile}: the binary format and the engine's limits (decoding), the
   * module level (types, imports, exports, segments, constant expressions), and, in {@link
   * CompilationMode#EAGER} and on a lazy function's first call, each body as it is translated (the
   * translator is driven by the validator, which supplies the types it needs, so bodies cannot be
   * translated without being checked). Not checked: in {@link CompilationMode#LAZY_TRANSLATION},
   * the bodies up front — the separate validation pass over every body is skipped, so an invalid
   * body surfaces on its first call instead of here, as in {@link CompilationMode#LAZY}. In eager
   * mode this saves nothing measurable (docs/benchmarks.md).
   *
   * <p>Never pass untrusted bytes: its contract is that invalid bodies may be reported late, and
   * future versions may check less.
   *
   * @throws MalformedModuleException when the bytes are not a binary module
   * @throws InvalidModuleException when the module level, or a body translated now, is invalid
   */
  public static Module compileUnchecked(Engine engine, byte[] bytes) {
    Config config = engine.config();
    return guarded(
        () -> {
          ModuleInfo info = ModuleParser.parse(config, Wat.binary(bytes, config));
          ModuleValidator.validate(config, info);
          return new Module(engine, info, CodeMap.trusted(info, config, config.compilationMode()));
        });
  }

  /**
   * Installs the translated code of {@code artifact}, made by {@link #serialize} of a module of
   * {@code bytes} by an engine of the same {@link Engine#irVersion()}, instead of translating. The
   * bytes are decoded and checked at module level; bodies are neither validated nor translated. The
   * artifact's checksum, format, IR version and the bytes it was made for are checked first, so
   * damaged or foreign artifacts are refused, never run. The artifact itself is trusted: it must
   * come from storage only this service writes.
   *
   * @throws ArtifactMismatchException when the artifact is refused: compile the bytes instead
   * @throws MalformedModuleException when the bytes are not a binary module
   * @throws InvalidModuleException when the module level is invalid
   */
  public static Module deserialize(Engine engine, byte[] bytes, byte[] artifact) {
    Config config = engine.config();
    return guarded(
        () -> {
          ModuleInfo info = ModuleParser.parse(config, bytes);
          ModuleValidator.validate(config, info);
          CodeMap code = StoredCode.deserialize(info, config, engine.irVersion(), artifact);
          return new Module(engine, info, code);
        });
  }

  /**
   * This module's translated code as an artifact for {@link #deserialize}, tagged with the engine's
   * {@link Engine#irVersion()}; functions not translated yet (lazy modes) are translated now.
   *
   * @throws UnsupportedFeatureException when a function uses what the engine cannot run yet
   * @throws InvalidModuleException when a body not validated yet is invalid ({@link
   *     CompilationMode#LAZY})
   */
  public byte[] serialize() {
    return guarded(() -> StoredCode.serialize(info, code, engine.irVersion()));
  }

  /**
   * Decodes and validates {@code bytes} (a binary module, or text) without keeping the result.
   *
   * @throws MalformedModuleException when the bytes are not a binary module
   * @throws MalformedTextException when text does not parse
   * @throws InvalidModuleException when the module is not valid or exceeds the engine's limits
   */
  public static void validate(Engine engine, byte[] bytes) {
    check(engine.config(), bytes);
  }

  private static ModuleInfo check(Config config, byte[] bytes) {
    return guarded(
        () -> {
          ModuleInfo info = ModuleParser.parse(config, Wat.binary(bytes, config));
          ModuleValidator.validate(config, info);
          FuncValidator.validateAll(config, info);
          return info;
        });
  }

  private static <R> R guarded(java.util.function.Supplier<R> work) {
    try {
      return work.get();
    } catch (WasmException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError engineBug) {
      // Whatever the input, a user sees a module error, never a JVM exception. Reaching this is a
      // bug of the decoder, which the robustness tests look for by this message.
      throw new InvalidModuleException(
          "internal decoder error: " + engineBug.getClass().getSimpleName(), 0, engineBug);
    }
  }

  /** The engine the module was compiled for. */
  public Engine engine() {
    return engine;
  }

  /** The decoded module, for instantiation. */
  ModuleInfo info() {
    return info;
  }

  /** The SHA-256 of the module's binary, computed on first use (checkpoints name it). */
  byte[] sha256() {
    byte[] hash = sha256;
    if (hash == null) {
      hash = CheckpointFormat.sha256(info.bytes);
      sha256 = hash;
    }
    return hash.clone();
  }

  private volatile byte[] sha256;

  /** The module's size in bytes. */
  public int sizeBytes() {
    return info.bytes.length;
  }

  /**
   * The bytes of its translated IR so far (code and constant pools): all of it after an eager
   * compile or a deserialize, what has run so far in the lazy modes.
   */
  public long irBytes() {
    return code.irBytes();
  }

  /** The translated functions, shared by every instance. */
  CodeMap code() {
    return code;
  }

  /**
   * Time spent translating this module's functions to IR so far, in nanoseconds: all of it in
   * {@link #compile} in eager mode, on first calls in the lazy modes. It is not fuel.
   */
  public long translateNanos() {
    return code.translateNanos();
  }

  /**
   * How many of the module's functions run in compiled code so far (the compiled tier,
   * docs/tiers.md); 0 when the engine only interprets.
   */
  public int compiledFunctions() {
    return code.compiledFunctions();
  }

  /** Time spent compiling the module's functions to JVM bytecode so far, in nanoseconds. */
  public long compileNanos() {
    return code.compileNanos();
  }

  /**
   * How many of the module's functions the compiled tier has refused (too big even when split into
   * several JVM methods, or using an op it does not compile): they run interpreted.
   */
  public int refusedFunctions() {
    return code.refusedFunctions();
  }

  /**
   * How many of the module's compiled functions were too big for one JVM method and were compiled
   * as several ({@link Config#compiledMethodBytes}).
   */
  public int splitFunctions() {
    return code.splitFunctions();
  }

  /** The module's imports, in order. */
  public List<ImportType> imports() {
    return List.copyOf(info.imports);
  }

  /** The module's exports, in order. */
  public List<ExportType> exports() {
    return info.exportTypes();
  }

  /** The export called {@code name}, if there is one. */
  public Optional<ExportType> export(String name) {
    return exports().stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** The custom sections' names and payloads, in order. */
  public List<Map.Entry<String, byte[]>> customSections() {
    List<Map.Entry<String, byte[]>> out = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : info.customSections) {
      out.add(Map.entry(e.getKey(), e.getValue().clone()));
    }
    return out;
  }

  /** The name of function {@code index} from the {@code name} section, if it has one. */
  public Optional<String> functionName(int index) {
    return Optional.ofNullable(info.functionNames.get(index));
  }
}
