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
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ir FILE [--func NAME] [--fuel]}: prints the register IR the translator makes of every
 * defined function, or of the one named (export name, name-section name, or index); {@code --fuel}
 * shows the fuel charges the translator emits when metering is on.
 */
@Command(name = "ir", description = "Print the register IR of the module's defined functions.")
final class IrCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "a .wasm binary or .wat text module")
  Path file;

  @Option(
      names = "--func",
      paramLabel = "NAME",
      description = "only this function: its export name, name-section name or index")
  String func;

  @Option(names = "--fuel", description = "translate with fuel metering: show the fuel charges")
  boolean fuel;

  @Override
  public Integer call() {
    byte[] bytes = Options.read(spec, file);
    PrintStream out = main.out();
    Config config = Config.defaults();
    try {
      ModuleInfo module =
          ModuleParser.parse(config, Wat.isText(bytes) ? Wat.toBinary(bytes, config) : bytes);
      ModuleValidator.validate(config, module);
      Translator translator = new Translator(module, new FuncValidator(config, module), fuel);
      boolean found = false;
      for (int i = module.importedFuncs; i < module.funcCount; i++) {
        if (func != null && !names(module, i, func)) {
          continue;
        }
        found = true;
        print(out, module, i, translator.translate(i));
      }
      if (!found) {
        main.err().println("no defined function " + func + " in " + file);
        return Main.FAILURE;
      }
      return Main.OK;
    } catch (WasmException | UnsupportedOperationException e) {
      main.err().println(file + ": " + e.getMessage());
      return Main.FAILURE;
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
