package io.timeslice.wasm;

import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.exec.GlobalCell;
import io.timeslice.wasm.internal.exec.HostCode;
import io.timeslice.wasm.internal.exec.LinearMemory;
import io.timeslice.wasm.internal.exec.Refs;
import io.timeslice.wasm.internal.exec.TableInstance;
import io.timeslice.wasm.internal.exec.TagInstance;
import io.timeslice.wasm.internal.instance.Instantiation;
import io.timeslice.wasm.internal.module.LinkType;
import io.timeslice.wasm.internal.module.ModuleInfo;
import io.timeslice.wasm.internal.module.TypeId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Resolves a module's imports by (module, name) and instantiates it, after Wasmtime's {@code
 * Linker}. Host functions are defined once, for every store; memories, tables, globals and
 * functions of a particular store (an {@link Instance}'s exports, or ones the host created) can
 * only satisfy imports in that store. A later definition of a name replaces an earlier one.
 *
 * @param <T> the host data type of the stores it instantiates in
 */
public final class Linker<T extends @Nullable Object> {
  private final Engine engine;
  private final Map<String, Object> definitions = new HashMap<>();

  /** Host functions shared with other linkers, looked up after this linker's own definitions. */
  private final Map<String, HostDefinition<T>> shared;

  /** A host function as defined: store-independent. */
  record HostDefinition<T extends @Nullable Object>(
      FuncType type, HostFunction<T> function, boolean checkpointable) {}

  /** An empty linker for modules of {@code engine}. */
  public Linker(Engine engine) {
    this(engine, Map.of());
  }

  /**
   * A linker that starts with a prebuilt set of host functions, shared, not copied: making a linker
   * per job costs nothing however many host functions the set has.
   */
  public Linker(Engine engine, HostFunctions<T> prebuilt) {
    this(engine, prebuilt.definitions());
  }

  private Linker(Engine engine, Map<String, HostDefinition<T>> shared) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.shared = shared;
  }

  /**
   * An immutable set of host functions built once and shared by many linkers (see {@link
   * #Linker(Engine, HostFunctions)}).
   *
   * @param <T> the host data type
   */
  public static final class HostFunctions<T extends @Nullable Object> {
    private final Map<String, HostDefinition<T>> definitions;

    private HostFunctions(Map<String, HostDefinition<T>> definitions) {
      this.definitions = definitions;
    }

    /** The host functions {@code linker} defines (its externs are store-bound and left out). */
    public static <T extends @Nullable Object> HostFunctions<T> of(Linker<T> linker) {
      Map<String, HostDefinition<T>> all = new HashMap<>(linker.shared);
      linker.definitions.forEach(
          (key, def) -> {
            if (def instanceof HostDefinition<?> host) {
              @SuppressWarnings("unchecked")
              HostDefinition<T> typed = (HostDefinition<T>) host;
              all.put(key, typed);
            }
          });
      return new HostFunctions<>(Map.copyOf(all));
    }

    Map<String, HostDefinition<T>> definitions() {
      return definitions;
    }

    /** How many host functions the set has. */
    public int size() {
      return definitions.size();
    }
  }

  private Object lookup(String module, String name) {
    String key = key(module, name);
    Object own = definitions.get(key);
    return own != null ? own : shared.get(key);
  }

  private static String key(String module, String name) {
    return module + '\0' + name;
  }

  /** Defines {@code module.name} as {@code extern}, which belongs to one store. */
  public Linker<T> define(String module, String name, Extern extern) {
    definitions.put(key(module, name), Objects.requireNonNull(extern, "extern"));
    return this;
  }

  /**
   * Defines {@code module.name} as the host function {@code function} of signature {@code type}.
   */
  public Linker<T> func(String module, String name, FuncType type, HostFunction<T> function) {
    return define(module, name, type, function, true);
  }

  /**
   * Defines {@code module.name} as a host function that keeps state outside the store (a
   * connection, a file, a counter of its own): a call in an instance that imports it cannot be
   * checkpointed ({@link Checkpoint#write} refuses it), since restoring the store would not restore
   * that state.
   */
  public Linker<T> funcWithExternalState(
      String module, String name, FuncType type, HostFunction<T> function) {
    return define(module, name, type, function, false);
  }

  private Linker<T> define(
      String module, String name, FuncType type, HostFunction<T> function, boolean checkpointable) {
    definitions.put(
        key(module, name),
        new HostDefinition<>(
            Objects.requireNonNull(type), Objects.requireNonNull(function), checkpointable));
    return this;
  }

  /** Defines every export of {@code instance} under the module name {@code module}. */
  public Linker<T> instance(String module, Instance instance) {
    instance.exports().forEach((name, extern) -> define(module, name, extern));
    return this;
  }

  /**
   * Instantiates {@code module} in {@code store}: resolves its imports, creates its memories,
   * tables and globals, applies its segments and runs its start function.
   *
   * @throws LinkException when an import is unknown or has an incompatible type
   * @throws ResourceLimitException when the store's limits do not allow the instance
   * @throws UnsupportedFeatureException when the module uses what the engine cannot run yet
   * @throws Trap when a segment does not fit or the start function traps
   */
  public Instance instantiate(Store<T> store, Module module) {
    checkEngine(module);
    if (store.engine() != engine) {
      throw new IllegalArgumentException("the module, store and linker must share one engine");
    }
    ModuleInfo info = module.info();
    List<Object> imports = new ArrayList<>(info.imports.size());
    boolean gc = !info.typeIds.isEmpty();
    int funcs = 0;
    int globals = 0;
    int tables = 0;
    for (ImportType imp : info.imports) {
      // With GC, an import matches by its types' identities (iso-recursive) and subtyping; a
      // global's or table's value type by its LinkType, which knows them.
      TypeId required = null;
      LinkType value = null;
      switch (imp.type()) {
        case FuncType f -> required = gc ? info.typeIds.get(info.funcTypeIndices[funcs++]) : null;
        case GlobalType g -> value = LinkType.of(info, info.globalCodes.get(globals++));
        case TableType t -> value = LinkType.of(info, info.tableCodes.get(tables++));
        default -> {}
      }
      imports.add(resolve(store, imp, required, value));
    }
    return finish(store, module, imports, true);
  }

  /**
   * Resolves and type-checks {@code module}'s imports once, for instantiating it many times in many
   * stores (Wasmtime's {@code instance_pre}). Every import must be a host function of this linker:
   * an extern belongs to one store and cannot be shared. Later changes to this linker do not affect
   * the result.
   *
   * @throws LinkException when an import is unknown, has an incompatible type or is not a host
   *     function
   */
  public InstancePre<T> instantiatePre(Module module) {
    checkEngine(module);
    ModuleInfo info = module.info();
    List<HostDefinition<T>> hosts = new ArrayList<>(info.imports.size());
    List<String> names = new ArrayList<>(info.imports.size());
    for (ImportType imp : info.imports) {
      Object def = lookup(imp.module(), imp.name());
      if (def == null) {
        throw new LinkException("unknown import " + describe(imp));
      }
      if (!(def instanceof HostDefinition<?> host)) {
        throw new LinkException(
            "import "
                + describe(imp)
                + " is defined by a store's extern; an InstancePre needs"
                + " host functions");
      }
      if (!(imp.type() instanceof FuncType required) || !required.equals(host.type())) {
        throw incompatible(imp, host.type());
      }
      @SuppressWarnings("unchecked")
      HostDefinition<T> typed = (HostDefinition<T>) host;
      hosts.add(typed);
      names.add(imp.name());
    }
    return new InstancePre<>(this, module, List.copyOf(hosts), List.copyOf(names));
  }

  /**
   * Instantiates from resolved host functions (for {@link InstancePre}); without running the start
   * function when {@code runStart} is false (a checkpoint's restore, whose state is past it).
   */
  Instance instantiate(
      Store<T> store,
      Module module,
      List<HostDefinition<T>> hosts,
      List<String> names,
      boolean runStart) {
    if (store.engine() != engine) {
      throw new IllegalArgumentException("the module, store and linker must share one engine");
    }
    List<Object> imports = new ArrayList<>(hosts.size());
    for (int i = 0; i < hosts.size(); i++) {
      HostDefinition<T> host = hosts.get(i);
      imports.add(hostFunction(store, names.get(i), host));
    }
    return finish(store, module, imports, runStart);
  }

  private void checkEngine(Module module) {
    if (module.engine() != engine) {
      throw new IllegalArgumentException("the module, store and linker must share one engine");
    }
  }

  private Instance finish(Store<T> store, Module module, List<Object> imports, boolean runStart) {
    ModuleInfo info = module.info();
    store.countInstance();
    Instantiation instantiation;
    try {
      instantiation =
          Instantiation.of(
              module.code(),
              info,
              imports,
              store.refs(),
              new Instantiation.Limits(
                  store.limits().memoryPages(), store.limits().tableElements()),
              runStart ? store.executor() : null);
    } catch (Instantiation.ResourceLimitError e) {
      throw new ResourceLimitException(e.getMessage());
    } catch (UnsupportedOperationException e) {
      throw new UnsupportedFeatureException(e.getMessage());
    }
    Map<String, Extern> exports = new LinkedHashMap<>();
    for (ExportType export : info.exportTypes()) {
      Object entity = instantiation.exports().get(export.name());
      exports.put(export.name(), wrap(store, entity, export.type()));
    }
    return new Instance(Collections.unmodifiableMap(exports), instantiation.context());
  }

  private static Extern wrap(Store<?> store, Object entity, ExternType type) {
    return switch (entity) {
      case CompiledFunction f -> new Func(store, f);
      case TableInstance t -> new Table(store, t);
      case LinearMemory m -> new Memory(store, m);
      case GlobalCell g -> new Global(store, g, (GlobalType) type);
      case TagInstance t -> new Tag(store, t);
      default -> throw new IllegalStateException("unknown export " + entity);
    };
  }

  private Object resolve(
      Store<T> store, ImportType imp, @Nullable TypeId requiredId, @Nullable LinkType value) {
    Object def = lookup(imp.module(), imp.name());
    if (def == null) {
      throw new LinkException("unknown import " + describe(imp));
    }
    if (def instanceof HostDefinition<?> host) {
      if (!(imp.type() instanceof FuncType required) || !required.equals(host.type())) {
        throw incompatible(imp, host.type());
      }
      @SuppressWarnings("unchecked")
      HostDefinition<T> typed = (HostDefinition<T>) host;
      return hostFunction(store, imp.name(), typed);
    }
    Extern extern = (Extern) def;
    TypeId provided = extern instanceof Func f ? f.function().typeId() : null;
    boolean ok =
        requiredId != null && provided != null
            ? provided.isSubtypeOf(requiredId)
            : matches(extern, imp.type(), value);
    if (!ok) {
      throw incompatible(imp, extern.type());
    }
    return switch (extern) {
      case Func f -> {
        store.checkOwner(f.store(), "import " + describe(imp));
        yield f.function();
      }
      case Table t -> {
        store.checkOwner(t.store(), "import " + describe(imp));
        yield t.table();
      }
      case Memory m -> {
        store.checkOwner(m.store(), "import " + describe(imp));
        yield m.memory();
      }
      case Global g -> {
        store.checkOwner(g.store(), "import " + describe(imp));
        yield g.cell();
      }
      case Tag t -> {
        store.checkOwner(t.store(), "import " + describe(imp));
        yield t.instance();
      }
    };
  }

  /**
   * The specification's import matching (extern subtyping) of WebAssembly 2.0, with the proposals'
   * additions: a memory's index type (memory64) and shared-ness (threads) must be the same, an
   * immutable global's type may be a subtype (typed function references). A global's or table's
   * value type {@code value} is compared as a {@link LinkType}, which knows GC's types by their
   * identities where the public types cannot tell them apart.
   */
  private static boolean matches(Extern extern, ExternType required, @Nullable LinkType value) {
    ExternType provided = extern.type();
    return switch (required) {
      case FuncType f -> provided instanceof FuncType p && p.equals(f);
      // An immutable global may be of a subtype (typed function references); a mutable one not.
      case GlobalType g ->
          extern instanceof Global x
              && value != null
              && x.type().mutable() == g.mutable()
              && (g.mutable() ? linkType(x).sameAs(value) : linkType(x).matches(value));
      case MemoryType m ->
          provided instanceof MemoryType p
              && p.index64() == m.index64()
              && p.shared() == m.shared()
              && p.limits().matches(m.limits());
      case TableType t ->
          extern instanceof Table x
              && value != null
              && linkType(x).sameAs(value)
              && x.type().limits().matches(t.limits());
      case TagType t -> provided instanceof TagType p && p.equals(t);
    };
  }

  private static LinkType linkType(Global global) {
    LinkType known = global.cell().linkType;
    return known != null ? known : LinkType.ofPublic(global.type().type(), global.type().ref());
  }

  private static LinkType linkType(Table table) {
    LinkType known = table.table().linkType;
    return known != null ? known : LinkType.ofPublic(table.type().element(), table.type().ref());
  }

  private static LinkException incompatible(ImportType imp, ExternType provided) {
    return new LinkException(
        "incompatible import type for "
            + describe(imp)
            + ": needs "
            + imp.type()
            + ", got "
            + provided);
  }

  private static String describe(ImportType imp) {
    return "\"" + imp.module() + "\" \"" + imp.name() + "\"";
  }

  private static <T extends @Nullable Object> CompiledFunction hostFunction(
      Store<T> store, String name, HostDefinition<T> definition) {
    FuncType type = definition.type();
    HostFunction<T> function = definition.function();
    if (!definition.checkpointable()) {
      store.noteExternalState(name);
    }
    Caller<T> caller = new Caller<>(store);
    Refs refs = store.refs();
    int params = type.paramCells();
    int results = type.resultCells();
    HostCode code =
        (executor, stack, base) -> {
          long[] args =
              Func.normalize(type.params(), Arrays.copyOfRange(stack, base, base + params));
          long[] out = function.call(caller, args);
          if (out == Caller.YIELD) {
            return HostCode.YIELD;
          }
          if (out == null || out.length != results) {
            throw new IllegalStateException(
                "host function " + name + " must return " + results + " longs (a v128 is two)");
          }
          int cell = 0;
          for (int i = 0; i < type.resultCount(); i++) {
            ValType t = type.result(i);
            if (t.isReference() && !refs.isValid(out[cell])) {
              throw new IllegalStateException(
                  "host function " + name + " returned a reference of another store");
            }
            if (type.resultRef(i) != null
                || t == ValType.EXNREF
                || t == ValType.ANYREF
                || t.isNull()) {
              checkTypedResult(store, name, out[cell], t, type.resultRef(i));
            }
            cell += t.cells();
          }
          System.arraycopy(out, 0, stack, base, results);
          return HostCode.RETURN;
        };
    return CompiledFunction.host(name, type, code);
  }

  /** A host function's typed reference result must be of its declared type (code trusts it). */
  private static void checkTypedResult(
      Store<?> store, String name, long ref, ValType t, @Nullable RefType type) {
    try {
      store.checkRef(ref, t, type);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("host function " + name + " returned " + e.getMessage(), e);
    }
  }
}
