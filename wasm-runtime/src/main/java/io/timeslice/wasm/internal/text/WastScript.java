package io.timeslice.wasm.internal.text;

import io.timeslice.wasm.Config;
import io.timeslice.wasm.MalformedTextException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code .wast} script as the command list {@code wast2json} makes of it: the same command maps
 * (type, line, action, args, expected, text, filename...), with the same value encodings, so that
 * the spec harness runs a script exactly as it runs the converted JSON. Two commands are
 * Timeslice's own, for its regression scripts: {@code (assert_fuel ACTION N)} and {@code
 * (assert_suspends ACTION (grant G) (consumed C) (required R) result*)}. Modules are kept here by
 * file name, as wast2json writes them: a quoted module inside an assertion as text ({@code .wat}),
 * every other module as a binary ({@code .wasm}), made from its text only when it is loaded, so
 * that a module the parser rejects fails its own command, read with the features of the engine the
 * script is for.
 */
public final class WastScript {
  /** A module of the script: its binary, or the text it is made from. */
  public interface ModuleSource {
    /**
     * The module's bytes: a binary, or for a {@code .wat} name, text.
     *
     * @throws MalformedTextException when a text module does not parse
     */
    byte[] bytes();
  }

  private final List<Map<String, Object>> commands = new ArrayList<>();
  private final Map<String, ModuleSource> modules = new HashMap<>();
  private final String name;
  private final Config features;
  private Lexer.Read read;

  private WastScript(String name, Config features) {
    this.name = name;
    this.features = features;
  }

  /** The commands, in order, as wast2json's JSON has them. */
  public List<Map<String, Object>> commands() {
    return commands;
  }

  /** The module a command's {@code filename} names. */
  public ModuleSource module(String filename) {
    return modules.get(filename);
  }

  /**
   * Parses a script; {@code name} (the file's name without extension) names its modules, which are
   * read with the default engine's features.
   *
   * @throws MalformedTextException when the script's syntax is wrong (a module's own syntax fails
   *     only the command that uses it)
   */
  public static WastScript parse(String name, String text) {
    return parse(name, text, Config.defaults());
  }

  /**
   * Parses a script whose text modules are converted as an engine of {@code features} reads them.
   *
   * @throws MalformedTextException when the script's syntax is wrong
   */
  public static WastScript parse(String name, String text, Config features) {
    WastScript script = new WastScript(name, features);
    Lexer.Read read = Lexer.read(text);
    script.read = read;
    List<Sexp> top = read.nodes();
    if (!top.isEmpty() && top.stream().noneMatch(WastScript::isCommand)) {
      // A bare module's fields, as in a .wat file.
      script.commands.add(script.moduleCommand(line(top.get(0)), null, script.textModule(top)));
    } else {
      for (Sexp s : top) {
        script.command(s);
      }
    }
    read.checkParentheses();
    return script;
  }

  private static boolean isCommand(Sexp s) {
    String head = s.head();
    return head != null
        && (head.equals("module")
            || head.equals("register")
            || head.equals("invoke")
            || head.equals("get")
            || head.startsWith("assert_"));
  }

  private void command(Sexp s) {
    String head = s.head();
    if (head == null) {
      throw TextError.unexpected(s);
    }
    Cursor c = new Cursor(s, 1);
    Map<String, Object> cmd = new LinkedHashMap<>();
    // wast2json's line: the keyword's, or for an assertion its action's or module's.
    long line = head.startsWith("assert_") && c.peek() != null ? line(c.peek()) : line(s);
    switch (head) {
      case "module" -> {
        Token id = c.takeId();
        commands.add(moduleCommand(line, id, module(s, false)));
        return;
      }
      case "register" -> {
        cmd.put("type", "register");
        cmd.put("line", line);
        String as = string(c.expect(Token.Kind.STRING, "a name"));
        Token id = c.takeId();
        c.expectEnd();
        if (id != null) {
          cmd.put("name", id.text);
        }
        cmd.put("as", as);
      }
      case "invoke", "get" -> {
        cmd.put("type", "action");
        cmd.put("line", line);
        cmd.put("action", action(s));
        cmd.put("expected", List.of());
      }
      case "assert_return" -> {
        cmd.put("type", "assert_return");
        cmd.put("line", line);
        cmd.put("action", action(c.expectList("an action")));
        List<Object> expected = new ArrayList<>();
        List<Object> either = null;
        while (!c.atEnd()) {
          Sexp r = c.expectList("a result");
          if (r.isList("either")) {
            either = new ArrayList<>();
            Cursor ec = new Cursor(r, 1);
            while (!ec.atEnd()) {
              either.add(Values.value(ec.expectList("a result"), true));
            }
          } else {
            expected.add(Values.value(r, true));
          }
        }
        if (either != null) {
          cmd.put("either", either);
        } else {
          cmd.put("expected", expected);
        }
      }
      case "assert_trap" -> {
        Sexp what = c.expectList("an action or a module");
        cmd.put("line", line);
        if (what.isList("module")) {
          cmd.put("type", "assert_uninstantiable");
          moduleFile(cmd, module(what, true));
        } else {
          cmd.put("type", "assert_trap");
          cmd.put("action", action(what));
        }
        cmd.put("text", string(c.expect(Token.Kind.STRING, "a message")));
        c.expectEnd();
        if (cmd.get("type").equals("assert_trap")) {
          cmd.put("expected", List.of());
        }
      }
      case "assert_fuel" -> {
        // Timeslice's: (assert_fuel ACTION N), the action consumes exactly N fuel.
        cmd.put("type", "assert_fuel");
        cmd.put("line", line);
        cmd.put("action", action(c.expectList("an action")));
        cmd.put("fuel", InstructionParser.nat64(c.expect(Token.Kind.NUMBER, "an amount of fuel")));
        c.expectEnd();
      }
      case "assert_suspends" -> {
        // Timeslice's: (assert_suspends ACTION (grant G) (consumed C) (required R) result*), with
        // G fuel the call suspends having consumed C and needing R to go on, then finishes.
        cmd.put("type", "assert_suspends");
        cmd.put("line", line);
        cmd.put("action", action(c.expectList("an action")));
        for (String field : List.of("grant", "consumed", "required")) {
          Sexp amount = c.expectList("(" + field + " N)");
          if (!amount.isList(field)) {
            throw TextError.unexpected(amount);
          }
          Cursor ac = new Cursor(amount, 1);
          cmd.put(
              field, InstructionParser.nat64(ac.expect(Token.Kind.NUMBER, "an amount of fuel")));
          ac.expectEnd();
        }
        List<Object> expected = new ArrayList<>();
        while (!c.atEnd()) {
          expected.add(Values.value(c.expectList("a result"), true));
        }
        cmd.put("expected", expected);
      }
      case "assert_exhaustion" -> {
        cmd.put("type", "assert_exhaustion");
        cmd.put("line", line);
        cmd.put("action", action(c.expectList("an action")));
        cmd.put("text", string(c.expect(Token.Kind.STRING, "a message")));
        c.expectEnd();
        cmd.put("expected", List.of());
      }
      case "assert_exception" -> {
        // Exception handling's: the action throws an exception that nothing catches.
        cmd.put("type", "assert_exception");
        cmd.put("line", line);
        cmd.put("action", action(c.expectList("an action")));
        c.expectEnd();
        cmd.put("expected", List.of());
      }
      case "assert_malformed", "assert_invalid", "assert_unlinkable", "assert_uninstantiable" -> {
        cmd.put("type", head);
        cmd.put("line", line);
        Sexp module = c.expectList("a module");
        if (!module.isList("module")) {
          throw TextError.unexpected(module);
        }
        ModuleFile file = module(module, true);
        moduleFile(cmd, file);
        cmd.put("text", string(c.expect(Token.Kind.STRING, "a message")));
        c.expectEnd();
        cmd.put("module_type", file.text ? "text" : "binary");
      }
      default -> throw TextError.at(s, "unexpected token (" + head + ": not a script command");
    }
    commands.add(cmd);
  }

  /** A module kept under a file name; {@code text} when the file holds text. */
  private record ModuleFile(ModuleSource source, boolean text) {}

  /** The line of a list's first item (its keyword), else of the node. */
  private static long line(Sexp s) {
    return s.isList() && !s.items.isEmpty() ? s.items.get(0).line : s.line;
  }

  private Map<String, Object> moduleCommand(long line, Token id, ModuleFile file) {
    Map<String, Object> cmd = new LinkedHashMap<>();
    cmd.put("type", "module");
    cmd.put("line", line);
    if (id != null) {
      cmd.put("name", id.text);
    }
    moduleFile(cmd, file);
    return cmd;
  }

  private void moduleFile(Map<String, Object> cmd, ModuleFile file) {
    String filename = name + "." + modules.size() + (file.text ? ".wat" : ".wasm");
    modules.put(filename, file.source);
    cmd.put("filename", filename);
  }

  /**
   * A {@code (module ...)}: binary, quoted or text. A quoted module stays text inside an assertion
   * ({@code asserted}), as wast2json keeps it; anywhere else it is converted like the rest.
   */
  private ModuleFile module(Sexp s, boolean asserted) {
    Cursor c = new Cursor(s, 1);
    c.takeId();
    if (c.takeKeyword("binary")) {
      byte[] bytes = strings(c);
      return new ModuleFile(() -> bytes.clone(), false);
    }
    if (c.takeKeyword("quote")) {
      byte[] text = strings(c);
      if (asserted) {
        return new ModuleFile(() -> text.clone(), true);
      }
      return new ModuleFile(() -> WatParser.toBinary(text, features), false);
    }
    return textModule(c.rest());
  }

  private ModuleFile textModule(List<Sexp> fields) {
    return new ModuleFile(() -> read.encode(fields, features), false);
  }

  private static byte[] strings(Cursor c) {
    ByteSink out = new ByteSink();
    while (!c.atEnd()) {
      out.bytes(c.expect(Token.Kind.STRING, "a string").bytes);
    }
    return out.toByteArray();
  }

  private static String string(Token t) {
    return new String(t.bytes, StandardCharsets.UTF_8);
  }

  /** {@code (invoke $M? "name" const*)} or {@code (get $M? "name")}. */
  private static Map<String, Object> action(Sexp s) {
    String head = s.head();
    if (head == null || !(head.equals("invoke") || head.equals("get"))) {
      throw TextError.unexpected(s);
    }
    Cursor c = new Cursor(s, 1);
    Map<String, Object> action = new LinkedHashMap<>();
    action.put("type", head);
    Token id = c.takeId();
    if (id != null) {
      action.put("module", id.text);
    }
    action.put("field", string(c.expect(Token.Kind.STRING, "an export name")));
    if (head.equals("invoke")) {
      List<Object> args = new ArrayList<>();
      while (!c.atEnd()) {
        args.add(Values.value(c.expectList("an argument"), false));
      }
      action.put("args", args);
    }
    c.expectEnd();
    return action;
  }
}
