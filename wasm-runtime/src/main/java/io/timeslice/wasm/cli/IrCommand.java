package io.timeslice.wasm.cli;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.WasmException;
import io.timeslice.wasm.Wat;
import io.timeslice.wasm.internal.exec.CompiledFunction;
import io.timeslice.wasm.internal.ir.Disassembler;
import io.timeslice.wasm.internal.module.ModuleInfo;
import io.timeslice.wasm.internal.module.ModuleParser;
import io.timeslice.wasm.internal.translate.Translator;
import io.timeslice.wasm.internal.validate.FuncValidator;
import io.timeslice.wasm.internal.validate.ModuleValidator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ir FILE.wasm|FILE.wat [--func NAME]}: prints the register IR the translator makes of every
 * defined function, or of the one named (export name, name-section name, or index); {@code --fuel}
 * shows the fuel charges the translator emits when metering is on.
 */
final class IrCommand implements Main.Command {
  @Override
  public String usage() {
    return "ir FILE.wasm|FILE.wat [--func NAME] [--fuel]  print the register IR of the module's"
        + " functions";
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    boolean fuel = java.util.Arrays.asList(args).contains("--fuel");
    if (fuel) {
      args = java.util.Arrays.stream(args).filter(a -> !a.equals("--fuel")).toArray(String[]::new);
    }
    if (args.length != 1 && !(args.length == 3 && args[1].equals("--func"))) {
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
    Config config = Config.defaults();
    try {
      ModuleInfo module =
          ModuleParser.parse(config, Wat.isText(bytes) ? Wat.toBinary(bytes, config) : bytes);
      ModuleValidator.validate(config, module);
      Translator translator = new Translator(module, new FuncValidator(config, module), fuel);
      boolean found = false;
      for (int i = module.importedFuncs; i < module.funcCount; i++) {
        if (args.length == 3 && !names(module, i, args[2])) {
          continue;
        }
        found = true;
        print(out, module, i, translator.translate(i));
      }
      if (!found) {
        err.println("no defined function " + args[2] + " in " + args[0]);
        return 1;
      }
      return 0;
    } catch (WasmException e) {
      err.println(args[0] + ": " + e.getMessage());
      return 1;
    } catch (UnsupportedOperationException e) {
      err.println(args[0] + ": " + e.getMessage());
      return 1;
    }
  }

  private static boolean names(ModuleInfo module, int index, String name) {
    if (name.equals(Integer.toString(index)) || name.equals(module.functionNames.get(index))) {
      return true;
    }
    return module.exports.stream()
        .anyMatch(
            e -> e.kind() == ModuleInfo.Export.FUNC && e.index() == index && e.name().equals(name));
  }

  private static void print(PrintStream out, ModuleInfo module, int index, CompiledFunction f) {
    out.printf(
        "func %d %s %s: %d locals, %d constants, frame %d cells, %d words%n",
        index,
        module.displayName(index),
        f.type(),
        f.numLocals(),
        f.constants().length,
        f.frameSize(),
        f.code().length);
    out.print(Disassembler.disassemble(f.code()));
  }
}
