package io.timeslice.wasm.cli;

import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Func;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.Instance;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.Store;
import io.timeslice.wasm.Trap;
import io.timeslice.wasm.Values;
import io.timeslice.wasm.WasmException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code run FILE.wasm --invoke NAME [ARG...]}: instantiates a module that imports nothing and
 * calls an exported function with arguments parsed by its signature; prints the results one per
 * line (integers signed, floats in Java's shortest round-trip form). A trap is printed with its
 * code's message and exits 1.
 */
final class RunCommand implements Main.Command {
  @Override
  public String usage() {
    return "run FILE.wasm --invoke NAME [ARG...]  call an exported function, print its results";
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length < 3 || !args[1].equals("--invoke")) {
      err.println("usage: timeslice-wasm " + usage());
      return 2;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(Path.of(args[0]));
    } catch (IOException e) {
      err.println("cannot read " + args[0] + ": " + e.getMessage());
      return 2;
    }
    Engine engine = new Engine();
    Store<Void> store = new Store<>(engine, null);
    Func f;
    try {
      Instance instance =
          new Linker<Void>(engine).instantiate(store, Module.compile(engine, bytes));
      f = instance.func(args[2]);
    } catch (WasmException | IllegalArgumentException e) {
      err.println(args[0] + ": " + e.getMessage());
      return 1;
    }
    FuncType type = f.type();
    String[] texts = Arrays.copyOfRange(args, 3, args.length);
    if (texts.length != type.paramCount()) {
      err.println(
          args[2] + " has signature " + type + ": it takes " + type.paramCount() + " arguments");
      return 2;
    }
    long[] params = new long[texts.length];
    try {
      for (int i = 0; i < texts.length; i++) {
        params[i] = Values.parse(type.param(i), texts[i]);
      }
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    try {
      long[] results = f.call(store, params);
      for (int i = 0; i < results.length; i++) {
        out.println(Values.format(type.result(i), results[i]));
      }
      return 0;
    } catch (Trap trap) {
      err.println("trap: " + trap.getMessage());
      return 1;
    }
  }
}
