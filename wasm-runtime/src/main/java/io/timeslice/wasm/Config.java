package io.timeslice.wasm;

/**
 * Engine configuration: which WebAssembly 2.0 features are on and the engine's limits. Immutable;
 * every {@code with…} method returns a changed copy. The defaults accept every valid module of the
 * specification's testsuite and are safe for many tenants: a limit exceeded is an {@link
 * InvalidModuleException}, never an {@link OutOfMemoryError}.
 *
 * @param signExtension sign-extension operators
 * @param saturatingFloatToInt non-trapping float-to-int conversions
 * @param multiValue blocks and functions with several results
 * @param mutableGlobals import and export of mutable globals
 * @param bulkMemory bulk memory and table operations, passive segments
 * @param referenceTypes reference types, several tables, table instructions
 * @param simd fixed-width 128-bit SIMD
 * @param maxModuleBytes the largest module, in bytes
 * @param maxTypes the most types in the type section
 * @param maxFunctions the most functions, imported and defined
 * @param maxImports the most imports
 * @param maxExports the most exports
 * @param maxGlobals the most globals
 * @param maxTables the most tables
 * @param maxSegments the most element or data segments
 * @param maxLocals the most locals of one function, parameters included
 * @param maxFunctionBodyBytes the largest function body, in bytes
 * @param maxNestingDepth the deepest nesting of blocks in a function body
 * @param consumeFuel whether calls are metered with fuel (docs/fuel.md); off, the translator emits
 *     no fuel instructions and calls run until they finish, trap or are interrupted
 * @param compilationMode when function bodies are validated and translated
 * @param optimizations whether the translator folds constants, uses immediate operand forms and the
 *     constant pool, fuses compare-and-branch and eliminates copies (docs/ir.md); off, it emits the
 *     plain IR, which computes the same results and consumes the same fuel (docs/fuel.md)
 */
public record Config(
    boolean signExtension,
    boolean saturatingFloatToInt,
    boolean multiValue,
    boolean mutableGlobals,
    boolean bulkMemory,
    boolean referenceTypes,
    boolean simd,
    int maxModuleBytes,
    int maxTypes,
    int maxFunctions,
    int maxImports,
    int maxExports,
    int maxGlobals,
    int maxTables,
    int maxSegments,
    int maxLocals,
    int maxFunctionBodyBytes,
    int maxNestingDepth,
    boolean consumeFuel,
    CompilationMode compilationMode,
    boolean optimizations) {

  /** Every WebAssembly 2.0 feature on; limits for untrusted, multi-tenant modules. */
  public static Config defaults() {
    return new Config(
        true,
        true,
        true,
        true,
        true,
        true,
        true,
        50 << 20,
        100_000,
        1_000_000,
        100_000,
        100_000,
        1_000_000,
        100_000,
        100_000,
        50_000,
        8 << 20,
        1_000,
        false,
        CompilationMode.EAGER,
        true);
  }

  /** A copy with SIMD on or off. */
  public Config withSimd(boolean on) {
    return new Config(
        signExtension,
        saturatingFloatToInt,
        multiValue,
        mutableGlobals,
        bulkMemory,
        referenceTypes,
        on,
        maxModuleBytes,
        maxTypes,
        maxFunctions,
        maxImports,
        maxExports,
        maxGlobals,
        maxTables,
        maxSegments,
        maxLocals,
        maxFunctionBodyBytes,
        maxNestingDepth,
        consumeFuel,
        compilationMode,
        optimizations);
  }

  /** A copy with reference types on or off. */
  public Config withReferenceTypes(boolean on) {
    return new Config(
        signExtension,
        saturatingFloatToInt,
        multiValue,
        mutableGlobals,
        bulkMemory,
        on,
        simd,
        maxModuleBytes,
        maxTypes,
        maxFunctions,
        maxImports,
        maxExports,
        maxGlobals,
        maxTables,
        maxSegments,
        maxLocals,
        maxFunctionBodyBytes,
        maxNestingDepth,
        consumeFuel,
        compilationMode,
        optimizations);
  }

  /** A copy with bulk memory on or off. */
  public Config withBulkMemory(boolean on) {
    return new Config(
        signExtension,
        saturatingFloatToInt,
        multiValue,
        mutableGlobals,
        on,
        referenceTypes,
        simd,
        maxModuleBytes,
        maxTypes,
        maxFunctions,
        maxImports,
        maxExports,
        maxGlobals,
        maxTables,
        maxSegments,
        maxLocals,
        maxFunctionBodyBytes,
        maxNestingDepth,
        consumeFuel,
        compilationMode,
        optimizations);
  }

  /** A copy with the given largest module size. */
  public Config withMaxModuleBytes(int bytes) {
    return new Config(
        signExtension,
        saturatingFloatToInt,
        multiValue,
        mutableGlobals,
        bulkMemory,
        referenceTypes,
        simd,
        bytes,
        maxTypes,
        maxFunctions,
        maxImports,
        maxExports,
        maxGlobals,
        maxTables,
        maxSegments,
        maxLocals,
        maxFunctionBodyBytes,
        maxNestingDepth,
        consumeFuel,
        compilationMode,
        optimizations);
  }

  /** A copy with the given most locals per function. */
  public Config withMaxLocals(int locals) {
    return new Config(
        signExtension,
        saturatingFloatToInt,
        multiValue,
        mutableGlobals,
        bulkMemory,
        referenceTypes,
        simd,
        maxModuleBytes,
        maxTypes,
        maxFunctions,
        maxImports,
        maxExports,
        maxGlobals,
        maxTables,
        maxSegments,
        locals,
        maxFunctionBodyBytes,
        maxNestingDepth,
        consumeFuel,
        compilationMode,
        optimizations);
  }

  /** A copy with the given deepest block nesting. */
  public Config withMaxNestingDepth(int depth) {
    return new Config(
        signExtension,
        saturatingFloatToInt,
        multiValue,
        mutableGlobals,
        bulkMemory,
        referenceTypes,
        simd,
        maxModuleBytes,
        maxTypes,
        maxFunctions,
        maxImports,
        maxExports,
        maxGlobals,
        maxTables,
        maxSegments,
        maxLocals,
        maxFunctionBodyBytes,
        depth,
        consumeFuel,
        compilationMode,
        optimizations);
  }

  /** A copy with fuel metering on or off. */
  public Config withConsumeFuel(boolean on) {
    return new Config(
        signExtension,
        saturatingFloatToInt,
        multiValue,
        mutableGlobals,
        bulkMemory,
        referenceTypes,
        simd,
        maxModuleBytes,
        maxTypes,
        maxFunctions,
        maxImports,
        maxExports,
        maxGlobals,
        maxTables,
        maxSegments,
        maxLocals,
        maxFunctionBodyBytes,
        maxNestingDepth,
        on,
        compilationMode,
        optimizations);
  }

  /** A copy with another compilation mode. */
  public Config withCompilationMode(CompilationMode mode) {
    return new Config(
        signExtension,
        saturatingFloatToInt,
        multiValue,
        mutableGlobals,
        bulkMemory,
        referenceTypes,
        simd,
        maxModuleBytes,
        maxTypes,
        maxFunctions,
        maxImports,
        maxExports,
        maxGlobals,
        maxTables,
        maxSegments,
        maxLocals,
        maxFunctionBodyBytes,
        maxNestingDepth,
        consumeFuel,
        java.util.Objects.requireNonNull(mode, "mode"),
        optimizations);
  }

  /** A copy with the translator's IR optimisations on (the default) or off. */
  public Config withOptimizations(boolean on) {
    return new Config(
        signExtension,
        saturatingFloatToInt,
        multiValue,
        mutableGlobals,
        bulkMemory,
        referenceTypes,
        simd,
        maxModuleBytes,
        maxTypes,
        maxFunctions,
        maxImports,
        maxExports,
        maxGlobals,
        maxTables,
        maxSegments,
        maxLocals,
        maxFunctionBodyBytes,
        maxNestingDepth,
        consumeFuel,
        compilationMode,
        on);
  }
}
