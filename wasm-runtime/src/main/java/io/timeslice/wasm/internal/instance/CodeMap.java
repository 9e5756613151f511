package io.timeslice.wasm.internal.instance;

import io.timeslice.wasm.CompilationMode;
import io.timeslice.wasm.Config;
import io.timeslice.wasm.Tier;
import io.timeslice.wasm.UnsupportedFeatureException;
import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.exec.FunctionTier;
import io.timeslice.wasm.internal.jit.JitModule;
import io.timeslice.wasm.internal.module.ModuleInfo;
import io.timeslice.wasm.internal.translate.Translator;
import io.timeslice.wasm.internal.validate.FuncValidator;
import io.timeslice.wasm.internal.validate.FunctionBodies;
import io.timeslice.wasm.internal.validate.InstructionVisitor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A module's translated functions, shared by all its instances in every store: translated up front
 * ({@link CompilationMode#EAGER}) or on first call, once per function, by whichever thread gets
 * there first. Two threads racing on one function may both translate it; the translation is
 * deterministic and the first result wins, so every instance runs the same code. Translation work
 * is counted here, apart from fuel.
 */
public final class CodeMap implements CompiledFunction.LazyCode {
  private final ModuleInfo module;
  private final Config config;
  private final CompilationMode mode;
  private final AtomicReferenceArray<CompiledFunction> translated;
  private final AtomicLong translateNanos = new AtomicLong();
  private final AtomicLong translatedBytes = new AtomicLong();

  /**
   * Each defined function's place between the tiers (compiled code once it is hot), shared by every
   * instance; null when the engine only interprets.
   */
  private final FunctionTier[] tiers;

  /** The module's compiled tier, or null when the engine only interprets. */
  private final JitModule jit;

  /**
   * A function's loops are sampled every {@code tierLoopThreshold / LOOP_SAMPLES} units of work; it
   * is compiled after this many samples.
   */
  public static final int LOOP_SAMPLES = 4;

  /** The code of {@code module}; with {@link CompilationMode#EAGER}, translates it all now. */
  public CodeMap(ModuleInfo module, Config config, CompilationMode mode) {
    this(module, config, mode, true);
  }

  /**
   * The code of trusted {@code module}: as {@link #CodeMap(ModuleInfo, Config, CompilationMode)},
   * but {@link CompilationMode#LAZY_TRANSLATION} skips its up-front validation pass (a body is
   * still walked by the validator when it is translated: the translator needs its types).
   */
  public static CodeMap trusted(ModuleInfo module, Config config, CompilationMode mode) {
    return new CodeMap(module, config, mode, false);
  }

  /**
   * The code of {@code module} installed from {@code functions}, its defined functions already
   * translated (from a stored artifact): nothing is validated or translated.
   */
  public CodeMap(ModuleInfo module, Config config, CompiledFunction[] functions) {
    this.module = module;
    this.config = config;
    this.mode = config.compilationMode();
    if (functions.length != module.funcCount - module.importedFuncs) {
      throw new IllegalArgumentException(
          functions.length
              + " functions installed, the module defines "
              + (module.funcCount - module.importedFuncs));
    }
    this.translated = new AtomicReferenceArray<>(functions.clone());
    this.jit = jitModule(module, config);
    this.tiers = tiers(module, config, jit);
  }

  /**
   * The module's compiled tier, or null: with the engine interpreting only, or with exception
   * handling on, whose exceptions unwind the interpreter's frame records and cannot cross a
   * compiled frame (docs/tiers.md).
   */
  private static JitModule jitModule(ModuleInfo module, Config config) {
    return config.tier() == Tier.INTERPRETER_ONLY || config.exceptionHandling()
        ? null
        : new JitModule(module.importedFuncs, config.compiledMethodBytes());
  }

  private static FunctionTier[] tiers(ModuleInfo module, Config config, JitModule jit) {
    if (jit == null) {
      return null;
    }
    int calls = config.tier() == Tier.COMPILED_EAGER ? 1 : config.tierCallThreshold();
    FunctionTier[] tiers = new FunctionTier[module.funcCount - module.importedFuncs];
    for (int i = 0; i < tiers.length; i++) {
      tiers[i] = new FunctionTier(jit, calls, LOOP_SAMPLES);
    }
    return tiers;
  }

  private CodeMap(ModuleInfo module, Config config, CompilationMode mode, boolean validate) {
    this.module = module;
    this.config = config;
    this.mode = mode;
    this.translated = new AtomicReferenceArray<>(module.funcCount - module.importedFuncs);
    this.jit = jitModule(module, config);
    this.tiers = tiers(module, config, jit);
    switch (mode) {
      case EAGER ->
          FunctionBodies.forEach(
              module,
              config.parallelCompilation(),
              () -> {
                Translator translator = translator();
                FuncValidator validator = new FuncValidator(config, module);
                return i -> {
                  try {
                    translate(translator, i);
                  } catch (UnsupportedOperationException e) {
                    // Valid, but not runnable yet: the module compiles; instantiating it fails.
                    unsupported(i, e.getMessage());
                    validator.validate(i, InstructionVisitor.NONE);
                  }
                };
              });
      case LAZY_TRANSLATION -> {
        if (validate) {
          FuncValidator.validateAll(config, module);
        }
      }
      case LAZY -> {}
    }
  }

  /**
   * What the module uses that the engine cannot run yet, found by eager translation in the lowest
   * function that uses it ({@link #unsupportedAt}), or null.
   */
  private String unsupported;

  private int unsupportedAt = Integer.MAX_VALUE;

  private synchronized void unsupported(int index, String reason) {
    if (index < unsupportedAt) {
      unsupportedAt = index;
      unsupported = reason;
    }
  }

  /**
   * Checks that the module can be instantiated.
   *
   * @throws UnsupportedOperationException naming what cannot run yet
   */
  public void checkSupported() {
    if (unsupported != null) {
      throw new UnsupportedOperationException(unsupported);
    }
  }

  private Translator translator() {
    return new Translator(
        module, new FuncValidator(config, module), config.consumeFuel(), config.optimizations());
  }

  private CompiledFunction translate(Translator translator, int index) {
    long start = System.nanoTime();
    CompiledFunction f = translator.translate(index);
    translateNanos.addAndGet(System.nanoTime() - start);
    translatedBytes.addAndGet(module.codeLengths[index - module.importedFuncs]);
    translated.compareAndSet(index - module.importedFuncs, null, f);
    return translated.get(index - module.importedFuncs);
  }

  @Override
  public CompiledFunction translated(int index) {
    CompiledFunction f = translated.get(index - module.importedFuncs);
    if (f != null) {
      return f;
    }
    try {
      return translate(translator(), index);
    } catch (UnsupportedOperationException e) {
      throw new UnsupportedFeatureException(e.getMessage());
    }
  }

  /**
   * Every defined function translated (now, if not yet), in index order: what an artifact stores.
   *
   * @throws UnsupportedFeatureException when a function uses what the engine cannot run yet
   * @throws io.timeslice.wasm.WasmException when a body not validated yet is invalid (lazy mode)
   */
  public CompiledFunction[] translateAll() {
    if (unsupported != null) {
      throw new UnsupportedFeatureException(unsupported);
    }
    CompiledFunction[] all = new CompiledFunction[translated.length()];
    for (int i = 0; i < all.length; i++) {
      all[i] = translated(module.importedFuncs + i);
    }
    return all;
  }

  /** A new, unbound function {@code index} for an instance. */
  public CompiledFunction instantiate(int index) {
    CompiledFunction f = translated.get(index - module.importedFuncs);
    CompiledFunction copy =
        f != null
            ? f.copy()
            : CompiledFunction.lazy(module.displayName(index), module.funcType(index), this, index);
    return tiers == null ? copy : copy.withTier(tiers[index - module.importedFuncs]);
  }

  /** The defined functions with compiled code. */
  public int compiledFunctions() {
    int n = 0;
    for (int i = 0; tiers != null && i < tiers.length; i++) {
      n += tiers[i].code() != null ? 1 : 0;
    }
    return n;
  }

  /** Nanoseconds spent compiling functions to JVM bytecode so far (the compiled tier). */
  public long compileNanos() {
    return jit == null ? 0 : jit.compileNanos();
  }

  /** The compiled functions split into several JVM methods. */
  public int splitFunctions() {
    return jit == null ? 0 : jit.splitFunctions();
  }

  /** The defined functions the compiler refused or failed on. */
  public int refusedFunctions() {
    int n = 0;
    for (int i = 0; tiers != null && i < tiers.length; i++) {
      n += tiers[i].refused() ? 1 : 0;
    }
    return n;
  }

  /** Function {@code index}'s tier state, or null when the engine only interprets. */
  public FunctionTier tier(int index) {
    return tiers == null ? null : tiers[index - module.importedFuncs];
  }

  /** The compilation mode. */
  public CompilationMode mode() {
    return mode;
  }

  /** Nanoseconds spent translating so far. */
  public long translateNanos() {
    return translateNanos.get();
  }

  /** The bytes of the IR translated so far (code and constant pools). */
  public long irBytes() {
    long bytes = 0;
    for (int i = 0; i < translated.length(); i++) {
      CompiledFunction f = translated.get(i);
      bytes += f == null ? 0 : f.irBytes();
    }
    return bytes;
  }

  /** Body bytes translated so far. */
  public long translatedBytes() {
    return translatedBytes.get();
  }
}
