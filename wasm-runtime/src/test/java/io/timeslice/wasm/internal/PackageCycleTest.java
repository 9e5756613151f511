package io.timeslice.wasm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages under {@code io.timeslice.wasm.internal} depend on each other without a cycle, so
 * that each can be read, tested and replaced from the bottom up ({@code binary} and {@code ir}
 * first, {@code instance} last). Read from the compiled classes (generated sources included): every
 * name in a class's constant pool — class references, descriptors and generic signatures — that
 * lies in another internal package is a dependency on it.
 */
class PackageCycleTest {
  private static final Path CLASSES = Path.of("target", "classes");
  private static final String ROOT = "io/timeslice/wasm/internal/";
  private static final Pattern INTERNAL = Pattern.compile(Pattern.quote(ROOT) + "([a-z0-9_]+)/");

  @Test
  void internalPackagesFormNoCycle() throws IOException {
    Map<String, Set<String>> uses = dependencies();
    assertThat(uses).as("internal packages found in %s", CLASSES).containsKeys("exec", "translate");
    assertThat(cycles(uses)).as("package cycles among %s", uses).isEmpty();
  }

  @Test
  void aCycleIsFound() {
    Map<String, Set<String>> uses = new TreeMap<>();
    uses.put("a", Set.of("b"));
    uses.put("b", Set.of("c"));
    uses.put("c", Set.of("a"));
    uses.put("d", Set.of("a"));
    assertThat(cycles(uses)).containsExactly(List.of("a", "b", "c"));
  }

  /** For each internal package, the other internal packages its classes name. */
  private static Map<String, Set<String>> dependencies() throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    Path root = CLASSES.resolve(ROOT);
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String from = root.relativize(file).getName(0).toString();
        Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
        for (PoolEntry entry : ClassFile.of().parse(file).constantPool()) {
          if (entry instanceof Utf8Entry utf8) {
            Matcher m = INTERNAL.matcher(utf8.stringValue());
            while (m.find()) {
              if (!m.group(1).equals(from)) {
                to.add(m.group(1));
              }
            }
          }
        }
      }
    }
    return uses;
  }

  /** The strongly connected components of more than one package (Tarjan), each sorted. */
  static List<List<String>> cycles(Map<String, Set<String>> uses) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    List<List<String>> cycles = new ArrayList<>();
    for (String p : uses.keySet()) {
      if (!index.containsKey(p)) {
        connect(p, uses, index, low, stack, cycles);
      }
    }
    return cycles;
  }

  private static void connect(
      String p,
      Map<String, Set<String>> uses,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      List<List<String>> cycles) {
    index.put(p, index.size());
    low.put(p, index.get(p));
    stack.push(p);
    for (String q : uses.getOrDefault(p, Set.of())) {
      if (!index.containsKey(q)) {
        connect(q, uses, index, low, stack, cycles);
        low.put(p, Math.min(low.get(p), low.get(q)));
      } else if (stack.contains(q)) {
        low.put(p, Math.min(low.get(p), index.get(q)));
      }
    }
    if (low.get(p).equals(index.get(p))) {
      Set<String> component = new TreeSet<>();
      String q;
      do {
        q = stack.pop();
        component.add(q);
      } while (!q.equals(p));
      if (component.size() > 1) {
        cycles.add(List.copyOf(component));
      }
    }
  }
}
