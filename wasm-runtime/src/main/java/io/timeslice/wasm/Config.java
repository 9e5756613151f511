package io.timeslice.wasm;

import static io.timeslice.wasm.internal.settings.Settings.notNegative;
import static io.timeslice.wasm.internal.settings.Settings.positive;

import io.timeslice.wasm.internal.settings.Settings;
import java.util.Arrays;
import java.util.Objects;

/**
 * Engine configuration: which WebAssembly features are on, the engine's limits, metering and how
 * code is compiled. Immutable: build one with {@link #builder()} (every setting starts at its
 * default, listed in {@link Builder}), or change a copy with {@link #toBuilder()} or a {@code
 * with…} method. The defaults accept every valid module of the specification's testsuite and are
 * safe for many tenants: a limit exceeded is an {@link InvalidModuleException}, never an {@link
 * OutOfMemoryError}.
 */
public final class Config {
  private final boolean signExtension;
  private final boolean saturatingFloatToInt;
  private final boolean multiValue;
  private final boolean mutableGlobals;
  private final boolean bulkMemory;
  private final boolean referenceTypes;
  private final boolean simd;
  private final boolean tailCall;
  private final boolean exceptionHandling;
  private final boolean functionReferences;
  private final boolean gc;
  private final boolean relaxedSimd;
  private final boolean memory64;
  private final boolean multiMemory;
  private final boolean extendedConst;
  private final boolean threads;
  private final int maxModuleBytes;
  private final int maxTypes;
  private final int maxFunctions;
  private final int maxImports;
  private final int maxExports;
  private final int maxGlobals;
  private final int maxTables;
  private final int maxDataSegments;
  private final int maxElementSegments;
  private final int maxLocals;
  private final int maxFunctionBodyBytes;
  private final boolean consumeFuel;
  private final CompilationMode compilationMode;
  private final boolean optimizations;
  private final boolean parallelCompilation;
  private final Tier tier;
  private final int tierCallThreshold;
  private final int tierLoopThreshold;
  private final int compiledStackBytes;
  private final int compiledMethodBytes;

  private Config(Builder b) {
    signExtension = b.signExtension;
    saturatingFloatToInt = b.saturatingFloatToInt;
    multiValue = b.multiValue;
    mutableGlobals = b.mutableGlobals;
    bulkMemory = b.bulkMemory;
    referenceTypes = b.referenceTypes;
    simd = b.simd;
    tailCall = b.tailCall;
    exceptionHandling = b.exceptionHandling;
    functionReferences = b.functionReferences;
    gc = b.gc;
    relaxedSimd = b.relaxedSimd;
    memory64 = b.memory64;
    multiMemory = b.multiMemory;
    extendedConst = b.extendedConst;
    threads = b.threads;
    maxModuleBytes = b.maxModuleBytes;
    maxTypes = b.maxTypes;
    maxFunctions = b.maxFunctions;
    maxImports = b.maxImports;
    maxExports = b.maxExports;
    maxGlobals = b.maxGlobals;
    maxTables = b.maxTables;
    maxDataSegments = b.maxDataSegments;
    maxElementSegments = b.maxElementSegments;
    maxLocals = b.maxLocals;
    maxFunctionBodyBytes = b.maxFunctionBodyBytes;
    consumeFuel = b.consumeFuel;
    compilationMode = b.compilationMode;
    optimizations = b.optimizations;
    parallelCompilation = b.parallelCompilation;
    tier = b.tier;
    tierCallThreshold = b.tierCallThreshold;
    tierLoopThreshold = b.tierLoopThreshold;
    compiledStackBytes = b.compiledStackBytes;
    compiledMethodBytes = b.compiledMethodBytes;
  }

  private static final Config DEFAULTS = new Builder().build();

  /** Every setting at its default: every WebAssembly 2.0 feature on, limits for many tenants. */
  public static Config defaults() {
    return DEFAULTS;
  }

  /** A builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Sign-extension operators. */
  public boolean signExtension() {
    return signExtension;
  }

  /** Non-trapping float-to-int conversions. */
  public boolean saturatingFloatToInt() {
    return saturatingFloatToInt;
  }

  /** Blocks and functions with several results. */
  public boolean multiValue() {
    return multiValue;
  }

  /** Import and export of mutable globals. */
  public boolean mutableGlobals() {
    return mutableGlobals;
  }

  /** Bulk memory and table operations, passive segments. */
  public boolean bulkMemory() {
    return bulkMemory;
  }

  /** Reference types, several tables, table instructions. */
  public boolean referenceTypes() {
    return referenceTypes;
  }

  /** Fixed-width 128-bit SIMD. */
  public boolean simd() {
    return simd;
  }

  /**
   * Tail calls (WebAssembly 3.0): {@code return_call} and {@code return_call_indirect} replace the
   * caller's frame.
   */
  public boolean tailCall() {
    return tailCall;
  }

  /** Extended constant expressions: integer add, sub and mul in constant expressions. */
  public boolean extendedConst() {
    return extendedConst;
  }

  /**
   * Threads and atomics: shared memories, the atomic loads, stores, read-modify-writes and
   * compare-exchanges, {@code memory.atomic.wait}/{@code notify} and {@code atomic.fence}, run by a
   * single agent (docs/proposals.md).
   */
  public boolean threads() {
    return threads;
  }

  /** Multiple memories: memory indices on loads, stores and memory instructions. */
  public boolean multiMemory() {
    return multiMemory;
  }

  /** 64-bit memories: i64 addresses, offsets and sizes, bounds checked in 64 bits. */
  public boolean memory64() {
    return memory64;
  }

  /**
   * Relaxed SIMD, with one fixed choice per instruction (docs/proposals.md), the same on every
   * machine.
   */
  public boolean relaxedSimd() {
    return relaxedSimd;
  }

  /**
   * Exception handling: tags, throw, WebAssembly 3.0's try_table, throw_ref and exnref, and the
   * legacy try, catch, catch_all, delegate, rethrow that the testsuite's proposal folder tests.
   */
  public boolean exceptionHandling() {
    return exceptionHandling;
  }

  /**
   * Typed function references: reference types {@code (ref null? ht)} over a type index or the
   * abstract {@code func} and {@code extern}, {@code call_ref}, {@code return_call_ref}, {@code
   * ref.as_non_null}, {@code br_on_null}, {@code br_on_non_null}, non-nullable locals and tables
   * with an initialiser. On whenever {@link #gc} is, which builds on it.
   */
  public boolean functionReferences() {
    return functionReferences || gc;
  }

  /**
   * Garbage collection (WebAssembly 3.0's GC proposal): recursive type groups, declared subtyping,
   * struct and array types, the abstract heap types {@code any}, {@code eq}, {@code i31}, {@code
   * struct}, {@code array} and the bottoms {@code none}, {@code nofunc}, {@code noextern}. Implies
   * {@link #functionReferences}.
   */
  public boolean gc() {
    return gc;
  }

  /**
   * Whether the proposal named like its folder in the spec testsuite ({@code simd}, {@code
   * tail-call}, …; {@link Builder#PROPOSALS}) is on.
   *
   * @throws IllegalArgumentException for a proposal the engine does not know
   */
  public boolean proposal(String name) {
    return switch (name) {
      case "simd" -> simd;
      case "tail-call" -> tailCall;
      case "extended-const" -> extendedConst;
      case "multi-memory" -> multiMemory;
      case "memory64" -> memory64;
      case "relaxed-simd" -> relaxedSimd;
      case "exception-handling" -> exceptionHandling;
      case "function-references" -> functionReferences();
      case "threads" -> threads;
      case "gc" -> gc;
      default -> throw Builder.unknownProposal(name);
    };
  }

  /** The largest module, in bytes. */
  public int maxModuleBytes() {
    return maxModuleBytes;
  }

  /** The most types in the type section. */
  public int maxTypes() {
    return maxTypes;
  }

  /** The most functions, imported and defined. */
  public int maxFunctions() {
    return maxFunctions;
  }

  /** The most imports. */
  public int maxImports() {
    return maxImports;
  }

  /** The most exports. */
  public int maxExports() {
    return maxExports;
  }

  /** The most globals. */
  public int maxGlobals() {
    return maxGlobals;
  }

  /** The most tables. */
  public int maxTables() {
    return maxTables;
  }

  /** The most data segments. */
  public int maxDataSegments() {
    return maxDataSegments;
  }

  /** The most element segments. */
  public int maxElementSegments() {
    return maxElementSegments;
  }

  /** The most locals of one function, parameters included. */
  public int maxLocals() {
    return maxLocals;
  }

  /** The largest function body, in bytes. */
  public int maxFunctionBodyBytes() {
    return maxFunctionBodyBytes;
  }

  /**
   * Whether calls are metered with fuel (docs/fuel.md); off, the translator emits no fuel
   * instructions and calls run until they finish, trap or are interrupted.
   */
  public boolean consumeFuel() {
    return consumeFuel;
  }

  /** When function bodies are validated and translated. */
  public CompilationMode compilationMode() {
    return compilationMode;
  }

  /**
   * Whether the translator folds constants, uses immediate operand forms and the constant pool,
   * fuses instructions and eliminates copies (docs/ir.md); off, it emits the plain IR, which
   * computes the same results and consumes the same fuel (docs/fuel.md).
   */
  public boolean optimizations() {
    return optimizations;
  }

  /**
   * Whether a large module's function bodies are validated and translated on several cores (the
   * common fork-join pool's); the result, and the error reported for an invalid module, are the
   * same either way.
   */
  public boolean parallelCompilation() {
    return parallelCompilation;
  }

  /** Which execution tiers run code (docs/tiers.md). */
  public Tier tier() {
    return tier;
  }

  /** With {@link Tier#TIERED}, the calls after which a function is compiled. */
  public int tierCallThreshold() {
    return tierCallThreshold;
  }

  /**
   * With {@link Tier#TIERED}, about how much work (fuel, or taken backward branches with metering
   * off) a function's loops do, found by sampling, before the function is compiled.
   */
  public int tierLoopThreshold() {
    return tierLoopThreshold;
  }

  /**
   * The Java stack compiled code may take on a thread, in bytes; calls nested deeper run in the
   * interpreter, which does not recurse, so no Wasm call depth overflows the thread's stack.
   */
  public int compiledStackBytes() {
    return compiledStackBytes;
  }

  /**
   * The most bytecode the compiled tier puts in one JVM method, in bytes: a function whose code is
   * larger is compiled as several methods, each small enough for HotSpot to compile quickly.
   */
  public int compiledMethodBytes() {
    return compiledMethodBytes;
  }

  /** A copy running code in the given tiers. */
  public Config withTier(Tier tier) {
    return toBuilder().tier(tier).build();
  }

  /** A copy with SIMD on or off. */
  public Config withSimd(boolean on) {
    return toBuilder().simd(on).build();
  }

  /** A copy with reference types on or off. */
  public Config withReferenceTypes(boolean on) {
    return toBuilder().referenceTypes(on).build();
  }

  /** A copy with bulk memory on or off. */
  public Config withBulkMemory(boolean on) {
    return toBuilder().bulkMemory(on).build();
  }

  /** A copy with the given largest module size. */
  public Config withMaxModuleBytes(int bytes) {
    return toBuilder().maxModuleBytes(bytes).build();
  }

  /** A copy with the given most locals per function. */
  public Config withMaxLocals(int locals) {
    return toBuilder().maxLocals(locals).build();
  }

  /** A copy with fuel metering on or off. */
  public Config withConsumeFuel(boolean on) {
    return toBuilder().consumeFuel(on).build();
  }

  /** A copy with the given compilation mode. */
  public Config withCompilationMode(CompilationMode mode) {
    return toBuilder().compilationMode(mode).build();
  }

  /** A copy with the translator's optimisations on or off. */
  public Config withOptimizations(boolean on) {
    return toBuilder().optimizations(on).build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Config c && toBuilder().equals(c.toBuilder());
  }

  @Override
  public int hashCode() {
    return toBuilder().hashCode();
  }

  @Override
  public String toString() {
    return "Config" + toBuilder();
  }

  /**
   * Every setting with its default. Setters check their value at once and throw {@link
   * IllegalArgumentException} naming the setting; {@link #build()} makes an immutable {@link
   * Config}.
   */
  public static final class Builder {
    private boolean signExtension = true;
    private boolean saturatingFloatToInt = true;
    private boolean multiValue = true;
    private boolean mutableGlobals = true;
    private boolean bulkMemory = true;
    private boolean referenceTypes = true;
    private boolean simd = true;
    private boolean tailCall = true;
    private boolean exceptionHandling = false;
    private boolean functionReferences = true;
    private boolean gc = false;
    private boolean relaxedSimd = true;
    private boolean memory64 = false;
    private boolean multiMemory = true;
    private boolean extendedConst = true;
    private boolean threads = true;
    private int maxModuleBytes = 1 << 30;
    private int maxTypes = 1_000_000;
    private int maxFunctions = 1_000_000;
    private int maxImports = 100_000;
    private int maxExports = 100_000;
    private int maxGlobals = 1_000_000;
    private int maxTables = 100_000;
    private int maxDataSegments = 100_000;
    private int maxElementSegments = 10_000_000;
    private int maxLocals = 50_000;
    private int maxFunctionBodyBytes = 7_654_321;
    private boolean consumeFuel = false;
    private CompilationMode compilationMode = CompilationMode.EAGER;
    private boolean optimizations = true;
    private boolean parallelCompilation = true;
    private Tier tier = Tier.INTERPRETER_ONLY;
    private int tierCallThreshold = 1_000;
    private int tierLoopThreshold = 40_000;
    private int compiledStackBytes = 256 << 10;
    private int compiledMethodBytes = 8_000;

    private Builder() {}

    private Builder(Config c) {
      signExtension = c.signExtension;
      saturatingFloatToInt = c.saturatingFloatToInt;
      multiValue = c.multiValue;
      mutableGlobals = c.mutableGlobals;
      bulkMemory = c.bulkMemory;
      referenceTypes = c.referenceTypes;
      simd = c.simd;
      tailCall = c.tailCall;
      exceptionHandling = c.exceptionHandling;
      functionReferences = c.functionReferences;
      gc = c.gc;
      relaxedSimd = c.relaxedSimd;
      memory64 = c.memory64;
      multiMemory = c.multiMemory;
      extendedConst = c.extendedConst;
      threads = c.threads;
      maxModuleBytes = c.maxModuleBytes;
      maxTypes = c.maxTypes;
      maxFunctions = c.maxFunctions;
      maxImports = c.maxImports;
      maxExports = c.maxExports;
      maxGlobals = c.maxGlobals;
      maxTables = c.maxTables;
      maxDataSegments = c.maxDataSegments;
      maxElementSegments = c.maxElementSegments;
      maxLocals = c.maxLocals;
      maxFunctionBodyBytes = c.maxFunctionBodyBytes;
      consumeFuel = c.consumeFuel;
      compilationMode = c.compilationMode;
      optimizations = c.optimizations;
      parallelCompilation = c.parallelCompilation;
      tier = c.tier;
      tierCallThreshold = c.tierCallThreshold;
      tierLoopThreshold = c.tierLoopThreshold;
      compiledStackBytes = c.compiledStackBytes;
      compiledMethodBytes = c.compiledMethodBytes;
    }

    /** Sign-extension operators (default on). */
    public Builder signExtension(boolean on) {
      signExtension = on;
      return this;
    }

    /** Non-trapping float-to-int conversions (default on). */
    public Builder saturatingFloatToInt(boolean on) {
      saturatingFloatToInt = on;
      return this;
    }

    /** Blocks and functions with several results (default on). */
    public Builder multiValue(boolean on) {
      multiValue = on;
      return this;
    }

    /** Import and export of mutable globals (default on). */
    public Builder mutableGlobals(boolean on) {
      mutableGlobals = on;
      return this;
    }

    /** Bulk memory and table operations, passive segments (default on). */
    public Builder bulkMemory(boolean on) {
      bulkMemory = on;
      return this;
    }

    /** Reference types, several tables, table instructions (default on). */
    public Builder referenceTypes(boolean on) {
      referenceTypes = on;
      return this;
    }

    /** Fixed-width 128-bit SIMD (default on). */
    public Builder simd(boolean on) {
      simd = on;
      return this;
    }

    /** Tail calls (default on). */
    public Builder tailCall(boolean on) {
      tailCall = on;
      return this;
    }

    /**
     * Extended constant expressions: integer add, sub and mul in constant expressions (default on).
     */
    public Builder extendedConst(boolean on) {
      extendedConst = on;
      return this;
    }

    /**
     * Threads and atomics: shared memories and the atomic instructions, run by a single agent
     * (default on).
     */
    public Builder threads(boolean on) {
      threads = on;
      return this;
    }

    /** Multiple memories: memory indices on loads, stores and memory instructions (default on). */
    public Builder multiMemory(boolean on) {
      multiMemory = on;
      return this;
    }

    /**
     * 64-bit memories: i64 addresses, offsets and sizes, bounds checked in 64 bits (default off).
     */
    public Builder memory64(boolean on) {
      memory64 = on;
      return this;
    }

    /**
     * Relaxed SIMD, with one fixed choice per instruction (docs/proposals.md), the same on every
     * machine (default on).
     */
    public Builder relaxedSimd(boolean on) {
      relaxedSimd = on;
      return this;
    }

    /**
     * Exception handling: tags, throw, WebAssembly 3.0's try_table, throw_ref and exnref, and the
     * legacy try, catch, catch_all, delegate, rethrow (default off; docs/proposals.md).
     */
    public Builder exceptionHandling(boolean on) {
      exceptionHandling = on;
      return this;
    }

    /**
     * Typed function references: {@code (ref null? ht)} types, {@code call_ref}, {@code
     * return_call_ref}, {@code ref.as_non_null}, {@code br_on_null}, {@code br_on_non_null},
     * non-nullable locals, tables with an initialiser (default on).
     */
    public Builder functionReferences(boolean on) {
      functionReferences = on;
      return this;
    }

    /**
     * Garbage collection: recursive types, subtyping, struct and array types and GC's abstract heap
     * types (default off; docs/proposals.md). Typed function references are on with it.
     */
    public Builder gc(boolean on) {
      gc = on;
      return this;
    }

    /**
     * Turns the WebAssembly 3.0 proposal named like its folder in the spec testsuite ({@code
     * tail-call}, …) on or off.
     *
     * @throws IllegalArgumentException for a proposal the engine does not know
     */
    public Builder proposal(String name, boolean on) {
      return switch (name) {
        case "simd" -> simd(on);
        case "tail-call" -> tailCall(on);
        case "extended-const" -> extendedConst(on);
        case "multi-memory" -> multiMemory(on);
        case "memory64" -> memory64(on);
        case "relaxed-simd" -> relaxedSimd(on);
        case "exception-handling" -> exceptionHandling(on);
        case "function-references" -> functionReferences(on);
        case "threads" -> threads(on);
        case "gc" -> gc(on);
        default -> throw unknownProposal(name);
      };
    }

    /**
     * Turns on exactly the WebAssembly 3.0 proposals {@code names} (testsuite folder names) and the
     * others off; SIMD, a WebAssembly 2.0 feature, stays as it is. The spec testsuite's proposal
     * folders assume the other proposals off (memory64's expects "multiple memories").
     *
     * @throws IllegalArgumentException for a proposal the engine does not know
     */
    public Builder onlyProposals(java.util.Collection<String> names) {
      for (String name : names) {
        unknown(name);
      }
      for (String name : PROPOSALS) {
        if (!name.equals("simd")) {
          proposal(name, names.contains(name));
        }
      }
      return this;
    }

    private static void unknown(String name) {
      if (!PROPOSALS.contains(name)) {
        throw unknownProposal(name);
      }
    }

    static IllegalArgumentException unknownProposal(String name) {
      return new IllegalArgumentException(
          "unknown proposal " + name + "; known: " + String.join(", ", PROPOSALS));
    }

    /** The proposals {@link #proposal} knows, by their spec testsuite folder names. */
    public static final java.util.List<String> PROPOSALS =
        java.util.List.of(
            "simd",
            "tail-call",
            "extended-const",
            "multi-memory",
            "memory64",
            "relaxed-simd",
            "exception-handling",
            "threads",
            "function-references",
            "gc");

    /** The largest module, in bytes (default 1 GiB). */
    public Builder maxModuleBytes(int bytes) {
      maxModuleBytes = positive("maxModuleBytes", bytes);
      return this;
    }

    /** The most types in the type section (default 1,000,000). */
    public Builder maxTypes(int n) {
      maxTypes = positive("maxTypes", n);
      return this;
    }

    /** The most functions, imported and defined (default 1,000,000). */
    public Builder maxFunctions(int n) {
      maxFunctions = positive("maxFunctions", n);
      return this;
    }

    /** The most imports (default 100,000). */
    public Builder maxImports(int n) {
      maxImports = positive("maxImports", n);
      return this;
    }

    /** The most exports (default 100,000). */
    public Builder maxExports(int n) {
      maxExports = positive("maxExports", n);
      return this;
    }

    /** The most globals (default 1,000,000). */
    public Builder maxGlobals(int n) {
      maxGlobals = positive("maxGlobals", n);
      return this;
    }

    /** The most tables (default 100,000). */
    public Builder maxTables(int n) {
      maxTables = positive("maxTables", n);
      return this;
    }

    /** The most data segments (default 100,000). */
    public Builder maxDataSegments(int n) {
      maxDataSegments = positive("maxDataSegments", n);
      return this;
    }

    /** The most element segments (default 10,000,000). */
    public Builder maxElementSegments(int n) {
      maxElementSegments = positive("maxElementSegments", n);
      return this;
    }

    /** The most locals of one function, parameters included (default 50,000). */
    public Builder maxLocals(int n) {
      maxLocals = positive("maxLocals", n);
      return this;
    }

    /** The largest function body, in bytes (default 7,654,321). */
    public Builder maxFunctionBodyBytes(int bytes) {
      maxFunctionBodyBytes = positive("maxFunctionBodyBytes", bytes);
      return this;
    }

    /** Whether calls are metered with fuel (default off; docs/fuel.md). */
    public Builder consumeFuel(boolean on) {
      consumeFuel = on;
      return this;
    }

    /** When function bodies are validated and translated (default {@code EAGER}). */
    public Builder compilationMode(CompilationMode mode) {
      compilationMode = Objects.requireNonNull(mode, "compilationMode");
      return this;
    }

    /** Whether the translator optimises the IR (default on; docs/ir.md). */
    public Builder optimizations(boolean on) {
      optimizations = on;
      return this;
    }

    /** Whether large modules compile on several cores (default on). */
    public Builder parallelCompilation(boolean on) {
      parallelCompilation = on;
      return this;
    }

    /** Which execution tiers run code (default {@code INTERPRETER_ONLY}; docs/tiers.md). */
    public Builder tier(Tier tier) {
      this.tier = Objects.requireNonNull(tier, "tier");
      return this;
    }

    /** With {@link Tier#TIERED}, the calls after which a function is compiled (default 1,000). */
    public Builder tierCallThreshold(int calls) {
      tierCallThreshold = positive("tierCallThreshold", calls);
      return this;
    }

    /**
     * With {@link Tier#TIERED}, about how much fuel (or, with metering off, how many taken backward
     * branches) a function's loops take before it is compiled (default 40,000; at least 4).
     */
    public Builder tierLoopThreshold(int work) {
      if (work < 4) {
        throw new IllegalArgumentException("tierLoopThreshold must be at least 4, not " + work);
      }
      tierLoopThreshold = work;
      return this;
    }

    /** The Java stack compiled code may take on a thread, in bytes (default 256 KiB). */
    public Builder compiledStackBytes(int bytes) {
      compiledStackBytes = (int) notNegative("compiledStackBytes", bytes);
      return this;
    }

    /**
     * The most bytecode the compiled tier puts in one JVM method (default and at most 8,000, the
     * size above which HotSpot does not compile a method; at least 1): a larger function is split
     * into several methods, each aimed a sixteenth below it (docs/tiers.md). Lower values split
     * more functions, into more pieces.
     */
    public Builder compiledMethodBytes(int bytes) {
      if (bytes < 1 || bytes > 8_000) {
        throw new IllegalArgumentException(
            "compiledMethodBytes must be between 1 and 8000, not " + bytes);
      }
      compiledMethodBytes = bytes;
      return this;
    }

    /** The immutable configuration. */
    public Config build() {
      return new Config(this);
    }

    private static final String[] NAMES = {
      "signExtension",
      "saturatingFloatToInt",
      "multiValue",
      "mutableGlobals",
      "bulkMemory",
      "referenceTypes",
      "simd",
      "tailCall",
      "exceptionHandling",
      "functionReferences",
      "gc",
      "relaxedSimd",
      "memory64",
      "multiMemory",
      "extendedConst",
      "threads",
      "maxModuleBytes",
      "maxTypes",
      "maxFunctions",
      "maxImports",
      "maxExports",
      "maxGlobals",
      "maxTables",
      "maxDataSegments",
      "maxElementSegments",
      "maxLocals",
      "maxFunctionBodyBytes",
      "consumeFuel",
      "compilationMode",
      "optimizations",
      "parallelCompilation",
      "tier",
      "tierCallThreshold",
      "tierLoopThreshold",
      "compiledStackBytes",
      "compiledMethodBytes"
    };

    /** The settings in {@link #NAMES}' order, for equality and printing. */
    private Object[] values() {
      return new Object[] {
        signExtension,
        saturatingFloatToInt,
        multiValue,
        mutableGlobals,
        bulkMemory,
        referenceTypes,
        simd,
        tailCall,
        exceptionHandling,
        functionReferences,
        gc,
        relaxedSimd,
        memory64,
        multiMemory,
        extendedConst,
        threads,
        maxModuleBytes,
        maxTypes,
        maxFunctions,
        maxImports,
        maxExports,
        maxGlobals,
        maxTables,
        maxDataSegments,
        maxElementSegments,
        maxLocals,
        maxFunctionBodyBytes,
        consumeFuel,
        compilationMode,
        optimizations,
        parallelCompilation,
        tier,
        tierCallThreshold,
        tierLoopThreshold,
        compiledStackBytes,
        compiledMethodBytes
      };
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Builder b && Arrays.equals(values(), b.values());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values());
    }

    @Override
    public String toString() {
      return Settings.format(NAMES, values());
    }
  }
}
