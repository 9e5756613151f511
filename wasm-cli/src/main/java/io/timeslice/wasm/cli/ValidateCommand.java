package io.timeslice.wasm.cli;

import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.WasmException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code validate FILE}: decodes (or parses) and validates a module; prints {@code ok} or why not.
 */
@Command(
    name = "validate",
    description =
        "Decode (or parse) and validate a module; print 'ok' or the error with its offset.")
final class ValidateCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "a .wasm binary or .wat text module")
  Path file;

  @Override
  public Integer call() {
    byte[] bytes = Options.read(spec, file);
    try {
      Module.validate(new Engine(), bytes);
      main.out().println("ok");
      return Main.OK;
    } catch (WasmException e) {
      main.err().println(file + ": " + e.getMessage());
      return Main.FAILURE;
    }
  }
}
