package io.timeslice.wasm.internal.text;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.MalformedTextException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits text-format source into tokens and builds the S-expression tree, as the specification's
 * lexer does: a token is a maximal run of identifier characters and strings, so {@code 0$l}, {@code
 * $l"a"} and {@code "a""b"} are single reserved tokens, rejected as "unknown operator", as is a
 * keyword the text format does not have. Comments are {@code ;;} to the end of the line and nested
 * {@code (; ... ;)} blocks. The tree is built without recursion; nesting deeper than {@link
 * #MAX_DEPTH} is refused, so that no input can exhaust the parser's stack.
 */
final class Lexer {
  /** The deepest nesting of parentheses accepted. */
  static final int MAX_DEPTH = 1000;

  private final String src;
  private int maxDepth;
  private int blocks;
  private int pos;

  /** Where the last string read ended; a lone string token must end the run. */
  private int stringEnd;

  private int line = 1;
  private int lineStart;

  private Lexer(String src) {
    this.src = src;
  }

  /**
   * The top-level nodes of some text, and an error about its parentheses, if any: a stray close
   * parenthesis ends the nodes; at the end of the text every open list is closed. Parsers report
   * the parenthesis error only when the nodes parse, so that the first error in reading order is
   * the one reported, as in the specification's parser.
   */
  record Read(List<Sexp> nodes, MalformedTextException parenthesisError, boolean deep) {
    /**
     * Encodes the module of {@code fields} (of these nodes). Parsing recurses once per level of
     * nesting, folded or flat; text that nests deeper than a thread's default stack can surely take
     * (the {@code deep} flag) is parsed on a thread of its own with a stack sized for the parser's
     * limits, so that the limits, not the caller's stack, decide what is accepted. The proposals
     * {@code features} enables decide how some text reads ({@link ModuleParser}).
     */
    byte[] encode(List<Sexp> fields, Config features) {
      return deep
          ? onLargeStack(fields, features)
          : BinaryWriter.write(ModuleParser.parse(fields, features));
    }

    /** Fails with the parenthesis error, if there is one. */
    void checkParentheses() {
      if (parenthesisError != null) {
        throw parenthesisError;
      }
    }
  }

  /** Nesting up to this depth (lists, or block keywords in all) is parsed on the caller's stack. */
  private static final int SHALLOW = 64;

  /** A stack for {@link #MAX_DEPTH} levels of folded and as many of flat nesting, with room. */
  private static final long LARGE_STACK = 64L << 20;

  private static byte[] onLargeStack(List<Sexp> fields, Config features) {
    byte[][] result = new byte[1][];
    RuntimeException[] failure = new RuntimeException[1];
    Thread parser =
        new Thread(
            null,
            () -> {
              try {
                result[0] = BinaryWriter.write(ModuleParser.parse(fields, features));
              } catch (RuntimeException e) {
                failure[0] = e;
              }
            },
            "wat-parser",
            LARGE_STACK);
    parser.start();
    try {
      parser.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while parsing text", e);
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    if (result[0] == null) {
      throw new IllegalStateException("the text parser's thread ended without a result");
    }
    return result[0];
  }

  /** Reads {@code src}. */
  static Read read(String src) {
    return new Lexer(src).readAll();
  }

  private Read readAll() {
    List<List<Sexp>> stack = new ArrayList<>();
    List<Token> opens = new ArrayList<>();
    List<Sexp> top = new ArrayList<>();
    List<Sexp> current = top;
    Token t;
    while ((t = next()) != null) {
      switch (t.kind) {
        case LPAR -> {
          if (stack.size() == MAX_DEPTH) {
            throw TextError.at(t, "nesting too deep (more than " + MAX_DEPTH + " levels)");
          }
          stack.add(current);
          opens.add(t);
          maxDepth = Math.max(maxDepth, stack.size());
          current = new ArrayList<>();
        }
        case RPAR -> {
          if (stack.isEmpty()) {
            return new Read(top, TextError.at(t, "unexpected token )"), deep());
          }
          Sexp list = Sexp.list(opens.remove(opens.size() - 1), current, t);
          current = stack.remove(stack.size() - 1);
          current.add(list);
        }
        default -> {
          if (t.kind == Token.Kind.KEYWORD
              && (t.text.equals("block") || t.text.equals("loop") || t.text.equals("if"))) {
            blocks++;
          }
          current.add(Sexp.atom(t));
        }
      }
    }
    if (stack.isEmpty()) {
      return new Read(top, null, deep());
    }
    MalformedTextException unclosed =
        TextError.at(opens.get(opens.size() - 1), "unexpected end of input: unclosed (");
    Token end = new Token(Token.Kind.RPAR, null, null, line, pos - lineStart + 1, pos, pos);
    while (!stack.isEmpty()) {
      Sexp list = Sexp.list(opens.remove(opens.size() - 1), current, end);
      current = stack.remove(stack.size() - 1);
      current.add(list);
    }
    return new Read(top, unclosed, deep());
  }

  private boolean deep() {
    return maxDepth > SHALLOW || blocks > SHALLOW;
  }

  private MalformedTextException error(int at, String reason) {
    return new MalformedTextException(reason, line, at - lineStart + 1);
  }

  private void newline(int at) {
    line++;
    lineStart = at + 1;
  }

  /** The next token, or null at the end. */
  private Token next() {
    int n = src.length();
    while (pos < n) {
      char c = src.charAt(pos);
      switch (c) {
        case ' ', '\t', '\r' -> pos++;
        case '\n' -> {
          newline(pos);
          pos++;
        }
        case '(' -> {
          if (pos + 1 < n && src.charAt(pos + 1) == ';') {
            blockComment();
          } else {
            return simple(Token.Kind.LPAR, 1);
          }
        }
        case ')' -> {
          return simple(Token.Kind.RPAR, 1);
        }
        case ';' -> {
          if (pos + 1 < n && src.charAt(pos + 1) == ';') {
            while (pos < n && src.charAt(pos) != '\n') {
              pos++;
            }
          } else {
            throw error(pos, "unknown operator ;");
          }
        }
        default -> {
          if (c == '"' || isIdChar(c)) {
            return atom();
          }
          throw error(pos, "unexpected character " + printable(c));
        }
      }
    }
    return null;
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }

  private Token simple(Token.Kind kind, int length) {
    Token t = new Token(kind, null, null, line, pos - lineStart + 1, pos, pos + length);
    pos += length;
    return t;
  }

  private void blockComment() {
    int startLine = line;
    int startColumn = pos - lineStart + 1;
    int depth = 0;
    int n = src.length();
    while (pos < n) {
      char c = src.charAt(pos);
      if (c == '(' && pos + 1 < n && src.charAt(pos + 1) == ';') {
        depth++;
        pos += 2;
      } else if (c == ';' && pos + 1 < n && src.charAt(pos + 1) == ')') {
        depth--;
        pos += 2;
        if (depth == 0) {
          return;
        }
      } else {
        if (c == '\n') {
          newline(pos);
        }
        pos++;
      }
    }
    throw new MalformedTextException("unclosed comment", startLine, startColumn);
  }

  /** A maximal run of identifier characters and strings, classified. */
  private Token atom() {
    int start = pos;
    int column = pos - lineStart + 1;
    int startLine = line;
    int strings = 0;
    byte[] bytes = null;
    int n = src.length();
    while (pos < n) {
      char c = src.charAt(pos);
      if (c == '"') {
        bytes = string();
        strings++;
      } else if (isIdChar(c)) {
        pos++;
      } else {
        break;
      }
    }
    if (strings > 0) {
      // One string alone is a string token; strings run together with anything are reserved.
      if (strings == 1 && src.charAt(start) == '"' && stringEnd == pos) {
        return new Token(Token.Kind.STRING, null, bytes, startLine, column, start, pos);
      }
      throw new MalformedTextException(
          "unknown operator " + clip(src.substring(start, pos)), startLine, column);
    }
    String text = src.substring(start, pos);
    Token.Kind kind = classify(text);
    if (kind == null) {
      throw new MalformedTextException("unknown operator " + clip(text), startLine, column);
    }
    return new Token(kind, text, null, startLine, column, start, pos);
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  private static Token.Kind classify(String text) {
    char c = text.charAt(0);
    if (c == '$') {
      return text.length() > 1 ? Token.Kind.ID : null;
    }
    if (Numbers.isNumber(text)) {
      return Token.Kind.NUMBER;
    }
    if (c >= 'a' && c <= 'z' && Keywords.isKeyword(text)) {
      return Token.Kind.KEYWORD;
    }
    return null;
  }

  /** Reads a string literal at {@code pos} (its opening quote); returns its bytes. */
  private byte[] string() {
    int startColumn = pos - lineStart + 1;
    pos++;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int n = src.length();
    while (true) {
      if (pos >= n) {
        throw new MalformedTextException("unclosed string literal", line, startColumn);
      }
      char c = src.charAt(pos);
      if (c == '"') {
        pos++;
        stringEnd = pos;
        return out.toByteArray();
      }
      if (c == '\n') {
        throw error(pos, "unclosed string literal");
      }
      if (c < 0x20 || c == 0x7f) {
        throw error(pos, "illegal control character in string literal");
      }
      if (c != '\\') {
        int cp = src.codePointAt(pos);
        int len = Character.charCount(cp);
        out.writeBytes(src.substring(pos, pos + len).getBytes(StandardCharsets.UTF_8));
        pos += len;
        continue;
      }
      int escape = pos;
      pos++;
      char e = pos < n ? src.charAt(pos) : 0;
      switch (e) {
        case 'n' -> out.write('\n');
        case 't' -> out.write('\t');
        case 'r' -> out.write('\r');
        case '"' -> out.write('"');
        case '\'' -> out.write('\'');
        case '\\' -> out.write('\\');
        case 'u' -> {
          pos++;
          out.writeBytes(unicodeEscape(escape));
          continue;
        }
        default -> {
          int hi = hex(e);
          int lo = pos + 1 < n ? hex(src.charAt(pos + 1)) : -1;
          if (hi < 0 || lo < 0) {
            throw error(escape, "illegal escape");
          }
          out.write(hi << 4 | lo);
          pos++;
        }
      }
      pos++;
    }
  }

  /** {@code \\u{hex}}, with {@code pos} after the {@code u}. */
  private byte[] unicodeEscape(int escape) {
    int n = src.length();
    if (pos >= n || src.charAt(pos) != '{') {
      throw error(escape, "illegal escape");
    }
    pos++;
    long cp = 0;
    int digits = 0;
    boolean separator = false;
    while (pos < n && src.charAt(pos) != '}') {
      char c = src.charAt(pos);
      if (c == '_' && digits > 0 && !separator) {
        separator = true;
        pos++;
        continue;
      }
      int h = hex(c);
      if (h < 0) {
        throw error(escape, "illegal escape");
      }
      cp = Math.min(cp * 16 + h, 0x110000);
      digits++;
      separator = false;
      pos++;
    }
    if (pos >= n || digits == 0 || separator) {
      throw error(escape, "illegal escape");
    }
    pos++;
    if (cp >= 0x110000 || (cp >= 0xd800 && cp < 0xe000)) {
      throw error(escape, "illegal escape");
    }
    return new String(Character.toChars((int) cp)).getBytes(StandardCharsets.UTF_8);
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** The text format's idchar: printable ASCII but space, quote, comma, semicolon, brackets. */
  static boolean isIdChar(char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      return true;
    }
    return switch (c) {
      case '!',
          '#',
          '$',
          '%',
          '&',
          '\'',
          '*',
          '+',
          '-',
          '.',
          '/',
          ':',
          '<',
          '=',
          '>',
          '?',
          '@',
          '\\',
          '^',
          '_',
          '`',
          '|',
          '~' ->
          true;
      default -> false;
    };
  }
}
