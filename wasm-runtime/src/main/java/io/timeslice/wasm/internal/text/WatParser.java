package io.timeslice.wasm.internal.text;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.MalformedTextException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The text format's entry point: a {@code .wat} module to the binary module that wabt's {@code
 * wat2wasm} makes of it. The text is either one {@code (module ...)} or the module's fields alone.
 */
public final class WatParser {
  private WatParser() {}

  /** The binary module of {@code text}, read with the default engine's features. */
  public static byte[] toBinary(String text) {
    return toBinary(text, Config.defaults());
  }

  /**
   * The binary module of {@code text}, read as an engine of {@code features} reads it: the
   * proposals it enables decide what some text means (memory64's 64-bit limits and offsets).
   *
   * @throws MalformedTextException when the text is not a module, with the line and column
   */
  public static byte[] toBinary(String text, Config features) {
    Lexer.Read read = Lexer.read(text);
    List<Sexp> top = read.nodes();
    byte[] binary;
    if (top.size() == 1 && top.get(0).isList("module")) {
      Cursor c = new Cursor(top.get(0), 1);
      c.takeId();
      binary = read.encode(c.rest(), features);
    } else {
      for (Sexp s : top) {
        if (s.isList("module")) {
          throw TextError.at(s, "unexpected token (module: one module per text, or fields alone");
        }
      }
      binary = read.encode(top, features);
    }
    read.checkParentheses();
    return binary;
  }

  /** The binary module of UTF-8 {@code bytes} of text, read with the default engine's features. */
  public static byte[] toBinary(byte[] bytes) {
    return toBinary(decode(bytes), Config.defaults());
  }

  /** The binary module of UTF-8 {@code bytes} of text, read with {@code features}. */
  public static byte[] toBinary(byte[] bytes, Config features) {
    return toBinary(decode(bytes), features);
  }

  /**
   * Whether {@code bytes} look like text rather than a binary module: their first byte after blanks
   * opens a list or a comment. A binary module starts with a zero byte.
   */
  public static boolean looksLikeText(byte[] bytes) {
    for (byte b : bytes) {
      switch (b) {
        case ' ', '\t', '\r', '\n' -> {}
        case '(', ';' -> {
          return true;
        }
        default -> {
          return false;
        }
      }
    }
    return false;
  }

  /**
   * Decodes UTF-8 source text strictly.
   *
   * @throws MalformedTextException at the first byte that is not UTF-8
   */
  public static String decode(byte[] bytes) {
    try {
      return strictUtf8().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      int bad = firstBadByte(bytes);
      String before = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, bad)).toString();
      int line = 1;
      int column = 1;
      for (int i = 0; i < before.length(); i++) {
        if (before.charAt(i) == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      throw new MalformedTextException("malformed UTF-8 encoding", line, column);
    }
  }

  /** A UTF-8 decoder that reports what is not UTF-8 (surrogates and overlong forms included). */
  static CharsetDecoder strictUtf8() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private static int firstBadByte(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    strictUtf8().decode(in, out, true);
    return in.position();
  }
}
