package io.timeslice.wasm.fuzz;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.FunctionType;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.TrapCode;
import io.timeslice.wasm.ValType;
import io.timeslice.wasm.fuzz.Call.Status;
import io.timeslice.wasm.fuzz.Call.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Chicory's interpreter (test scope only), in process. Its trap messages are the specification's,
 * as ours are, so a trap's kind is the {@link TrapCode} whose message starts it.
 */
final class ChicoryOracle implements Oracle {
  private static final long NULL_REF = com.dylibso.chicory.wasm.types.Value.REF_NULL_VALUE;

  @Override
  public String name() {
    return "Chicory";
  }

  private static com.dylibso.chicory.wasm.types.ValType chicory(ValType t) {
    return switch (t) {
      case I32 -> com.dylibso.chicory.wasm.types.ValType.I32;
      case I64 -> com.dylibso.chicory.wasm.types.ValType.I64;
      case F32 -> com.dylibso.chicory.wasm.types.ValType.F32;
      case F64 -> com.dylibso.chicory.wasm.types.ValType.F64;
      default -> throw new IllegalArgumentException(t.toString());
    };
  }

  @Override
  public List<Call> run(byte[] wasm, List<Invocation> plan) {
    List<Call> calls = new ArrayList<>();
    List<Value> log = new ArrayList<>();
    ImportValues.Builder imports = ImportValues.builder();
    for (int i = 0; i < ModuleGenerator.LOG_NAMES.length; i++) {
      ValType t = ModuleGenerator.NUMERIC[i];
      imports.addFunction(
          new HostFunction(
              ModuleGenerator.LOG_MODULE,
              ModuleGenerator.LOG_NAMES[i],
              FunctionType.of(List.of(chicory(t)), List.of()),
              (instance, args) -> {
                long bits = args[0];
                log.add(
                    new Value(
                        t, t == ValType.I32 || t == ValType.F32 ? bits & 0xffff_ffffL : bits));
                return null;
              }));
    }
    Instance instance;
    try {
      instance = Instance.builder(Parser.parse(wasm)).withImportValues(imports.build()).build();
    } catch (RuntimeException | StackOverflowError e) {
      String kind = trapKind(e);
      calls.add(
          new Call(
              "<instantiate>",
              List.of(),
              kind == null ? Status.REJECTED : Status.NOT_INSTANTIATED,
              kind == null ? e.toString() : kind,
              List.of(),
              0,
              -1));
      return calls;
    }
    Memory memory;
    try {
      memory = instance.exports().memory("memory");
    } catch (RuntimeException noMemory) {
      memory = null;
    }
    for (Invocation invocation : plan) {
      log.clear();
      ExportFunction f = instance.export(invocation.export());
      Status status = Status.RETURNED;
      String detail = "";
      List<Value> values = new ArrayList<>();
      try {
        long[] args = invocation.args().clone();
        FuncType type = invocation.type();
        for (int i = 0; i < args.length; i++) {
          if (type.param(i).isReference()) {
            args[i] = NULL_REF;
          }
        }
        long[] results = f.apply(args);
        for (int i = 0; i < type.resultCount(); i++) {
          ValType t = type.result(i);
          long bits = results[i];
          values.add(
              new Value(
                  t,
                  t.isReference()
                      ? (bits == NULL_REF ? 0 : 1)
                      : t == ValType.I32 || t == ValType.F32 ? bits & 0xffff_ffffL : bits));
        }
      } catch (RuntimeException | StackOverflowError e) {
        String kind = trapKind(e);
        if (kind == null) {
          status = Status.CRASHED;
          detail = e.toString();
        } else if (kind.equals(TrapCode.CALL_STACK_EXHAUSTED.name())) {
          status = Status.EXHAUSTED;
        } else {
          status = Status.TRAPPED;
          detail = kind;
        }
      }
      int hash =
          memory != null && memory.pages() <= Call.HASHED_PAGES
              ? Call.hash(memory.readBytes(0, memory.pages() * ModuleGenerator.PAGE))
              : 0;
      Call call = new Call(invocation.export(), List.copyOf(log), status, detail, values, hash, -1);
      calls.add(call);
      if (status.inconclusive() || status == Status.CRASHED) {
        break;
      }
    }
    return calls;
  }

  /** The {@link TrapCode} name of a Chicory trap, or null when {@code e} is no trap. */
  private static String trapKind(Throwable e) {
    if (e instanceof StackOverflowError) {
      return TrapCode.CALL_STACK_EXHAUSTED.name();
    }
    if (!(e instanceof ChicoryException) || e.getMessage() == null) {
      return null;
    }
    String message = e.getMessage();
    if (message.startsWith("Trapped on unreachable")) {
      return TrapCode.UNREACHABLE.name();
    }
    for (TrapCode code : TrapCode.values()) {
      if (message.startsWith(code.message())) {
        return code.name();
      }
    }
    return null;
  }
}
