package io.timeslice.wasm.cli;

import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.WasmException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code validate FILE.wasm|FILE.wat}: decodes (or parses) and validates a module; prints {@code
 * ok} or the error.
 */
final class ValidateCommand implements Main.Command {
  @Override
  public String usage() {
    return "validate FILE.wasm|FILE.wat  decode (or parse) and validate a module";
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 1) {
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
    try {
      Module.validate(new Engine(), bytes);
      out.println("ok");
      return 0;
    } catch (WasmException e) {
      err.println(args[0] + ": " + e.getMessage());
      return 1;
    }
  }
}
