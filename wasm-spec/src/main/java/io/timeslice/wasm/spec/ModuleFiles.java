package io.timeslice.wasm.spec;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.internal.text.WatParser;
import java.io.IOException;

/**
 * The module files a spec file's commands name: beside a JSON file on disk, or kept in memory by a
 * parsed {@code .wast} script. A {@code .wat} file holds text, converted by the engine's text
 * parser.
 */
interface ModuleFiles {
  /** The file's bytes as stored: a binary module, or text for a {@code .wat} name. */
  byte[] read(String filename) throws IOException;

  /**
   * The binary module of {@code filename}, text read as an engine of {@code features} reads it.
   *
   * @throws io.timeslice.wasm.MalformedTextException when a text module does not parse
   */
  default byte[] binary(String filename, Config features) throws IOException {
    byte[] bytes = read(filename);
    return filename.endsWith(".wat") ? WatParser.toBinary(bytes, features) : bytes;
  }
}
