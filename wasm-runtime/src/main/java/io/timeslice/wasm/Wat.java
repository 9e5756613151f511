package io.timeslice.wasm;

import io.timeslice.wasm.internal.text.WatParser;

/**
 * The WebAssembly text format ({@code .wat}): text to the binary module that wabt's {@code
 * wat2wasm} makes of it. {@link Module#compile} and {@link Module#validate} accept text directly;
 * this class is for callers that keep or hash the binary, as the service does. Text is read as an
 * engine of some {@link Config} reads it, since a proposal may change what text means: with
 * memory64, {@code (memory 0x1_0000_0000)} is a module (invalid: too large), without it malformed
 * text (the number does not fit 32 bits). The methods without a config read as {@link
 * Config#defaults()} does.
 */
public final class Wat {
  private Wat() {}

  /**
   * The binary module of {@code text}: one {@code (module ...)}, or a module's fields alone.
   *
   * @throws MalformedTextException when the text is not a module, with its line and column
   */
  public static byte[] toBinary(String text) {
    return toBinary(text, Config.defaults());
  }

  /**
   * The binary module of {@code text}, read as an engine of {@code config} reads it.
   *
   * @throws MalformedTextException when the text is not a module, with its line and column
   */
  public static byte[] toBinary(String text, Config config) {
    return guarded(() -> WatParser.toBinary(text, config));
  }

  /**
   * The binary module of UTF-8 text.
   *
   * @throws MalformedTextException when the text is not UTF-8 or not a module
   */
  public static byte[] toBinary(byte[] utf8) {
    return toBinary(utf8, Config.defaults());
  }

  /**
   * The binary module of UTF-8 text, read as an engine of {@code config} reads it.
   *
   * @throws MalformedTextException when the text is not UTF-8 or not a module
   */
  public static byte[] toBinary(byte[] utf8, Config config) {
    return guarded(() -> WatParser.toBinary(utf8, config));
  }

  /**
   * Whether {@code bytes} are text rather than a binary module: their first byte after blanks opens
   * a list or a comment ({@code (} or {@code ;}); a binary module's first byte is zero.
   */
  public static boolean isText(byte[] bytes) {
    return WatParser.looksLikeText(bytes);
  }

  /**
   * {@code bytes} as a binary module: converted as an engine of {@code config} reads text when they
   * are text, else as they are.
   */
  static byte[] binary(byte[] bytes, Config config) {
    return isText(bytes) ? WatParser.toBinary(bytes, config) : bytes;
  }

  private static byte[] guarded(java.util.function.Supplier<byte[]> parse) {
    try {
      return parse.get();
    } catch (WasmException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError parserBug) {
      // As for the decoder: whatever the text, a user sees a module error, never a JVM exception.
      throw new InvalidModuleException(
          "internal text parser error: " + parserBug.getClass().getSimpleName(), 0, parserBug);
    }
  }
}
