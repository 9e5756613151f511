import io.timeslice.wasm.Config;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Instance;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.Tier;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;

/**
 * Run by ModuleBoundaryTest with the engine on the module path: the exported API compiles a module,
 * runs it compiled and metered, and the engine's internals stay out of reach.
 */
public class Probe {
  public static void main(String[] args) throws Exception {
    Engine engine =
        new Engine(Config.builder().tier(Tier.COMPILED_EAGER).consumeFuel(true).build());
    String text =
        """
        (module
          (func (export "sum") (param $n i32) (result i32) (local $s i32)
            (loop $l
              (local.set $s (i32.add (local.get $s) (local.get $n)))
              (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (local.get $s)))
        """;
    Module module = Module.compile(engine, text.getBytes(StandardCharsets.UTF_8));
    Store<Void> store = new Store<>(engine, null);
    store.setFuel(1_000_000);
    Instance instance = new Linker<Void>(engine).instantiate(store, module);
    long sum = instance.func("sum").call(store, 100)[0];
    System.out.println("module " + Engine.class.getModule().getName());
    System.out.println("sum " + sum + ", compiled functions " + module.compiledFunctions());
    Class<?> internal = Class.forName("io.timeslice.wasm.internal.jit.JitRuntime");
    try {
      MethodHandles.publicLookup()
          .findStatic(internal, "interpretOp", java.lang.invoke.MethodType.methodType(void.class));
      System.out.println("internal reachable");
    } catch (IllegalAccessException blocked) {
      System.out.println("internal blocked: " + blocked.getMessage());
    } catch (NoSuchMethodException wrongType) {
      System.out.println("internal reachable");
    }
    try {
      internal.getDeclaredConstructor().setAccessible(true);
      System.out.println("internal reflection allowed");
    } catch (RuntimeException blocked) {
      System.out.println("reflection blocked: " + blocked.getClass().getSimpleName());
    }
  }
}
